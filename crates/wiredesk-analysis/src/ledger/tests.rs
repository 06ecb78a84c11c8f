//! Ledger tests: matching rules, statuses for both scenarios, and the history of changes.

use chrono::{TimeZone, Utc};
use wiredesk_model::SlotStatus::{Confirmed, Disputed, SingleOrigin, Unknown};

use super::*;

fn claim(slot: &str, value: &str, post: &str, origin: &str) -> Claim {
    Claim {
        slot: slot.to_string(),
        value: value.to_string(),
        denied: false,
        post: post.to_string(),
        sentence: format!("{slot}: {value}"),
        origin: origin.to_string(),
    }
}

fn denial(slot: &str, value: &str, post: &str, origin: &str) -> Claim {
    Claim {
        denied: true,
        ..claim(slot, value, post, origin)
    }
}

fn slot<'a>(slots: &'a [Slot], name: &str) -> &'a Slot {
    slots
        .iter()
        .find(|slot| slot.name == name)
        .unwrap_or_else(|| panic!("no slot {name}"))
}

fn values(slot: &Slot) -> Vec<String> {
    slot.values
        .iter()
        .map(|value| {
            let bang = if value.denied { "!" } else { "" };
            format!("{bang}{} [{}]", value.value, value.origins.join(", "))
        })
        .collect()
}

#[test]
fn matching_rules() {
    assert!(same_value("12", "twelve"));
    assert!(same_value("at least 12", "12"));
    assert!(same_value("12 people", "Twelve"));
    assert!(same_value("погибли 12", "12"));
    assert!(same_value("двенадцать", "12"));
    assert!(same_value("12,500", "12500"));
    assert!(!same_value("12", "7"));
    assert!(!same_value("at least 12", "7 dead"));
    assert!(same_value(
        "deputy foreign minister",
        "a deputy foreign minister"
    ));
    assert!(same_value("ISTANBUL", "istanbul"));
    assert!(same_value("ＡＦＰ", "AFP"));
    assert!(same_value(
        "safe-passage corridors",
        "safe passage corridors"
    ));
    assert!(same_value("grain terminals", "grain terminal"));
    assert!(!same_value("grain terminal", "fuel depot"));
    assert!(!same_value("1 July", "1 August"));
    assert!(!same_value("Russia", "Russian"));
    assert!(!same_value("minister", "administer"));
    assert!(!same_value("", ""));
    assert!(contains_words(
        "a deputy foreign minister",
        "Deputy  foreign minister"
    ));
    assert!(!contains_words(
        "deputy foreign minister",
        "a deputy foreign minister"
    ));
    assert_eq!(normalize("  Ｉstanbul\n Airport "), "istanbul airport");
    assert_eq!(number_of("more than 40,000"), Some(40000));
    assert_eq!(number_of("twenty one"), Some(21));
    assert_eq!(number_of("2026-07-01"), None);
}

/// Step 1 of istanbul-shipping-talks: three posts, one origin (AFP).
fn istanbul_step1() -> Vec<Claim> {
    let mut claims = Vec::new();
    for post in ["osintbrief/14381", "frontdigest/48215"] {
        claims.push(claim("location", "Istanbul", post, "AFP"));
        claims.push(claim("parties", "Russia", post, "AFP"));
        claims.push(claim("parties", "Ukraine", post, "AFP"));
        claims.push(claim("mediators", "Turkey", post, "AFP"));
        claims.push(claim("mediators", "United Nations", post, "AFP"));
        claims.push(claim("format", "indirect", post, "AFP"));
        claims.push(claim(
            "delegation",
            "deputy infrastructure minister",
            post,
            "AFP",
        ));
    }
    let post = "wartracker/99203";
    claims.push(claim("location", "Istanbul", post, "afp"));
    claims.push(claim("parties", "Russia", post, "AFP"));
    claims.push(claim("parties", "Ukraine", post, "AFP"));
    claims.push(claim("mediators", "Turkey", post, "AFP"));
    claims.push(claim("mediators", "United Nations", post, "AFP"));
    claims.push(claim("format", "indirect", post, "AFP"));
    claims.push(claim(
        "delegation",
        "Ukraine's deputy infrastructure minister",
        post,
        "AFP",
    ));
    claims
}

#[test]
fn istanbul_one_origin_behind_three_posts_is_single_origin() {
    let slots = ledger("talks", &istanbul_step1());
    assert_eq!(
        slots
            .iter()
            .map(|slot| slot.name.as_str())
            .collect::<Vec<_>>(),
        frame::slots_of("talks")
    );
    for name in ["location", "parties", "mediators", "format", "delegation"] {
        assert_eq!(slot(&slots, name).status, SingleOrigin, "{name}");
    }
    for name in ["agenda", "documents", "outcome", "date", "principals"] {
        assert_eq!(slot(&slots, name).status, Unknown, "{name}");
        assert!(slot(&slots, name).values.is_empty());
    }
    assert_eq!(values(slot(&slots, "location")), ["Istanbul [AFP]"]);
    assert_eq!(
        values(slot(&slots, "mediators")),
        ["Turkey [AFP]", "United Nations [AFP]"]
    );
    // "Ukraine's deputy infrastructure minister" and "deputy infrastructure minister" are one value.
    assert_eq!(slot(&slots, "delegation").values.len(), 1);
    assert_eq!(slot(&slots, "location").values[0].evidence.len(), 3);
}

#[test]
fn istanbul_origin_publishing_itself_stays_single_origin() {
    let mut claims = istanbul_step1();
    let article = "https://afp-wire.example/world/2026/07/01/russia-ukraine-indirect-talks-black-sea-shipping-istanbul";
    claims.push(claim("location", "Istanbul", article, "AFP"));
    claims.push(claim("agenda", "safe-passage corridors", article, "AFP"));
    claims.push(claim("agenda", "inspection procedures", article, "AFP"));
    let before = ledger("talks", &istanbul_step1());
    let after = ledger("talks", &claims);
    assert_eq!(slot(&after, "location").status, SingleOrigin);
    assert_eq!(slot(&after, "agenda").status, SingleOrigin);
    assert_eq!(slot(&after, "agenda").values.len(), 2);
    assert_eq!(slot(&after, "documents").status, Unknown);

    let at = Utc
        .with_ymd_and_hms(2026, 7, 1, 12, 0, 0)
        .single()
        .expect("valid time");
    let changes = changes(&before, &after, at, Some(article));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].slot, "agenda");
    assert_eq!((changes[0].from, changes[0].to), (Unknown, SingleOrigin));
    assert_eq!(changes[0].post.as_deref(), Some(article));
    assert_eq!(changes[0].at, at);
}

fn port_claims() -> Vec<Claim> {
    let mut claims = Vec::new();
    let admin = "regional administration";
    for post in ["regionadmin_official/5638", "frontdigest/48234"] {
        claims.push(claim("location", "Izmail", post, admin));
        claims.push(claim("attacker", "Russia", post, admin));
        claims.push(claim("weapon", "Shahed", post, admin));
        claims.push(claim("target", "grain terminal", post, admin));
        claims.push(claim("killed", "12", post, admin));
        claims.push(claim("injured", "30", post, admin));
    }
    let relay = "southwatch/7750";
    claims.push(claim("location", "Izmail", relay, admin));
    claims.push(claim("killed", "at least 12", relay, admin));
    claims.push(claim("injured", "30", relay, admin));
    claims.push(claim("weapon", "Shahed", relay, admin));
    claims.push(claim("target", "port", relay, admin));
    claims.push(claim("target", "grain terminal", relay, admin));
    let media = "milbloggerz/23419";
    claims.push(claim("location", "Izmail", media, "local media"));
    claims.push(claim("killed", "7", media, "local media"));
    claims.push(claim("target", "port", media, "local media"));
    claims.push(claim("target", "military target", media, "local media"));
    claims.push(claim("target", "fuel depot", media, "local media"));
    claims.push(denial("target", "grain terminal", media, "local media"));
    claims
}

#[test]
fn port_strike_statuses() {
    let slots = ledger("strike", &port_claims());
    assert_eq!(slot(&slots, "location").status, Confirmed);
    assert_eq!(
        values(slot(&slots, "location")),
        ["Izmail [regional administration, local media]"]
    );
    assert_eq!(slot(&slots, "killed").status, Disputed);
    assert_eq!(
        values(slot(&slots, "killed")),
        ["12 [regional administration]", "7 [local media]"]
    );
    assert_eq!(slot(&slots, "target").status, Disputed);
    assert_eq!(
        values(slot(&slots, "target")),
        [
            "port [regional administration, local media]",
            "grain terminal [regional administration]",
            "military target [local media]",
            "fuel depot [local media]",
            "!grain terminal [local media]",
        ]
    );
    assert_eq!(slot(&slots, "weapon").status, SingleOrigin);
    assert_eq!(slot(&slots, "injured").status, SingleOrigin);
    assert_eq!(slot(&slots, "attacker").status, SingleOrigin);
    assert_eq!(slot(&slots, "claimed_by").status, Unknown);
    assert_eq!(slot(&slots, "date").status, Unknown);
}

#[test]
fn conflicts_need_two_origins_and_sets_do_not_conflict() {
    // One origin revising its own toll is not a dispute.
    let claims = [
        claim("killed", "12", "a/1", "A"),
        claim("killed", "15", "a/2", "A"),
    ];
    assert_eq!(
        slot(&ledger("strike", &claims), "killed").status,
        SingleOrigin
    );
    // An origin that says less does not contradict one that says more.
    let claims = [
        claim("target", "port", "a/1", "A"),
        claim("target", "grain terminal", "a/1", "A"),
        claim("target", "port", "b/1", "B"),
    ];
    assert_eq!(
        slot(&ledger("strike", &claims), "target").status,
        SingleOrigin
    );
    // Two origins, different numbers: disputed; the same number in words: confirmed.
    let claims = [
        claim("killed", "12", "a/1", "A"),
        claim("killed", "7", "b/1", "B"),
    ];
    assert_eq!(slot(&ledger("strike", &claims), "killed").status, Disputed);
    let claims = [
        claim("killed", "twelve", "a/1", "A"),
        claim("killed", "12", "b/1", "B"),
    ];
    assert_eq!(slot(&ledger("strike", &claims), "killed").status, Confirmed);
    // Mediators are a set: different members from different origins do not conflict.
    let claims = [
        claim("mediators", "Turkey", "a/1", "A"),
        claim("mediators", "Turkey", "b/1", "B"),
        claim("mediators", "United Nations", "b/1", "B"),
    ];
    assert_eq!(
        slot(&ledger("talks", &claims), "mediators").status,
        SingleOrigin
    );
    let claims = [
        claim("mediators", "Turkey", "a/1", "A"),
        claim("mediators", "Turkey", "b/1", "B"),
    ];
    assert_eq!(
        slot(&ledger("talks", &claims), "mediators").status,
        Confirmed
    );
    // ...but a denial from another origin does.
    let claims = [
        claim("documents", "memorandum", "a/1", "A"),
        denial("documents", "memorandum", "b/1", "B"),
    ];
    assert_eq!(
        slot(&ledger("talks", &claims), "documents").status,
        Disputed
    );
    // A claim without a traced origin counts for its own post.
    let claims = [
        claim("location", "Izmail", "a/1", ""),
        claim("location", "Izmail", "b/1", " "),
    ];
    assert_eq!(
        slot(&ledger("strike", &claims), "location").status,
        Confirmed
    );
    // Claims for slots outside the frame are ignored.
    let claims = [claim("agenda", "grain", "a/1", "A")];
    assert!(
        ledger("strike", &claims)
            .iter()
            .all(|slot| slot.status == Unknown)
    );
}

#[test]
fn changes_report_each_status_move() {
    let at = Utc
        .with_ymd_and_hms(2026, 7, 2, 6, 0, 0)
        .single()
        .expect("valid time");
    let admin_only: Vec<Claim> = port_claims()
        .into_iter()
        .filter(|claim| claim.origin == "regional administration")
        .collect();
    let before = ledger("strike", &admin_only);
    assert_eq!(slot(&before, "killed").status, SingleOrigin);
    let after = ledger("strike", &port_claims());
    let moves: Vec<(String, SlotStatus, SlotStatus)> =
        changes(&before, &after, at, Some("milbloggerz/23419"))
            .into_iter()
            .map(|change| (change.slot, change.from, change.to))
            .collect();
    assert_eq!(
        moves,
        [
            ("location".to_string(), SingleOrigin, Confirmed),
            ("target".to_string(), SingleOrigin, Disputed),
            ("killed".to_string(), SingleOrigin, Disputed),
        ]
    );
    assert!(changes(&after, &after, at, None).is_empty());
    // A slot that disappears (kind changed) goes to unknown.
    let gone = changes(&after, &[], at, None);
    assert_eq!(
        gone.len(),
        after.iter().filter(|s| s.status != Unknown).count()
    );
    assert!(gone.iter().all(|change| change.to == Unknown));
}

/// An acronym and the name it stands for are one value, written out in full.
#[test]
fn r8_an_acronym_is_the_name_it_stands_for() {
    assert!(super::same_value("FNL", "Forces for National Liberation"));
    assert!(super::same_value(
        "the National Liberation Front (NLF)",
        "NLF"
    ));
    assert!(!super::same_value("FNL", "National Liberation Front"));
}

/// Two spellings of one listed town are one value.
#[test]
fn r8_spellings_of_one_town_are_one_value() {
    assert!(super::same_value("Hawassa", "Awassa"));
    assert!(!super::same_value("Hawassa", "Adama"));
}

/// The grouping rule as first written: each claim scans every group's variants in order.
fn naive_groups(claims: &[&Claim]) -> Vec<Vec<String>> {
    let mut groups: Vec<(Vec<String>, Vec<std::sync::Arc<ValueKey>>)> = Vec::new();
    let mut members: Vec<Vec<String>> = Vec::new();
    for claim in claims {
        let value = claim.value.trim();
        let key = ValueKey::new(value);
        let found = groups
            .iter()
            .position(|(_, keys)| keys.iter().any(|variant| variant.same(&key)));
        let idx = found.unwrap_or_else(|| {
            groups.push((Vec::new(), Vec::new()));
            members.push(Vec::new());
            groups.len() - 1
        });
        if !groups[idx].0.iter().any(|variant| variant == value) {
            groups[idx].0.push(value.to_string());
            groups[idx].1.push(key);
        }
        members[idx].push(claim.post.clone());
    }
    members
}

#[test]
fn grouping_by_first_matching_variant_equals_the_scan_of_every_group() {
    // Values that meet in chains ("UN" ~ "United Nations" ~ "United Nations mission"), by
    // number ("12" ~ "twelve") and by words, in pseudo-random orders.
    let values = [
        "UN",
        "United Nations",
        "United Nations mission",
        "mission",
        "12",
        "twelve",
        "12 people",
        "port",
        "the port of Varna",
        "Varna",
        "EU",
        "European Union",
        "border",
        "northern border",
        "",
        "NATO",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..200 {
        let n = 1 + round % 40;
        let claims: Vec<Claim> = (0..n)
            .map(|idx| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let value = values[(state % values.len() as u64) as usize];
                claim(
                    "actor",
                    value,
                    &format!("p{idx}"),
                    &format!("o{}", state % 5),
                )
            })
            .collect();
        let refs: Vec<&Claim> = claims.iter().collect();
        let slot = slot_of("actor", true, &refs);
        let mut got: Vec<Vec<String>> = slot
            .values
            .iter()
            .map(|value| {
                let mut posts: Vec<String> =
                    value.evidence.iter().map(|e| e.post.clone()).collect();
                posts.sort();
                posts
            })
            .collect();
        let mut want: Vec<Vec<String>> = naive_groups(&refs)
            .into_iter()
            .map(|mut posts| {
                posts.sort();
                posts
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "round {round}");
    }
}
