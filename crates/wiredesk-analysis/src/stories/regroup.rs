//! Regrouping after the clusterer: posts of another family of event leave a group, a lone report
//! of the same event joins it by town and time, and a denial joins the story it denies. The
//! clusterer sees words and names; these steps see what happened.

use std::collections::HashSet;

use wiredesk_model::EntityKind;

use super::disputes::MIN_DENIAL_CONFIDENCE;
use super::{Analyzed, title_of};
use crate::entities::gazetteer;
use crate::{frame, stance};

/// The clusterer sees words and names, not events: an earthquake in Almaty and talks in Almaty
/// share the city and the country. Posts that clearly report another kind of event than the rest
/// of their group (both kinds specific, not `other`) leave it, one new group per kind.
pub(super) fn split_kinds(analyzed: &[Analyzed<'_>], groups: &mut Vec<Vec<usize>>) {
    let mut split_off: Vec<Vec<usize>> = Vec::new();
    for members in groups.iter_mut() {
        if members.len() < 2 {
            continue;
        }
        let kinds: Vec<&str> = members
            .iter()
            .map(|&idx| family(frame::classify(&[analyzed[idx].text.as_str()])))
            .collect();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for &kind in kinds.iter().filter(|kind| **kind != "other") {
            match counts.iter_mut().find(|(known, _)| *known == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
        // The group's kind: the most frequent; on a tie, the first post's.
        let Some(&(main, main_n)) = counts
            .iter()
            .max_by_key(|(kind, n)| (*n, kinds.first().is_some_and(|first| first == kind)))
        else {
            continue;
        };
        if counts.len() < 2 || main_n < 2 {
            continue;
        }
        let mut kept = Vec::new();
        let mut by_kind: Vec<(&str, Vec<usize>)> = Vec::new();
        for (&idx, &kind) in members.iter().zip(&kinds) {
            if kind == "other" || kind == main {
                kept.push(idx);
            } else {
                match by_kind.iter_mut().find(|(known, _)| *known == kind) {
                    Some((_, list)) => list.push(idx),
                    None => by_kind.push((kind, vec![idx])),
                }
            }
        }
        *members = kept;
        split_off.extend(by_kind.into_iter().map(|(_, list)| list));
    }
    groups.extend(split_off);
    groups.retain(|members| !members.is_empty());
}

/// Kinds one event can take in different reports share a family: talks that produce a truce,
/// sanctions announced in a statement, arrests at a protest, a fire after a strike. `other` for
/// kinds that go with any event (a statement, the generic kind).
fn family(kind: &str) -> &'static str {
    match kind {
        "talks" | "ceasefire" | "sanctions" => "diplomacy",
        "protest" | "arrest" => "unrest",
        "strike" | "disaster" => "violence",
        "election" => "election",
        _ => "other",
    }
}

/// How close in time two reports of one event are.
const SAME_EVENT_WINDOW_HOURS: i64 = 12;

/// Words that end a region's name (`data/en/admin_units.txt`).
static ADMIN_UNITS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../../data/en/admin_units.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Places that pin an event down: towns and cities, and places on no list (a village the tagger
/// found). Not countries, nor regions, seas and rivers, which many events share.
fn places<'a>(post: &'a Analyzed<'_>) -> HashSet<&'a str> {
    post.entities
        .iter()
        .filter(|mention| mention.kind == EntityKind::Place)
        .filter(|mention| {
            let is_region = mention
                .canonical
                .split_whitespace()
                .next_back()
                .is_some_and(|last| ADMIN_UNITS.contains(&last.to_lowercase().as_str()));
            let is_city = gazetteer()
                .lookup(&mention.canonical)
                .is_none_or(|entry| entry.population > 0);
            is_city || !is_region
        })
        .map(|mention| mention.canonical.as_str())
        .collect()
}

/// A lone post that words an event differently ("7 dead after the night strike" against "12
/// killed in an overnight attack") still reports the same event when it is of the same kind,
/// names the same place and comes within hours: it joins that story. Only lone posts move, and
/// only into a story of two or more, so established stories never merge here.
pub(super) fn join_same_event(analyzed: &[Analyzed<'_>], groups: &mut Vec<Vec<usize>>) {
    let kinds: Vec<&str> = groups
        .iter()
        .map(|members| {
            let texts: Vec<&str> = members
                .iter()
                .map(|&idx| analyzed[idx].text.as_str())
                .collect();
            frame::classify(&texts)
        })
        .collect();
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (lone, members) in groups.iter().enumerate() {
        if members.len() != 1 || kinds[lone] == "other" {
            continue;
        }
        let post = &analyzed[members[0]];
        let lone_places = places(post);
        if lone_places.is_empty() {
            continue;
        }
        let time = post.input.post.published_at;
        let target = groups
            .iter()
            .enumerate()
            .filter(|(idx, others)| *idx != lone && others.len() >= 2 && kinds[*idx] == kinds[lone])
            .filter(|(_, others)| {
                others.iter().any(|&other| {
                    let other = &analyzed[other];
                    (other.input.post.published_at - time).num_hours().abs()
                        <= SAME_EVENT_WINDOW_HOURS
                        && places(other)
                            .iter()
                            .any(|place| lone_places.contains(place))
                })
            })
            .max_by_key(|(_, others)| others.len())
            .map(|(idx, _)| idx);
        if let Some(target) = target {
            moves.push((lone, target));
        }
    }
    for &(lone, target) in &moves {
        let moved = std::mem::take(&mut groups[lone]);
        groups[target].extend(moved);
        groups[target].sort_unstable();
    }
    groups.retain(|members| !members.is_empty());
}

/// A name as sources and entities are compared: lowercase, without a leading "the".
pub(super) fn name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    lower
        .strip_prefix("the ")
        .map_or(lower.clone(), str::to_string)
}

/// How long after a claim a denial of it still joins its story.
const DENIAL_WINDOW_HOURS: i64 = 48;

/// Names that pin a post down: places, people and organisations, not countries.
fn specific_entities<'a>(post: &'a Analyzed<'_>) -> HashSet<&'a str> {
    post.entities
        .iter()
        .filter(|mention| {
            matches!(
                mention.kind,
                EntityKind::Place | EntityKind::Person | EntityKind::Organization
            )
        })
        .map(|mention| mention.canonical.as_str())
        .collect()
}

/// A denial rarely shares a claim's words ("No such agreement exists. We have signed nothing"
/// against "the two sides agreed a ceasefire"), so the clusterer leaves it alone. A lone post
/// (or a pair, such as a denial and its relay) with a denial phrase that names what an earlier
/// story names and whose stance towards that story's claim is `against` joins that story: a
/// denial belongs beside what it denies.
pub(super) fn join_denials(analyzed: &[Analyzed<'_>], groups: &mut Vec<Vec<usize>>) {
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (small, members) in groups.iter().enumerate() {
        if members.len() > 2 {
            continue;
        }
        let first = &analyzed[members[0]];
        if !stance::has_denial_cue(&first.text) {
            continue;
        }
        let names = specific_entities(first);
        if names.is_empty() {
            continue;
        }
        let time = first.input.post.published_at;
        let mut best: Option<(usize, usize)> = None;
        for (idx, others) in groups.iter().enumerate() {
            if idx == small || moves.iter().any(|&(from, _)| from == idx) {
                continue;
            }
            let claim_post = &analyzed[others[0]];
            let lag = (time - claim_post.input.post.published_at).num_hours();
            if !(0..=DENIAL_WINDOW_HOURS).contains(&lag) || others[0] > members[0] {
                continue;
            }
            let shared = others
                .iter()
                .flat_map(|&other| specific_entities(&analyzed[other]))
                .filter(|name| names.contains(name))
                .collect::<HashSet<_>>()
                .len();
            if shared == 0 || best.is_some_and(|(_, best_shared)| best_shared >= shared) {
                continue;
            }
            let claim_posts: Vec<&Analyzed> =
                others.iter().map(|&other| &analyzed[other]).collect();
            let verdict = stance::post_stance(&title_of(&claim_posts), &first.text);
            if verdict.stance == stance::Stance::Against
                && verdict.confidence >= MIN_DENIAL_CONFIDENCE
            {
                best = Some((idx, shared));
            }
        }
        if let Some((target, _)) = best {
            moves.push((small, target));
        }
    }
    for &(small, target) in &moves {
        let moved = std::mem::take(&mut groups[small]);
        groups[target].extend(moved);
        groups[target].sort_unstable();
    }
    groups.retain(|members| !members.is_empty());
}
