//! Frame tests, classification: the kind of the scenario stories and their near misses, kinds as
//! a type with their slot tables, the lexicon files, and the kind chosen from what happened in
//! many phrasings and traps.

use super::*;

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
        include_str!("../extract/mod.rs"),
        include_str!("../extract/talks.rs"),
        include_str!("../extract/strike.rs"),
        include_str!("../extract/ceasefire.rs"),
        include_str!("../extract/statement.rs"),
        include_str!("../extract/counts.rs"),
        include_str!("../extract/other_kinds.rs"),
        include_str!("../classify.rs"),
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
pub(super) fn check_kinds(cases: &[(&str, &str)]) {
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
