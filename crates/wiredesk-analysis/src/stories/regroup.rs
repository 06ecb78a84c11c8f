//! Regrouping after the clusterer: posts of another family of event leave a group, a lone report
//! of the same event joins it by town and time, and a denial joins the story it denies. The
//! clusterer sees words and names; these steps see what happened.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use wiredesk_model::EntityKind;

use super::{Analyzed, title_of};
use crate::frame::family;
use crate::{frame, stance};

/// The kinds of event groups of posts report (`frame::classify` over their texts), kept from
/// pass to pass: classifying reads every sentence, and most groups do not change between passes.
/// Keyed by the members' texts; each pass keeps only the entries it used.
#[derive(Debug, Default)]
pub struct KindCache {
    entries: Mutex<KindEntries>,
    /// How [`split_events`] split a group, by the group's members (references and texts):
    /// the sets as positions into the group, or `None` when it stayed whole.
    splits: Mutex<SplitEntries>,
}

/// Group key → (the split sets as positions, the pass that last used it).
type SplitEntries = HashMap<u64, (Option<Vec<Vec<usize>>>, u32)>;

/// The current pass, and key → (kind, the pass that last used it).
type KindEntries = (u32, HashMap<u64, (&'static str, u32)>);

impl KindCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, KindEntries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn clear(&self) {
        self.lock().1.clear();
        self.lock_splits().clear();
    }

    fn lock_splits(&self) -> std::sync::MutexGuard<'_, SplitEntries> {
        self.splits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn begin_pass(&self) {
        let mut entries = self.lock();
        entries.0 = entries.0.wrapping_add(1);
    }

    /// Forgets the kinds this pass did not ask for.
    pub(super) fn end_pass(&self) {
        let mut entries = self.lock();
        let pass = entries.0;
        entries.1.retain(|_, (_, used)| *used == pass);
        drop(entries);
        self.lock_splits().retain(|_, (_, used)| *used == pass);
    }

    fn pass(&self) -> u32 {
        self.lock().0
    }

    /// The kind of event `members` report together.
    pub(super) fn of(&self, analyzed: &[Analyzed<'_>], members: &[usize]) -> &'static str {
        let mut hasher = rustc_hash::FxHasher::default();
        for &idx in members {
            analyzed[idx].text.hash(&mut hasher);
        }
        let key = hasher.finish();
        let mut entries = self.lock();
        let pass = entries.0;
        if let Some((kind, used)) = entries.1.get_mut(&key) {
            *used = pass;
            return kind;
        }
        drop(entries);
        let texts: Vec<&str> = members
            .iter()
            .map(|&idx| analyzed[idx].text.as_str())
            .collect();
        let kind = frame::classify(&texts);
        self.lock().1.insert(key, (kind, pass));
        kind
    }
}

/// The clusterer sees words and names, not events: an earthquake in Almaty and talks in Almaty
/// share the city and the country. Posts that clearly report another kind of event than the rest
/// of their group (both kinds specific, not `other`) leave it, one new group per kind.
pub(super) fn split_kinds(
    analyzed: &[Analyzed<'_>],
    groups: &mut Vec<Vec<usize>>,
    kinds_of: &KindCache,
) {
    let mut split_off: Vec<Vec<usize>> = Vec::new();
    for members in groups.iter_mut() {
        if members.len() < 2 {
            continue;
        }
        let kinds: Vec<&str> = members
            .iter()
            .map(|&idx| family(kinds_of.of(analyzed, &[idx])))
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

/// What identifies an event of a family, so that reports worded alike are told apart:
/// - a strike or a disaster happens in one place: reports that name different towns, none in
///   common, are different events ("a strike on a depot near Kremenchuk", two days later "a
///   strike on an air defence system near Lubny", worded alike by one ministry);
/// - talks, truces and sanctions are between parties: reports naming two or more countries with
///   at most one in common are different events (Norway hosting fisheries talks with Iceland,
///   and Norway mediating between Venezuela and Guyana).
///
/// In a group of such a family, posts are linked when they share the identity; each linked set
/// becomes its own group. A post that says too little to tell stays with the largest set.
pub(super) fn split_events(
    analyzed: &[Analyzed<'_>],
    groups: &mut Vec<Vec<usize>>,
    kinds_of: &KindCache,
) {
    let mut split_off: Vec<Vec<usize>> = Vec::new();
    let pass = kinds_of.pass();
    for members in groups.iter_mut() {
        if members.len() < 2 {
            continue;
        }
        // A group split in an earlier pass with exactly these posts splits the same way.
        let key = {
            let mut hasher = rustc_hash::FxHasher::default();
            for &idx in members.iter() {
                (&analyzed[idx].reference, &analyzed[idx].text).hash(&mut hasher);
            }
            hasher.finish()
        };
        let known = kinds_of.lock_splits().get_mut(&key).map(|(sets, used)| {
            *used = pass;
            sets.clone()
        });
        let sets = match known {
            Some(sets) => sets,
            None => {
                let sets = event_sets(analyzed, members, kinds_of);
                kinds_of.lock_splits().insert(key, (sets.clone(), pass));
                sets
            }
        };
        let Some(sets) = sets else {
            continue;
        };
        let mut sets = sets.into_iter().map(|set| -> Vec<usize> {
            set.into_iter().map(|position| members[position]).collect()
        });
        if let Some(largest) = sets.next() {
            let others: Vec<Vec<usize>> = sets.collect();
            *members = largest;
            split_off.extend(others);
        }
    }
    groups.extend(split_off);
}

/// How [`split_events`] splits `members`: the linked sets as positions into `members`, the
/// largest (which keeps the undecided posts) first; `None` when the group stays whole.
fn event_sets(
    analyzed: &[Analyzed<'_>],
    members: &[usize],
    kinds_of: &KindCache,
) -> Option<Vec<Vec<usize>>> {
    {
        let family = family(kinds_of.of(analyzed, members));
        let (keys, min_shared): (Vec<HashSet<&str>>, usize) = match family {
            "violence" => (
                members.iter().map(|&idx| places(&analyzed[idx])).collect(),
                1,
            ),
            "diplomacy" => (
                members
                    .iter()
                    .map(|&idx| countries(&analyzed[idx]))
                    .map(|found| {
                        if found.len() >= 2 {
                            found
                        } else {
                            HashSet::new()
                        }
                    })
                    .collect(),
                2,
            ),
            _ => return None,
        };
        let (mut sets, undecided) = linked_sets(&keys, min_shared)?;
        let largest = (0..sets.len())
            .max_by_key(|&set| (sets[set].len(), std::cmp::Reverse(set)))
            .unwrap_or(0);
        sets[largest].extend(undecided);
        sets[largest].sort_unstable();
        // The largest first, then the others in the order `swap_remove(largest)` leaves them.
        let last = sets.len() - 1;
        sets.swap(largest, last);
        let mut ordered = vec![sets.pop()?];
        ordered.extend(sets);
        Some(ordered)
    }
}

/// Positions into `keys` in sets linked (transitively) by sharing at least `min_shared` (1 or 2)
/// names, leaving out positions whose key is empty (returned apart). `None` when there are
/// fewer than two sets. Two keys share `min_shared` names exactly when they share a name (or a
/// pair of names): the positions are linked through an index of those, in time linear in the
/// names, not quadratic in the posts (a large story has thousands).
fn linked_sets(keys: &[HashSet<&str>], min_shared: usize) -> Option<(Vec<Vec<usize>>, Vec<usize>)> {
    let n = keys.len();
    // Union-find over the positions with a key.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut idx: usize) -> usize {
        while parent[idx] != idx {
            parent[idx] = parent[parent[idx]];
            idx = parent[idx];
        }
        idx
    }
    // Name (or pair of names, in order) → the first position that has it.
    let mut first_with: HashMap<(&str, &str), usize> = HashMap::new();
    for (position, key) in keys.iter().enumerate() {
        let mut names: Vec<&str> = key.iter().copied().collect();
        names.sort_unstable();
        let combos: Vec<(&str, &str)> = if min_shared <= 1 {
            names.iter().map(|&name| (name, "")).collect()
        } else {
            let mut pairs = Vec::new();
            for (idx, &a) in names.iter().enumerate() {
                for &b in &names[idx + 1..] {
                    pairs.push((a, b));
                }
            }
            pairs
        };
        for combo in combos {
            match first_with.get(&combo) {
                Some(&other) => {
                    let (ra, rb) = (root(&mut parent, other), root(&mut parent, position));
                    parent[ra.max(rb)] = ra.min(rb);
                }
                None => {
                    first_with.insert(combo, position);
                }
            }
        }
    }
    // The sets in the order of their first positions.
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut set_of_root: HashMap<usize, usize> = HashMap::new();
    let mut undecided = Vec::new();
    for (position, key) in keys.iter().enumerate() {
        if key.is_empty() {
            undecided.push(position);
            continue;
        }
        let set = root(&mut parent, position);
        let idx = *set_of_root.entry(set).or_insert_with(|| {
            sets.push(Vec::new());
            sets.len() - 1
        });
        sets[idx].push(position);
    }
    (sets.len() >= 2).then_some((sets, undecided))
}

/// The countries and organisations a post names (not outlets): who acts in talks, truces and
/// sanctions.
fn actors<'a>(post: &'a Analyzed<'_>) -> HashSet<&'a str> {
    post.entities
        .iter()
        .filter(|mention| matches!(mention.kind, EntityKind::Country | EntityKind::Organization))
        .map(|mention| mention.canonical.as_str())
        .collect()
}

/// Whether `post` names `name` as a country.
fn is_country(post: &Analyzed<'_>, name: &str) -> bool {
    post.entities
        .iter()
        .any(|mention| mention.canonical == name && mention.kind == EntityKind::Country)
}

/// The countries a post names.
fn countries<'a>(post: &'a Analyzed<'_>) -> HashSet<&'a str> {
    post.entities
        .iter()
        .filter(|mention| mention.kind == EntityKind::Country)
        .map(|mention| mention.canonical.as_str())
        .collect()
}

/// How close in time two reports of one event are.
const SAME_EVENT_WINDOW_HOURS: i64 = 12;

pub(super) use crate::entities::is_region;

/// Places that pin an event down: towns and cities, and places on no list (a village the tagger
/// found). Not countries, nor regions, seas and rivers, which many events share, nor hashtags: a
/// channel tags a post with its region's capital ("#Poltava" under a strike near Lubny).
fn places<'a>(post: &'a Analyzed<'_>) -> HashSet<&'a str> {
    post.entities
        .iter()
        .filter(|mention| mention.kind == EntityKind::Place && !is_region(&mention.canonical))
        .filter(|mention| !post.text[..mention.start].ends_with('#'))
        // A town pins an event only when written as a name: in lower-case text "nice", "mobile"
        // or "reading" are words first.
        .filter(|mention| {
            post.text[mention.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .map(|mention| mention.canonical.as_str())
        .collect()
}

/// A report that words an event differently ("7 dead after the night strike" against "12
/// killed in an overnight attack"; an agency's statement on talks a wire broke hours earlier)
/// still reports the same event when it is of the same family of kinds (a march and the arrests
/// at it), names the same town and comes
/// within hours, and, for talks, truces and sanctions, names the same parties: it joins that
/// story. A lone post joins the largest such story; a group of posts joins only a story that
/// began before it. A story never both takes and gives posts in one pass.
pub(super) fn join_same_event<'a>(
    analyzed: &'a [Analyzed<'_>],
    groups: &mut Vec<Vec<usize>>,
    kinds_of: &KindCache,
) {
    let kinds: Vec<&str> = groups
        .iter()
        .map(|members| kinds_of.of(analyzed, members))
        .collect();
    // The names each group's posts give, together.
    let per_group = |names: fn(&'a Analyzed<'_>) -> HashSet<&'a str>| -> Vec<HashSet<&'a str>> {
        groups
            .iter()
            .map(|members| {
                members
                    .iter()
                    .flat_map(|&idx| names(&analyzed[idx]))
                    .collect()
            })
            .collect()
    };
    let group_places = per_group(places);
    let group_parties = per_group(countries);
    let group_actors = per_group(actors);
    let same_parties = |a: usize, b: usize| {
        family(kinds[a]) != "diplomacy"
            || group_parties[a].len() < 2
            || group_parties[b].len() < 2
            || group_parties[a].intersection(&group_parties[b]).count() >= 2
    };
    // Each post's places and actors, once; and which groups name each place and actor, so that
    // a group's possible targets are those sharing a name with it, not every group.
    let post_places: HashMap<usize, HashSet<&'a str>> = groups
        .iter()
        .flatten()
        .map(|&idx| (idx, places(&analyzed[idx])))
        .collect();
    let mut groups_naming: HashMap<&'a str, Vec<usize>> = HashMap::new();
    for names_of_groups in [&group_places, &group_actors] {
        for (group, names) in names_of_groups.iter().enumerate() {
            for &name in names {
                groups_naming.entry(name).or_default().push(group);
            }
        }
    }
    let mut moves: Vec<(usize, usize)> = Vec::new();
    let mut moved_from: HashSet<usize> = HashSet::new();
    let mut targets: HashSet<usize> = HashSet::new();
    for (moving, members) in groups.iter().enumerate() {
        let diplomacy = family(kinds[moving]) == "diplomacy";
        if kinds[moving] == "other" || (group_places[moving].is_empty() && !diplomacy) {
            continue;
        }
        if targets.contains(&moving) {
            continue;
        }
        let lone = members.len() == 1;
        let time = analyzed[members[0]].input.post.published_at;
        // Only a group sharing a place with this one, or (talks) an actor, can pass the test
        // below; in index order, as a scan of every group would meet them.
        let actors_too = diplomacy.then_some(&group_actors[moving]);
        let mut candidates: Vec<usize> = group_places[moving]
            .iter()
            .chain(actors_too.into_iter().flatten())
            .flat_map(|name| groups_naming.get(name).into_iter().flatten().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let target = candidates
            .into_iter()
            .map(|idx| (idx, &groups[idx]))
            .filter(|(idx, others)| {
                *idx != moving
                    && family(kinds[*idx]) == family(kinds[moving])
                    && if lone {
                        others.len() >= 2
                    } else {
                        others[0] < members[0]
                    }
                    && !moved_from.contains(idx)
                    && same_parties(*idx, moving)
            })
            .filter(|(_, others)| {
                others.iter().any(|&other| {
                    let other_places = &post_places[&other];
                    let other = &analyzed[other];
                    (other.input.post.published_at - time).num_hours().abs()
                        <= SAME_EVENT_WINDOW_HOURS
                        && (other_places
                            .iter()
                            .any(|place| group_places[moving].contains(place))
                            // Sanctions and their target's reaction: the same body and
                            // country, hours apart. Two countries alone are not enough:
                            // neighbours meet in many talks.
                            || (diplomacy && {
                                let shared: Vec<&str> = actors(other)
                                    .intersection(&group_actors[moving])
                                    .copied()
                                    .collect();
                                shared.len() >= 2
                                    && shared.iter().any(|name| !is_country(other, name))
                            }))
                })
            })
            .max_by_key(|(_, others)| others.len())
            .map(|(idx, _)| idx);
        if let Some(target) = target {
            moves.push((moving, target));
            moved_from.insert(moving);
            targets.insert(target);
        }
    }
    for &(moving, target) in &moves {
        let moved = std::mem::take(&mut groups[moving]);
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
/// against "the two sides agreed a ceasefire"), so the clusterer leaves it alone. A group whose
/// first post has a denial phrase that names what an earlier
/// story names and whose stance towards that story's claim is `against` joins that story: a
/// denial belongs beside what it denies. The denying group may hold the denial's relays: what
/// decides is its first post.
pub(super) fn join_denials(analyzed: &[Analyzed<'_>], groups: &mut Vec<Vec<usize>>) {
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (small, members) in groups.iter().enumerate() {
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
            if super::disputes::denial_of(&title_of(&claim_posts), &first.text).is_some() {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairwise rule `linked_sets` stands for: positions linked when their keys share at
    /// least `min_shared` names, transitively, in the order of first positions.
    fn pairwise(
        keys: &[HashSet<&str>],
        min_shared: usize,
    ) -> Option<(Vec<Vec<usize>>, Vec<usize>)> {
        let n = keys.len();
        let mut set_of: Vec<Option<usize>> = vec![None; n];
        let mut sets: Vec<Vec<usize>> = Vec::new();
        let mut undecided = Vec::new();
        for start in 0..n {
            if keys[start].is_empty() {
                undecided.push(start);
                continue;
            }
            if set_of[start].is_some() {
                continue;
            }
            let set = sets.len();
            let mut stack = vec![start];
            set_of[start] = Some(set);
            let mut members = Vec::new();
            while let Some(at) = stack.pop() {
                members.push(at);
                for other in 0..n {
                    if set_of[other].is_none()
                        && !keys[other].is_empty()
                        && keys[at].intersection(&keys[other]).count() >= min_shared
                    {
                        set_of[other] = Some(set);
                        stack.push(other);
                    }
                }
            }
            members.sort_unstable();
            sets.push(members);
        }
        (sets.len() >= 2).then_some((sets, undecided))
    }

    /// Issue 10: the indexed linking gives exactly the sets of the pairwise rule it replaced.
    #[test]
    fn indexed_linking_equals_the_pairwise_rule() {
        const NAMES: [&str; 7] = [
            "Kyiv", "Lubny", "Odesa", "Norway", "Iceland", "Guyana", "Chad",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let n = (next() % 9) as usize + 1;
            let keys: Vec<HashSet<&str>> = (0..n)
                .map(|_| {
                    let bits = next();
                    NAMES
                        .iter()
                        .enumerate()
                        .filter(|(idx, _)| bits >> (idx * 3) & 0b111 == 0)
                        .map(|(_, name)| *name)
                        .collect()
                })
                .collect();
            for min_shared in [1, 2] {
                assert_eq!(
                    linked_sets(&keys, min_shared),
                    pairwise(&keys, min_shared),
                    "{keys:?} sharing {min_shared}"
                );
            }
        }
    }
}
