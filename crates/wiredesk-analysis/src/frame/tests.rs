//! Frame tests: kinds, and slot extraction on the scenario sentences (inlined) with hand-made
//! entity mentions, plus other wordings of the same facts.

use chrono::NaiveDate;
use wiredesk_model::{EntityKind, EntityMention, TimeMention};

use super::*;

use EntityKind::{Country, Organization, Outlet, Person, Place, Role};

/// Entities for `sentence`: each `(text, kind, canonical)` at the first occurrence of `text`
/// not yet used.
fn entities(sentence: &str, specs: &[(&str, EntityKind, &str)]) -> Vec<EntityMention> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    specs
        .iter()
        .map(|(text, kind, canonical)| {
            let start = sentence
                .match_indices(text)
                .map(|(idx, _)| idx)
                .find(|idx| !taken.iter().any(|(s, e)| idx >= s && idx < e))
                .unwrap_or_else(|| panic!("{text:?} not in {sentence:?}"));
            taken.push((start, start + text.len()));
            EntityMention {
                text: text.to_string(),
                kind: *kind,
                canonical: canonical.to_string(),
                wikipedia: None,
                start,
                end: start + text.len(),
            }
        })
        .collect()
}

fn time(sentence: &str, text: &str, date: (i32, u32, u32)) -> TimeMention {
    let start = sentence.find(text).expect("time text in sentence");
    TimeMention {
        text: text.to_string(),
        start,
        end: start + text.len(),
        date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("valid date"),
        until: None,
    }
}

/// `slot=value` (or `slot=!value` for a denial) for every fill, sorted.
#[track_caller]
fn check(
    kind: &str,
    sentence: &str,
    specs: &[(&str, EntityKind, &str)],
    times: &[TimeMention],
    expected: &[&str],
) {
    let mentions = entities(sentence, specs);
    let facts = SentenceFacts {
        sentence,
        entities: &mentions,
        times,
    };
    let mut got: Vec<String> = extract(kind, &facts)
        .into_iter()
        .map(|fill| {
            let bang = if fill.denied { "!" } else { "" };
            format!("{}={bang}{}", fill.slot, fill.value)
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "sentence: {sentence}");
}

// --- talks -------------------------------------------------------------------------------------

#[test]
fn talks_relay_sentence_gives_location_parties_format_but_no_agenda() {
    let s = "⚡️ Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, according to a diplomatic source cited by AFP.";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Istanbul", Place, "Istanbul"),
            ("Black Sea", Place, "Black Sea"),
            ("AFP", Outlet, "AFP"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_mediators_are_not_parties() {
    let s = "Turkey and the United Nations are mediating; the two delegations do not meet face to face.";
    check(
        "talks",
        s,
        &[
            ("Turkey", Country, "Turkey"),
            ("United Nations", Organization, "United Nations"),
        ],
        &[],
        &[
            "format=indirect",
            "mediators=Turkey",
            "mediators=United Nations",
        ],
    );
    let s = "Turkey and the UN are acting as mediators.";
    check(
        "talks",
        s,
        &[
            ("Turkey", Country, "Turkey"),
            ("UN", Organization, "United Nations"),
        ],
        &[],
        &["mediators=Turkey", "mediators=United Nations"],
    );
}

#[test]
fn talks_dateline_and_between() {
    let s = "🇷🇺 🇺🇦 Istanbul: indirect technical talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea are under way, per AFP, citing a diplomatic source.";
    check(
        "talks",
        s,
        &[
            ("Istanbul", Place, "Istanbul"),
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Black Sea", Place, "Black Sea"),
            ("AFP", Outlet, "AFP"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_wire_article_with_demonyms_mediators_and_date() {
    let s = "Russian and Ukrainian officials are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, with Turkey and the United Nations acting as mediators, a diplomatic source told AFP on Wednesday.";
    check(
        "talks",
        s,
        &[
            ("Russian", Country, "Russia"),
            ("Ukrainian", Country, "Ukraine"),
            ("Istanbul", Place, "Istanbul"),
            ("Black Sea", Place, "Black Sea"),
            ("Turkey", Country, "Turkey"),
            ("United Nations", Organization, "United Nations"),
            ("AFP", Outlet, "AFP"),
        ],
        &[time(s, "on Wednesday", (2026, 7, 1))],
        &[
            "date=2026-07-01",
            "format=indirect",
            "location=Istanbul",
            "mediators=Turkey",
            "mediators=United Nations",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_agenda_items_without_the_attribution() {
    let s = "The agenda covers safe-passage corridors and inspection procedures, the source said.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "agenda=inspection procedures",
            "agenda=safe-passage corridors",
        ],
    );
    let s = "The sides will discuss prisoner exchanges, grain exports and the Zaporizhzhia plant.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "agenda=Zaporizhzhia plant",
            "agenda=grain exports",
            "agenda=prisoner exchanges",
        ],
    );
    // "Talks on X" names the subject, not an agenda.
    let s = "Russia and Ukraine hold indirect talks on Black Sea shipping in Istanbul";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Black Sea", Place, "Black Sea"),
            ("Istanbul", Place, "Istanbul"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_delegations_including_the_elliptic_second_side() {
    let s = "Ukraine is represented by its deputy infrastructure minister, Russia by a foreign ministry envoy, the source said.";
    check(
        "talks",
        s,
        &[
            ("Ukraine", Country, "Ukraine"),
            ("Russia", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=deputy infrastructure minister",
            "delegation=foreign ministry envoy",
        ],
    );
    let s = "Kyiv is represented by Ukraine's deputy infrastructure minister, Moscow by a Russian foreign ministry envoy.";
    check(
        "talks",
        s,
        &[
            ("Kyiv", Place, "Kyiv"),
            ("Ukraine", Country, "Ukraine"),
            ("Moscow", Place, "Moscow"),
            ("Russian", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=Russian foreign ministry envoy",
            "delegation=Ukraine's deputy infrastructure minister",
        ],
    );
    let s = "Ukraine's delegation is led by its deputy infrastructure minister and Russia's by a foreign ministry envoy.";
    check(
        "talks",
        s,
        &[
            ("Ukraine", Country, "Ukraine"),
            ("Russia", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=deputy infrastructure minister",
            "delegation=foreign ministry envoy",
        ],
    );
}

#[test]
fn talks_other_wordings() {
    let s =
        "Talks between Armenia and Azerbaijan, brokered by Qatar, ended without agreement in Doha.";
    check(
        "talks",
        s,
        &[
            ("Armenia", Country, "Armenia"),
            ("Azerbaijan", Country, "Azerbaijan"),
            ("Qatar", Country, "Qatar"),
            ("Doha", Place, "Doha"),
        ],
        &[],
        &[
            "location=Doha",
            "mediators=Qatar",
            "outcome=ended without agreement",
            "parties=Armenia",
            "parties=Azerbaijan",
        ],
    );
    let s = "The two foreign ministers held face-to-face talks and signed a joint statement.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "documents=joint statement",
            "format=direct",
            "outcome=agreement reached",
        ],
    );
    let s = "No document was signed, a diplomat said.";
    check("talks", s, &[], &[], &["documents=!document"]);
    let s = "Россия и Украина проводят непрямые переговоры в Стамбуле при посредничестве Турции.";
    check(
        "talks",
        s,
        &[
            ("Россия", Country, "Russia"),
            ("Украина", Country, "Ukraine"),
            ("Стамбуле", Place, "Istanbul"),
            ("Турции", Country, "Turkey"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "mediators=Turkey",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
    let s = "Russia and Ukraine are holding talks hosted by Turkey.";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Turkey", Country, "Turkey"),
        ],
        &[],
        &["mediators=Turkey", "parties=Russia", "parties=Ukraine"],
    );
    let s = "Putin and Erdogan met in Sochi.";
    check(
        "talks",
        s,
        &[
            ("Putin", Person, "Vladimir Putin"),
            ("Erdogan", Person, "Recep Tayyip Erdoğan"),
            ("Sochi", Place, "Sochi"),
        ],
        &[],
        &[
            "principals=Recep Tayyip Erdoğan",
            "principals=Vladimir Putin",
        ],
    );
}

// --- strike ------------------------------------------------------------------------------------

#[test]
fn strike_primary_post_sentences() {
    let s = "‼️ Overnight, Russian forces attacked Izmail with Shahed attack drones.";
    check(
        "strike",
        s,
        &[("Russian", Country, "Russia"), ("Izmail", Place, "Izmail")],
        &[],
        &["attacker=Russia", "location=Izmail", "weapon=Shahed"],
    );
    let s = "A grain terminal in Izmail port was hit.";
    check(
        "strike",
        s,
        &[("Izmail", Place, "Izmail")],
        &[],
        &["location=Izmail", "target=grain terminal"],
    );
    let s = "As of 08:00, 12 people have been killed and 30 injured.";
    check("strike", s, &[], &[], &["injured=30", "killed=12"]);
}

#[test]
fn strike_relay_with_qualified_count() {
    let s = "❗️ Izmail: at least 12 people killed and 30 injured after an overnight Shahed drone attack on the port, according to the regional governor, who heads the regional administration.";
    check(
        "strike",
        s,
        &[
            ("Izmail", Place, "Izmail"),
            ("regional governor", Role, "regional governor"),
        ],
        &[],
        &[
            "injured=30",
            "killed=at least 12",
            "location=Izmail",
            "target=port",
            "weapon=Shahed",
        ],
    );
}

#[test]
fn strike_conflicting_report_with_denial() {
    let s = "Izmail: local media report 7 dead after the night strike on the port.";
    check(
        "strike",
        s,
        &[("Izmail", Place, "Izmail")],
        &[],
        &["killed=7", "location=Izmail", "target=port"],
    );
    let s = "According to the same reports, the hit was on a military target, a fuel depot used by the Ukrainian armed forces, not on a grain terminal.";
    check(
        "strike",
        s,
        &[(
            "Ukrainian armed forces",
            Organization,
            "Armed Forces of Ukraine",
        )],
        &[],
        &[
            "target=!grain terminal",
            "target=fuel depot",
            "target=military target",
        ],
    );
}

#[test]
fn strike_other_wordings_and_languages() {
    let s =
        "Twelve people were killed when a Russian missile strike hit an apartment block in Dnipro.";
    check(
        "strike",
        s,
        &[("Russian", Country, "Russia"), ("Dnipro", Place, "Dnipro")],
        &[],
        &[
            "attacker=Russia",
            "killed=Twelve",
            "location=Dnipro",
            "target=apartment block",
            "weapon=missile",
        ],
    );
    let s = "В Измаиле погибли 12 человек, ранены 30.";
    check(
        "strike",
        s,
        &[("Измаиле", Place, "Izmail")],
        &[],
        &["injured=30", "killed=12", "location=Izmail"],
    );
    let s = "The governor said there were no casualties and denied that an energy facility was damaged.";
    check(
        "strike",
        s,
        &[],
        &[],
        &["injured=0", "killed=0", "target=!energy facility"],
    );
    let s =
        "Russia launched 58 drones and 2 ballistic missiles overnight; 41 drones were shot down.";
    check(
        "strike",
        s,
        &[("Russia", Country, "Russia")],
        &[],
        &[
            "attacker=Russia",
            "weapon=ballistic missile",
            "weapon=drone",
        ],
    );
    let s = "The Islamic State group claimed responsibility for the attack.";
    check(
        "strike",
        s,
        &[("Islamic State", Organization, "Islamic State")],
        &[],
        &["claimed_by=Islamic State"],
    );
    // A unit that uses the depot is not the attacker.
    let s = "The depot was used by the Ukrainian armed forces.";
    check("strike", s, &[("Ukrainian", Country, "Ukraine")], &[], &[]);
}

// --- statement, ceasefire, others --------------------------------------------------------------

#[test]
fn statement_speaker_position_subject() {
    let s = "Turkey's foreign minister condemned the attack on the port, the ministry said.";
    check(
        "statement",
        s,
        &[(
            "Turkey's foreign minister",
            Role,
            "Turkey's foreign minister",
        )],
        &[],
        &[
            "position=condemns",
            "speaker=Turkey's foreign minister",
            "subject=attack",
        ],
    );
}

#[test]
fn ceasefire_parties_mediators_terms_violations() {
    let s = "Israel and Hamas agreed a ceasefire mediated by Egypt and Qatar.";
    check(
        "ceasefire",
        s,
        &[
            ("Israel", Country, "Israel"),
            ("Hamas", Organization, "Hamas"),
            ("Egypt", Country, "Egypt"),
            ("Qatar", Country, "Qatar"),
        ],
        &[],
        &[
            "mediators=Egypt",
            "mediators=Qatar",
            "parties=Hamas",
            "parties=Israel",
        ],
    );
    let s = "The terms include a prisoner exchange and the withdrawal of troops, officials said.";
    check(
        "ceasefire",
        s,
        &[],
        &[],
        &["terms=prisoner exchange", "terms=withdrawal of troops"],
    );
    let s = "Armenia accused Azerbaijan of violating the truce.";
    check(
        "ceasefire",
        s,
        &[
            ("Armenia", Country, "Armenia"),
            ("Azerbaijan", Country, "Azerbaijan"),
        ],
        &[],
        &[
            "parties=Armenia",
            "parties=Azerbaijan",
            "violations=Azerbaijan",
        ],
    );
    let s = "The truce takes effect on Friday.";
    check(
        "ceasefire",
        s,
        &[],
        &[time(s, "on Friday", (2026, 7, 3))],
        &["start=2026-07-03"],
    );
}

#[test]
fn other_kinds() {
    let s = "M5.1 earthquake in Malatya province, eastern Türkiye, at 00:41 local time, AFAD says. No casualties reported so far.";
    check(
        "disaster",
        s,
        &[
            ("Malatya", Place, "Malatya"),
            ("Türkiye", Country, "Turkey"),
            ("AFAD", Organization, "AFAD"),
        ],
        &[],
        &[
            "hazard=earthquake",
            "injured=0",
            "killed=0",
            "location=Malatya",
            "magnitude=5.1",
        ],
    );
    let s = "Police detained 40 people as thousands of protesters rallied in Tbilisi.";
    check(
        "protest",
        s,
        &[("Tbilisi", Place, "Tbilisi")],
        &[],
        &["arrested=40", "location=Tbilisi", "size=thousands"],
    );
    let s =
        "The EU imposed sanctions on Belarus over the migrant crisis, including an asset freeze.";
    check(
        "sanctions",
        s,
        &[
            ("EU", Organization, "European Union"),
            ("Belarus", Country, "Belarus"),
        ],
        &[],
        &[
            "imposed_by=European Union",
            "measures=asset freeze",
            "reason=migrant crisis",
            "targets=Belarus",
        ],
    );
}

// --- classify ----------------------------------------------------------------------------------

const ISTANBUL_POSTS: &[&str] = &[
    "⚡️ Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, according to a diplomatic source cited by AFP. Turkey and the United Nations are mediating; the two delegations do not meet face to face. Ukraine is represented by its deputy infrastructure minister, Russia by a foreign ministry envoy, the source said. #Ukraine #Russia #Turkey #BlackSea",
    "🇷🇺 🇺🇦 Istanbul: indirect technical talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea are under way, per AFP, citing a diplomatic source. Turkey and the UN are acting as mediators. Kyiv is represented by Ukraine's deputy infrastructure minister, Moscow by a Russian foreign ministry envoy. #Istanbul #BlackSea",
];

const PORT_POSTS: &[&str] = &[
    "‼️ Overnight, Russian forces attacked Izmail with Shahed attack drones. A grain terminal in Izmail port was hit. The fire has been contained. As of 08:00, 12 people have been killed and 30 injured. Rescue work at the site continues. July 2 has been declared a day of mourning in Izmail district.",
    "❗️ Izmail: at least 12 people killed and 30 injured after an overnight Shahed drone attack on the port, according to the regional governor, who heads the regional administration. A grain terminal was hit. #Izmail #Odesa",
    "Izmail: local media report 7 dead after the night strike on the port. According to the same reports, the hit was on a military target, a fuel depot used by the Ukrainian armed forces, not on a grain terminal. #Izmail",
];

#[test]
fn classify_scenario_stories() {
    assert_eq!(classify(ISTANBUL_POSTS), "talks");
    assert_eq!(classify(&ISTANBUL_POSTS[..1]), "talks");
    assert_eq!(
        classify(&["Russia and Ukraine hold indirect talks on Black Sea shipping in Istanbul"]),
        "talks"
    );
    assert_eq!(classify(PORT_POSTS), "strike");
    for post in PORT_POSTS {
        assert_eq!(classify(&[post]), "strike", "{post}");
    }
    assert_eq!(
        classify(&["Россия и Украина проводят переговоры в Стамбуле."]),
        "talks"
    );
    assert_eq!(
        classify(&["Вночі російські дрони атакували Ізмаїл, загинули 12 людей."]),
        "strike"
    );
}

#[test]
fn classify_near_misses() {
    let airport = "✈️ Istanbul Airport: more than 60 departures delayed and 11 cancelled this morning as thunderstorms hit the city, the airport operator says. Passengers should check their flight status before travelling. #Istanbul";
    assert_ne!(classify(&[airport]), "talks");
    assert_ne!(classify(&[airport]), "strike");
    let exchange = "🇺🇦 🇷🇺 Ukraine's coordination headquarters has published the list of 84 servicemen who came home in Monday's prisoner exchange with Russia. The exchange was mediated by the United Arab Emirates. #Ukraine #Russia #POW";
    assert_ne!(classify(&[exchange]), "talks");
    let labour = "🇫🇷 France: air traffic controllers' unions have called a strike for 3–4 July; the DGAC has asked airlines to cut flights at Paris and Marseille airports.";
    assert_eq!(classify(&[labour]), "protest");
    let quake = "⚡ M5.1 earthquake in Malatya province, eastern Türkiye, at 00:41 local time, AFAD says. No casualties reported so far; schools will open as normal tomorrow.";
    assert_eq!(classify(&[quake]), "disaster");
    let heat = "🌡 Romania: the national weather agency ANM has issued a red heat warning for Bucharest and 11 counties from Thursday noon until Saturday evening, with highs of 40–42°C expected.";
    assert_eq!(classify(&[heat]), "other");
    assert_eq!(classify(&[]), "other");
}

#[test]
fn every_kind_has_a_frame_with_a_location_or_party_slot() {
    for kind in KINDS {
        let slots = slots_of(kind);
        assert!(!slots.is_empty(), "{kind}");
        assert!(!mentions_kind(kind, "nothing here"));
    }
    assert_eq!(slots_of("talks").len(), 10);
    assert_eq!(slots_of("strike").len(), 8);
    assert!(is_set_slot("talks", "mediators"));
    assert!(!is_set_slot("strike", "target"));
}
