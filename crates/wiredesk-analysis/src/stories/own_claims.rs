//! A state body's claim of its own strike: "the Iskander-M delivered a strike on … of the Armed
//! Forces of Ukraine", on the Russian defence ministry's channel, names no attacker because the
//! speaker is the attacker. The body claims the strike and its country carried it out.

use wiredesk_model::EntityKind;

use super::Analyzed;
use crate::entities::{entities, gazetteer};
use crate::ledger::Claim;

/// The country a name belongs to: a country it names ("Russian Ministry of Defence"), else the
/// country the gazetteer files it under.
fn country_of(name: &str) -> Option<String> {
    entities(name, Some("en"))
        .into_iter()
        .find(|mention| mention.kind == EntityKind::Country)
        .map(|mention| mention.canonical)
        .or_else(|| {
            gazetteer()
                .lookup(name)
                .filter(|entry| entry.kind != EntityKind::Outlet)
                .and_then(|entry| entry.country.clone())
        })
}

/// The countries a post names, directly or through a body it names ("Armed Forces of Ukraine").
fn countries_named(post: &Analyzed<'_>) -> Vec<String> {
    post.entities
        .iter()
        .filter_map(|mention| match mention.kind {
            EntityKind::Country => Some(mention.canonical.clone()),
            EntityKind::Organization => country_of(&mention.canonical),
            _ => None,
        })
        .collect()
}

/// For a strike story: each origin that reports what was hit, names no attacker, belongs to a
/// country and names another country's side in its posts is claiming its own strike. It gains
/// `claimed_by` = itself and `attacker` = its country. An origin that denies is left alone.
pub(super) fn own_strike_claims(posts: &[&Analyzed<'_>], claims: &[Claim]) -> Vec<Claim> {
    let mut origins: Vec<&str> = claims.iter().map(|claim| claim.origin.as_str()).collect();
    origins.sort_unstable();
    origins.dedup();
    let mut added = Vec::new();
    for origin in origins {
        let mine: Vec<&Claim> = claims
            .iter()
            .filter(|claim| claim.origin == origin)
            .collect();
        let reports_hit = mine
            .iter()
            .any(|claim| claim.slot == "target" && !claim.denied);
        let names_attacker = mine
            .iter()
            .any(|claim| matches!(claim.slot.as_str(), "attacker" | "claimed_by"));
        if !reports_hit || names_attacker || mine.iter().any(|claim| claim.denied) {
            continue;
        }
        let Some(country) = country_of(origin) else {
            continue;
        };
        let Some(first) = mine.iter().find(|claim| claim.slot == "target") else {
            continue;
        };
        let other_side = posts
            .iter()
            .filter(|post| mine.iter().any(|claim| claim.post == post.reference))
            .any(|post| countries_named(post).iter().any(|named| *named != country));
        if !other_side {
            continue;
        }
        for (slot, value) in [
            ("attacker", country.clone()),
            ("claimed_by", origin.to_string()),
        ] {
            added.push(Claim {
                slot: slot.to_string(),
                value,
                denied: false,
                post: first.post.clone(),
                sentence: first.sentence.clone(),
                origin: origin.to_string(),
            });
        }
    }
    added
}
