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
fn r8_talks_delegation_members_on_no_list() {
    let s = "The Kyrgyz side includes Aibek Tursunov and Nurlan Saparov, and the Tajik side includes Farrukh Qodirov.";
    check(
        "talks",
        s,
        &[
            ("Kyrgyz", Country, "Kyrgyzstan"),
            ("Aibek Tursunov", Person, "Aibek Tursunov"),
            ("Nurlan Saparov", Person, "Nurlan Saparov"),
            ("Tajik", Country, "Tajikistan"),
            ("Farrukh Qodirov", Person, "Farrukh Qodirov"),
        ],
        &[],
        &[
            "delegation=Aibek Tursunov",
            "delegation=Farrukh Qodirov",
            "delegation=Nurlan Saparov",
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

// --- kinds as a type ---------------------------------------------------------------------------

#[test]
fn kinds_round_trip_and_core_slots_follow_the_frame_table() {
    assert_eq!(Kind::ALL.len(), KINDS.len());
    for kind in Kind::ALL {
        assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        assert!(KINDS.contains(&kind.as_str()));
        assert!(
            kind.slots().contains(&kind.core_slot()),
            "{kind}: core slot {} not among its slots",
            kind.core_slot()
        );
    }
    assert!("skirmish".parse::<Kind>().is_err());
    let table = [
        ("talks", "format"),
        ("strike", "target"),
        ("statement", "position"),
        ("ceasefire", "terms"),
        ("protest", "size"),
        ("sanctions", "measures"),
        ("arrest", "person"),
        ("election", "winner"),
        ("disaster", "hazard"),
        ("other", "what"),
    ];
    for (kind, core) in table {
        assert_eq!(core_slot(kind), core, "{kind}");
    }
    assert_eq!(slots_of("other"), ["what", "who", "location", "date"]);
    assert_eq!(slots_of("no such kind"), slots_of("other"));
    assert_eq!(core_slot("no such kind"), "what");
    assert_eq!(
        slots_of("disaster"),
        [
            "hazard",
            "location",
            "date",
            "magnitude",
            "killed",
            "injured",
            "displaced"
        ]
    );
}

#[test]
fn lexicon_files_read_cleanly_and_hold_every_section_the_code_asks_for() {
    assert_eq!(lexicon::problems(), &[] as &[lexicon::LexiconProblem]);
    for kind in Kind::ALL {
        let trigger = format!("{}.trigger", kind.as_str());
        assert!(lexicon::has_section(&trigger), "{trigger}");
    }
    for section in [
        "strike.needs-context",
        "strike.context",
        "disaster.needs-context",
        "disaster.context",
        "disaster.yields",
        "topic-cues",
        "other.event",
        "disaster.hazard",
        "disaster.fire-sites",
        "sanctions.measures",
        "strike.weapon-models",
        "strike.weapon-kinds",
        "statement.stances",
        "counts.killed-after",
        "counts.killed-triggers",
        "counts.injured-after",
        "counts.injured-triggers",
        "counts.displaced-after",
        "counts.displaced-triggers",
        "counts.none-at-all",
        "counts.none-killed",
        "counts.none-injured",
    ] {
        assert!(lexicon::has_section(section), "{section}");
    }
    // Every list the extractors read through `Words("…")` or `lexicon::…("…")` exists.
    let sources = [
        include_str!("extract/mod.rs"),
        include_str!("extract/talks.rs"),
        include_str!("extract/strike.rs"),
        include_str!("extract/ceasefire.rs"),
        include_str!("extract/statement.rs"),
        include_str!("extract/counts.rs"),
        include_str!("extract/other_kinds.rs"),
        include_str!("classify.rs"),
    ];
    let used =
        regex::Regex::new(r#"(?:Words|lexicon::(?:words|section))\("([a-z.-]+)"\)"#).unwrap();
    let mut n_used = 0;
    for source in sources {
        for caps in used.captures_iter(source) {
            n_used += 1;
            assert!(
                lexicon::has_section(&caps[1]),
                "section [{}] is missing",
                &caps[1]
            );
        }
    }
    assert!(n_used >= 50, "found {n_used} lists");
    // Weights parse as numbers in every classification section.
    for kind in Kind::ALL {
        for role in ["trigger", "needs-context", "context", "yields"] {
            for (phrase, value) in lexicon::section(&format!("{}.{role}", kind.as_str())).pairs() {
                assert!(
                    value.parse::<f32>().is_ok(),
                    "{kind}.{role}: {phrase} = {value}"
                );
            }
        }
    }
}

// --- classification from what happened ----------------------------------------------------------

#[track_caller]
fn check_kinds(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (text, want) in cases {
        let got = classify(&[text]);
        if got != *want {
            wrong.push(format!(
                "{text:?}: got {got}, want {want} (scores {:?})",
                scores(&[text])
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Issue 8: the traps. A fire is a disaster, a lawsuit is not a strike, oil prices are not an
/// election, a labour strike is not a military one.
#[test]
fn r8_traps_get_the_kind_that_happened_or_other() {
    check_kinds(&[
        (
            "A fire broke out on a passenger ferry off Siargao; 3 passengers died.",
            "disaster",
        ),
        (
            "Residents sued the city over the strike-breaking law.",
            "other",
        ),
        ("A lawsuit was filed against the ministry.", "other"),
        ("Oil prices rose after the OPEC meeting.", "other"),
        ("Workers went on strike at the port.", "protest"),
        ("A drone strike hit a fuel depot.", "strike"),
        ("Police detained a journalist in Minsk.", "arrest"),
        ("The EU imposed sanctions on three companies.", "sanctions"),
        (
            "Thousands marched in Tbilisi demanding new elections.",
            "protest",
        ),
    ]);
}

#[test]
fn every_kind_from_several_phrasings() {
    check_kinds(&[
        // talks
        (
            "Armenian and Azerbaijani diplomats resumed negotiations in Doha.",
            "talks",
        ),
        (
            "The two delegations will meet in Geneva for a second round of talks.",
            "talks",
        ),
        // strike
        (
            "Russian missiles struck an energy facility near Lviv overnight.",
            "strike",
        ),
        (
            "Artillery shelling of the town centre killed two civilians.",
            "strike",
        ),
        (
            "An airstrike destroyed a bridge used by the army.",
            "strike",
        ),
        // statement
        (
            "The foreign ministry condemned the decision in a statement.",
            "statement",
        ),
        (
            "At a press conference, the minister warned of retaliation.",
            "statement",
        ),
        // ceasefire
        (
            "Both sides agreed to a ceasefire starting at midnight.",
            "ceasefire",
        ),
        (
            "The truce was violated within hours, monitors said.",
            "ceasefire",
        ),
        // protest
        (
            "Farmers blocked roads in a protest against fuel taxes.",
            "protest",
        ),
        ("Tens of thousands rallied outside parliament.", "protest"),
        ("Dock workers staged a walkout over pay.", "protest"),
        // sanctions
        (
            "Washington announced an embargo on arms sales to the junta.",
            "sanctions",
        ),
        (
            "Britain sanctioned two banks and froze their assets.",
            "sanctions",
        ),
        // arrest
        (
            "An opposition activist was arrested at the airport.",
            "arrest",
        ),
        (
            "The mayor was taken into custody and charged with bribery.",
            "arrest",
        ),
        // election
        (
            "Voters went to the polls in a presidential election on Sunday.",
            "election",
        ),
        ("Turnout in the referendum reached 61 percent.", "election"),
        // disaster
        ("A magnitude 6.2 earthquake struck the coast.", "disaster"),
        ("Floods forced 2,000 people from their homes.", "disaster"),
        (
            "A residential building collapsed in the old town; rescuers are searching the rubble.",
            "disaster",
        ),
        (
            "A passenger train derailed near Lyon, injuring 14.",
            "disaster",
        ),
        (
            "An explosion at a chemical plant injured nine workers.",
            "disaster",
        ),
        ("The ferry capsized in heavy seas.", "disaster"),
        (
            "The volcano on Flores erupted again before dawn.",
            "disaster",
        ),
        ("Violence erupted after the match.", "other"),
        // other
        (
            "The central bank raised interest rates by half a point.",
            "other",
        ),
        (
            "A court sentenced the former minister to five years.",
            "other",
        ),
        ("The museum reopened after renovation.", "other"),
        // Russian and Ukrainian
        (
            "Пожар на пароме у острова: погибли трое пассажиров.",
            "disaster",
        ),
        ("Ночью российские дроны атаковали Одессу.", "strike"),
        ("У Закарпатті повінь: евакуйовано 120 людей.", "disaster"),
        ("Поліція затримала журналіста у Львові.", "arrest"),
        ("Мешканці подали позов проти міської ради.", "other"),
    ]);
}

#[test]
fn context_decides_what_an_ambiguous_word_means() {
    // A fire after a drone attack is part of the strike, not a disaster.
    check_kinds(&[
        (
            "Drones attacked the port overnight. A fire broke out at a warehouse and has been contained.",
            "strike",
        ),
        (
            "Talks between the unions and the government collapsed.",
            "talks",
        ),
        ("A heart attack killed the singer.", "other"),
        ("The stock market crash wiped out savings.", "other"),
    ]);
    // A tie between two kinds is no fit: other.
    let text = "A truce came with new sanctions.";
    let tied = scores(&[text]);
    let score_of = |kind: Kind| tied.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert!(score_of(Kind::Ceasefire) >= MIN_SCORE, "{tied:?}");
    assert!(
        (score_of(Kind::Ceasefire) - score_of(Kind::Sanctions)).abs() < TIE_MARGIN,
        "{tied:?}"
    );
    assert_eq!(classify(&[text]), "other");
}

#[test]
fn the_first_sentence_weighs_most() {
    // The lede is a strike; a later sentence mentions an election.
    let text = "A missile strike hit a school in Kharkiv. The city had been preparing for local elections.";
    assert_eq!(classify(&[text]), "strike");
    // The lede is an election; the strike is background.
    let text =
        "Voters in Kharkiv elected a new mayor. Turnout was low. The city was shelled last year.";
    assert_eq!(classify(&[text]), "election");
}

// --- the generic frame and the disaster frame ----------------------------------------------------

#[test]
fn other_fills_what_who_location() {
    let s = "A lawsuit was filed against the health ministry in Nairobi, lawyers said.";
    check(
        "other",
        s,
        &[("Nairobi", Place, "Nairobi")],
        &[],
        &[
            "location=Nairobi",
            "what=A lawsuit was filed against the health ministry in Nairobi",
        ],
    );
    let s = "Oil prices rose after the OPEC meeting on Monday.";
    check(
        "other",
        s,
        &[("OPEC", Organization, "OPEC")],
        &[time(s, "on Monday", (2026, 7, 6))],
        &[
            "date=2026-07-06",
            "what=Oil prices rose after the OPEC meeting on Monday",
            "who=OPEC",
        ],
    );
    // A dateline and an attribution clause are not what happened.
    let s = "Lagos: according to police, Tunde Bakare resigned as chairman of the port authority.";
    check(
        "other",
        s,
        &[
            ("Lagos", Place, "Lagos"),
            ("Tunde Bakare", Person, "Tunde Bakare"),
        ],
        &[],
        &[
            "location=Lagos",
            "what=Tunde Bakare resigned as chairman of the port authority",
            "who=Tunde Bakare",
        ],
    );
    // The main clause, not the participle clause after it.
    let s = "The central bank kept its base rate at 16.5 percent, saying inflation was slowing.";
    check(
        "other",
        s,
        &[],
        &[],
        &["what=The central bank kept its base rate at 16.5 percent"],
    );
    let s = "🇰🇿 Kazakhstan's central bank left its base rate unchanged at 16.5%.";
    check(
        "other",
        s,
        &[("Kazakhstan", Country, "Kazakhstan")],
        &[],
        &[
            "what=Kazakhstan's central bank left its base rate unchanged at 16.5%",
            "who=Kazakhstan",
        ],
    );
    // A sentence that says nothing happened gives no `what`.
    check("other", "More details later.", &[], &[], &[]);
}

#[test]
fn disaster_hazard_location_counts() {
    let s =
        "A fire broke out on a passenger ferry off Siquijor; 14 people were killed and 23 injured.";
    check(
        "disaster",
        s,
        &[("Siquijor", Place, "Siquijor")],
        &[],
        &[
            "hazard=ferry fire",
            "injured=23",
            "killed=14",
            "location=Siquijor",
        ],
    );
    let s =
        "Flooding in Rakhiv forced authorities to evacuate residents; 120 people were evacuated.";
    check(
        "disaster",
        s,
        &[("Rakhiv", Place, "Rakhiv")],
        &[],
        &["displaced=120", "hazard=flood", "location=Rakhiv"],
    );
    let s = "У Рахові через повінь евакуйовано 120 людей.";
    check(
        "disaster",
        s,
        &[("Рахові", Place, "Rakhiv")],
        &[],
        &["hazard=flood", "location=Rakhiv"],
    );
    let s = "A five-storey building collapsed in Izmir.";
    check(
        "disaster",
        s,
        &[("Izmir", Place, "Izmir")],
        &[],
        &["hazard=building collapse", "location=Izmir"],
    );
}

#[test]
fn words_that_name_no_event() {
    check_kinds(&[
        (
            "Farmers march through Poznań against the trade deal.",
            "protest",
        ),
        (
            "In March the ministry published its annual report.",
            "other",
        ),
        (
            "The government and the rebels agreed a cessation of hostilities, officials at the Nairobi talks said.",
            "ceasefire",
        ),
        (
            "Norway and Iceland concluded their annual fisheries consultations in Oslo.",
            "talks",
        ),
        ("Fire danger is extreme in the south until Friday.", "other"),
    ]);
    // A fire danger warning names no hazard; "no one was killed" is a count of zero, not one.
    check(
        "disaster",
        "Floods hit the valley; fire danger remains high elsewhere and no one was killed.",
        &[],
        &[],
        &["hazard=flood", "killed=0"],
    );
}

#[test]
fn a_hashtag_names_no_hazard() {
    check(
        "disaster",
        "Через спеку оголошено надзвичайний рівень пожежної небезпеки. #пожежнаНебезпека",
        &[],
        &[],
        &[],
    );
}

#[test]
fn arrest_names_the_acting_body_not_the_country_beside_it() {
    let s = "Police in Kenya's Rift Valley region detained Amina Odhiambo on suspicion of fraud and forgery, a day after she was taken from her office in Nakuru.";
    check(
        "arrest",
        s,
        &[
            ("Kenya", Country, "Kenya"),
            ("Amina Odhiambo", Person, "Amina Odhiambo"),
            ("Nakuru", Place, "Nakuru"),
        ],
        &[],
        &[
            "arrested_by=Police",
            "charges=forgery",
            "charges=fraud",
            "location=Nakuru",
            "person=Amina Odhiambo",
        ],
    );
    let s = "She was detained by riot police outside the court.";
    check("arrest", s, &[], &[], &["arrested_by=riot police"]);
    let s = "The Interior Ministry detained two bloggers.";
    check(
        "arrest",
        s,
        &[("Interior Ministry", Organization, "Interior Ministry")],
        &[],
        &["arrested_by=Interior Ministry"],
    );
}

#[test]
fn sanctions_imposed_by_in_a_possessive_and_a_verb() {
    let s = "The ministry called the European Union's new restrictions against its enterprises illegal.";
    check(
        "sanctions",
        s,
        &[("European Union", Organization, "European Union")],
        &[],
        &["imposed_by=European Union"],
    );
    let s = "EU sanctions three timber companies over forced labour: an asset freeze and a ban on making funds available.";
    check(
        "sanctions",
        s,
        &[("EU", Organization, "European Union")],
        &[],
        &[
            "imposed_by=European Union",
            "measures=asset freeze",
            "measures=ban on making funds available",
            "reason=forced labour",
        ],
    );
}

#[test]
fn a_place_named_in_the_sentence_beats_the_dateline_region() {
    let s = "Zakarpattia: floods in Rakhiv district after overnight downpours.";
    check(
        "disaster",
        s,
        &[
            ("Zakarpattia", Place, "Zakarpattia Oblast"),
            ("Rakhiv", Place, "Rakhiv"),
        ],
        &[],
        &["hazard=flood", "location=Rakhiv"],
    );
    let s = "Zakarpattia: the Tysa burst its banks overnight, flooding 46 homes.";
    check(
        "disaster",
        s,
        &[("Zakarpattia", Place, "Zakarpattia Oblast")],
        &[],
        &["hazard=flood", "location=Zakarpattia Oblast"],
    );
}

#[test]
fn protest_size_in_thousands_location_and_organisers() {
    let s = "About 8,000 people took part in Saturday's march through central Poznań, police said.";
    check(
        "protest",
        s,
        &[("Poznań", Place, "Poznań")],
        &[],
        &["location=Poznań", "size=About 8,000"],
    );
    let s = "The organisers, the Lublin Growers' Union, say more than 50 000 people marched.";
    check(
        "protest",
        s,
        &[(
            "Lublin Growers' Union",
            Organization,
            "Lublin Growers' Union",
        )],
        &[],
        &["organizers=Lublin Growers' Union", "size=more than 50 000"],
    );
}

#[test]
fn sanctions_targets_listed_after_a_colon_and_no_bare_institution_as_imposer() {
    let s = "The Council today imposed restrictive measures on three companies: Berezina Woodworks and Sozh Textile.";
    check(
        "sanctions",
        s,
        &[
            ("Council", Organization, "Council"),
            ("Berezina Woodworks", Organization, "Berezina Woodworks"),
            ("Sozh Textile", Organization, "Sozh Textile"),
        ],
        &[],
        &["targets=Berezina Woodworks", "targets=Sozh Textile"],
    );
}
