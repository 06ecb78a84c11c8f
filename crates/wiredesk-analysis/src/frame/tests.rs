//! Frame tests: kinds, and slot extraction on the scenario sentences (inlined) with hand-made
//! entity mentions, plus other wordings of the same facts.

use chrono::NaiveDate;
use wiredesk_model::{EntityKind, EntityMention, TimeMention};

use super::*;

use EntityKind::{Country, Organization, Outlet, Person, Place, Role};

mod classify;
mod talks;
mod unseen;

use classify::check_kinds;

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
        &["location=Poznań", "size=about 8,000"],
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
