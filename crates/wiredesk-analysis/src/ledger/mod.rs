//! The ledger: from claims (slot, value, who says it) to a status per frame slot, and the history
//! of those statuses.
//!
//! Decisions, following `shared/scenarios/README.md` ("Statuses", "Matching"):
//! - Values are grouped with [`same_value`]: NFKC, lowercase, whole-word containment either way,
//!   numbers as numbers ("12", "twelve", "at least 12" are one value; 12 and 7 are two).
//! - Status counts *origins*, never posts: a forward or a relay carries its origin's name in
//!   [`Claim::origin`], so three posts from one origin are `single-origin`.
//! - `disputed` needs two different origins that disagree: one affirms a value another denies, or,
//!   in a single-valued slot, neither origin's set of values contains the other's (12 vs 7; grain
//!   terminal vs fuel depot). An origin that says less than another does not contradict it, and one
//!   origin revising itself is not a dispute. Set slots (parties, mediators, agenda…) only conflict
//!   through denials.
//! - `confirmed` needs every value of the slot to come from two or more origins with no conflict;
//!   otherwise `single-origin`. `unknown` when nobody says anything.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;
use wiredesk_model::{Evidence, LedgerChange, Slot, SlotStatus, SlotValue};

use crate::frame;

#[cfg(test)]
mod tests;

/// One slot value as one post states it, with the origin the post traces back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub slot: String,
    pub value: String,
    /// The post denies the value ("not a grain terminal").
    pub denied: bool,
    /// The post reference (`channel/id` or a feed item's link).
    pub post: String,
    pub sentence: String,
    /// The independent origin the post counts for ("AFP", "regional administration"); a post with
    /// no traced origin should pass its own reference.
    pub origin: String,
}

/// Every slot of `kind`'s frame, in frame order, with its values and status.
/// Claims for slots the frame does not have are ignored.
pub fn ledger(kind: &str, claims: &[Claim]) -> Vec<Slot> {
    frame::slots_of(kind)
        .iter()
        .map(|slot_name| {
            let slot_claims: Vec<&Claim> = claims
                .iter()
                .filter(|claim| claim.slot == *slot_name && !claim.value.trim().is_empty())
                .collect();
            slot_of(slot_name, frame::is_set_slot(kind, slot_name), &slot_claims)
        })
        .collect()
}

/// The status changes between two versions of a story's ledger, stamped with `at` and the post
/// whose arrival caused them. A slot missing on one side counts as `unknown` there.
pub fn changes(
    before: &[Slot],
    after: &[Slot],
    at: DateTime<Utc>,
    post: Option<&str>,
) -> Vec<LedgerChange> {
    let status_in = |slots: &[Slot], name: &str| {
        slots
            .iter()
            .find(|slot| slot.name == name)
            .map_or(SlotStatus::Unknown, |slot| slot.status)
    };
    let mut names: Vec<&str> = after.iter().map(|slot| slot.name.as_str()).collect();
    for slot in before {
        if !names.contains(&slot.name.as_str()) {
            names.push(&slot.name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let from = status_in(before, name);
            let to = status_in(after, name);
            (from != to).then(|| LedgerChange {
                at,
                slot: name.to_string(),
                from,
                to,
                post: post.map(str::to_string),
            })
        })
        .collect()
}

/// Whether two values say the same thing, by the README's matching rules: numbers compare as
/// numbers; otherwise one must contain the other as whole words after NFKC, lowercasing and
/// collapsing whitespace and punctuation ("deputy foreign minister" matches "a deputy foreign
/// minister"). A trailing plural "s" is tolerated per word ("terminals" = "terminal").
pub fn same_value(a: &str, b: &str) -> bool {
    ValueKey::new(a).same(&ValueKey::new(b))
}

/// A value read once for [`same_value`]: its number, if it is a count, its words, and the value
/// as written (for acronyms: "EPM" is "Equatoria People's Movement").
#[derive(Debug, Clone)]
struct ValueKey {
    number: Option<u64>,
    words: Vec<String>,
    written: String,
    /// `written` as an acronym, when it could be another value's
    /// ([`crate::origins::is_acronym_of`] asks this first), and the capitals opening its words
    /// (what an acronym of it spells): read once, not once per pair of values.
    acronym: Option<String>,
    initials: String,
}

impl ValueKey {
    /// Remembered by value: a large story's ledger reads the same few values thousands of
    /// times, pass after pass.
    fn new(value: &str) -> std::sync::Arc<ValueKey> {
        static KEYS: std::sync::LazyLock<crate::memo::Memo<std::sync::Arc<ValueKey>>> =
            std::sync::LazyLock::new(|| crate::memo::Memo::new(100_000));
        KEYS.get_or(crate::memo::key_of(&value), || {
            std::sync::Arc::new(ValueKey::read(value))
        })
    }

    fn read(value: &str) -> ValueKey {
        // Places meet by the gazetteer's name whatever the spelling ("Hawassa", "Awassa").
        let place = crate::entities::gazetteer().lookup(value).filter(|entry| {
            entry.kind == wiredesk_model::EntityKind::Place && !entry.house_spelling
        });
        ValueKey {
            number: number_of(value),
            words: words(place.map_or(value, |entry| entry.canonical.as_str())),
            written: value.trim().to_string(),
            acronym: crate::origins::could_be_acronym(value)
                .then(|| value.trim().trim_start_matches("the ").trim().to_string()),
            initials: crate::origins::initials(value),
        }
    }

    /// [`crate::origins::is_acronym_of`]`(self.written, other.written)`, from what each read.
    fn is_acronym_of(&self, other: &ValueKey) -> bool {
        self.acronym.as_deref().is_some_and(|short| {
            other.initials == short
                || other.written.match_indices(short).any(|(at, _)| {
                    other.written[..at].ends_with('(')
                        && other.written[at + short.len()..].starts_with(')')
                })
        })
    }

    fn same(&self, other: &ValueKey) -> bool {
        if let (Some(x), Some(y)) = (self.number, other.number) {
            return x == y;
        }
        if self.is_acronym_of(other) || other.is_acronym_of(self) {
            return true;
        }
        !self.words.is_empty()
            && !other.words.is_empty()
            && (contains_seq(&self.words, &other.words) || contains_seq(&other.words, &self.words))
    }
}

/// Whether `haystack` contains `needle` as whole words (normalized as in [`same_value`], without
/// the number rule).
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    let needle_words = words(needle);
    !needle_words.is_empty() && contains_seq(&words(haystack), &needle_words)
}

/// [`contains_words`] over a haystack already split by [`words`]: for a text searched many
/// times (a brief's evidence), split once.
pub fn contains_words_in(haystack_words: &[String], needle: &str) -> bool {
    let needle_words = words(needle);
    !needle_words.is_empty() && contains_seq(haystack_words, &needle_words)
}

/// `text` with its first letter in lower case ("Up to 20" → "up to 20").
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// NFKC, lowercase, whitespace collapsed to single spaces, trimmed.
pub fn normalize(text: &str) -> String {
    // ASCII is its own NFKC form: most texts skip the decomposition, the costly part.
    let folded: String = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    };
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a text after [`normalize`]: runs of letters and digits; everything else
/// (punctuation, hyphens, apostrophes) separates words.
pub fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

fn word_eq(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= 3
        && (long.strip_suffix('s') == Some(short) || long.strip_suffix("es") == Some(short))
}

fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    if needle.len() > haystack.len() {
        return false;
    }
    haystack.windows(needle.len()).any(|window| {
        window
            .iter()
            .zip(needle)
            .all(|(left, right)| word_eq(left, right))
    })
}

/// Words that may stand beside a count without making the value more than a number:
/// qualifiers ("at least", "about") and what is counted ("people killed").
const NUMBER_FILLERS: &[&str] = &[
    "at",
    "least",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "more",
    "than",
    "over",
    "nearly",
    "almost",
    "up",
    "to",
    "as",
    "many",
    "much",
    "of",
    "a",
    "total",
    "people",
    "persons",
    "person",
    "civilians",
    "civilian",
    "residents",
    "soldiers",
    "troops",
    "children",
    "dead",
    "killed",
    "died",
    "deaths",
    "injured",
    "wounded",
    "hurt",
    "casualties",
    "victims",
    "were",
    "have",
    "been",
    "was",
    "has",
    "reportedly",
    "toll",
    "death",
    "the",
    "by",
    "не",
    "менее",
    "меньше",
    "более",
    "около",
    "почти",
    "свыше",
    "порядка",
    "человек",
    "людей",
    "людини",
    "погибли",
    "погибших",
    "погиб",
    "погибло",
    "убиты",
    "убито",
    "ранены",
    "ранено",
    "раненых",
    "пострадали",
    "пострадавших",
    "загинули",
    "загиблих",
    "загинуло",
    "поранені",
    "поранено",
    "постраждали",
    "щонайменше",
    "принаймні",
    "понад",
    "близько",
    "майже",
    "менше",
    "ніж",
];

/// The number a value states, when the value is a count and nothing else: digits (with `,` or
/// thin-space thousands separators) or number words (English, Russian, Ukrainian), with
/// qualifiers such as "at least" allowed around it. `None` for anything with other words or two
/// numbers ("1 July", "2026-07-01").
pub fn number_of(text: &str) -> Option<u64> {
    // Thousands separators join digits; apostrophes inside Ukrainian words ("п'ять") are dropped.
    let tokens = words(&join_digit_groups(text).replace(['\'', '’', 'ʼ'], ""));
    let mut number: Option<u64> = None;
    let mut word_total: Option<u64> = None;
    let mut in_number_words = false;
    for token in &tokens {
        if let Ok(value) = token.parse::<u64>() {
            if number.is_some() || word_total.is_some() {
                return None;
            }
            number = Some(value);
            in_number_words = false;
        } else if let Some(value) = number_word(token) {
            if number.is_some() || (word_total.is_some() && !in_number_words) {
                return None;
            }
            // "two hundred and five": a hundred multiplies the units before it.
            word_total = Some(match word_total {
                Some(units @ 1..=9) if value == 100 => units * 100,
                total => total.unwrap_or(0) + value,
            });
            in_number_words = true;
        } else if token == "and" && in_number_words {
            // "one hundred and twelve"
        } else if NUMBER_FILLERS.contains(&token.as_str()) {
            in_number_words = false;
        } else {
            return None;
        }
    }
    number.or(word_total)
}

/// "12,500" and "12 500" (thin or no-break space) → "12500"; other commas stay separators.
fn join_digit_groups(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut joined = String::with_capacity(text.len());
    for (idx, &c) in chars.iter().enumerate() {
        let is_separator = matches!(c, ',' | '\u{202f}' | '\u{a0}');
        let between_digits = idx > 0
            && chars[idx - 1].is_ascii_digit()
            && chars.get(idx + 1).is_some_and(|next| next.is_ascii_digit())
            && chars
                .get(idx + 4)
                .is_none_or(|after| !after.is_ascii_digit());
        if !(is_separator && between_digits) {
            joined.push(c);
        }
    }
    joined
}

/// Number words up to the hundreds; compounds add up ("twenty one", "двадцать два").
pub fn number_word(word: &str) -> Option<u64> {
    const TABLE: &[(&str, u64)] = &[
        ("zero", 0),
        ("none", 0),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
        ("dozen", 12),
        ("один", 1),
        ("одна", 1),
        ("одно", 1),
        ("два", 2),
        ("две", 2),
        ("дві", 2),
        ("три", 3),
        ("четыре", 4),
        ("чотири", 4),
        ("пять", 5),
        ("шесть", 6),
        ("шість", 6),
        ("семь", 7),
        ("сім", 7),
        ("восемь", 8),
        ("вісім", 8),
        ("девять", 9),
        ("десять", 10),
        ("одиннадцать", 11),
        ("одинадцять", 11),
        ("двенадцать", 12),
        ("дванадцять", 12),
        ("тринадцать", 13),
        ("тринадцять", 13),
        ("четырнадцать", 14),
        ("чотирнадцять", 14),
        ("пятнадцать", 15),
        ("пятнадцять", 15),
        ("двадцать", 20),
        ("двадцять", 20),
        ("тридцать", 30),
        ("тридцять", 30),
        ("сорок", 40),
        ("пятьдесят", 50),
        ("пятдесят", 50),
        ("сто", 100),
        // Collective numerals and oblique cases, common with people ("двоє людей", "двох
        // поранених", "трое погибших").
        ("двое", 2),
        ("двоє", 2),
        ("двух", 2),
        ("двох", 2),
        ("двоих", 2),
        ("трое", 3),
        ("троє", 3),
        ("трёх", 3),
        ("трех", 3),
        ("трьох", 3),
        ("троих", 3),
        ("четверо", 4),
        ("пятеро", 5),
        ("шестеро", 6),
        ("семеро", 7),
    ];
    // Asked of every word of every cited text by the checker: a map, not a scan of the table.
    static BY_NAME: std::sync::LazyLock<std::collections::HashMap<&'static str, u64>> =
        std::sync::LazyLock::new(|| TABLE.iter().copied().collect());
    BY_NAME.get(word).copied()
}

/// Values of one slot that say the same thing, with who affirms and who denies them.
struct Group<'a> {
    affirmed: Vec<&'a Claim>,
    denied: Vec<&'a Claim>,
}

fn slot_of(name: &str, is_set: bool, claims: &[&Claim]) -> Slot {
    let mut groups: Vec<Group> = Vec::new();
    // A claim joins the first group holding a variant that says the same. Groups and their
    // variants only grow, so that group is the least group index over the matching variants,
    // and each distinct value compares itself only with the variants added since it last
    // asked: a large story's slot has thousands of claims over a few hundred values.
    let mut all_variants: Vec<(std::sync::Arc<ValueKey>, usize)> = Vec::new();
    // Per distinct value: its key, how many variants it has compared itself with, and the
    // least group among those that say the same.
    type Asked = (std::sync::Arc<ValueKey>, usize, Option<usize>);
    let mut asked: HashMap<&str, Asked> = HashMap::new();
    // Which values each group holds as variants.
    let mut in_group: std::collections::HashSet<(usize, &str)> = std::collections::HashSet::new();
    for claim in claims {
        let value = claim.value.trim();
        let (key, seen, first_match) = asked
            .entry(value)
            .or_insert_with(|| (ValueKey::new(value), 0, None));
        for (variant, group_idx) in &all_variants[*seen..] {
            if first_match.is_none_or(|first| *group_idx < first) && variant.same(key) {
                *first_match = Some(*group_idx);
            }
        }
        *seen = all_variants.len();
        let key = std::sync::Arc::clone(key);
        let group_idx = match *first_match {
            Some(idx) => idx,
            None => {
                groups.push(Group {
                    affirmed: Vec::new(),
                    denied: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[group_idx];
        if in_group.insert((group_idx, value)) {
            all_variants.push((key, group_idx));
        }
        if claim.denied {
            group.denied.push(claim);
        } else {
            group.affirmed.push(claim);
        }
    }
    let status = status_of(&groups, is_set);
    let mut values = Vec::new();
    for group in &groups {
        for (claims, denied) in [(&group.affirmed, false), (&group.denied, true)] {
            if claims.is_empty() {
                continue;
            }
            values.push(SlotValue {
                value: representative(claims),
                origins: origins_of(claims),
                evidence: evidence_of(claims),
                denied,
            });
        }
    }
    // Most-supported values first; denials after the claims they deny; otherwise first seen.
    values.sort_by_key(|value| (value.denied, std::cmp::Reverse(value.origins.len())));
    Slot {
        name: name.to_string(),
        status,
        values,
    }
}

fn origin_key(claim: &Claim) -> String {
    let origin = normalize(&claim.origin);
    if origin.is_empty() {
        normalize(&claim.post)
    } else {
        origin
    }
}

fn status_of(groups: &[Group], is_set: bool) -> SlotStatus {
    if groups.is_empty() {
        return SlotStatus::Unknown;
    }
    // A value one origin affirms and another denies.
    let denial_conflict = groups.iter().any(|group| {
        group.denied.iter().any(|denial| {
            group
                .affirmed
                .iter()
                .any(|claim| origin_key(claim) != origin_key(denial))
        })
    });
    if denial_conflict {
        return SlotStatus::Disputed;
    }
    if !is_set {
        // Per origin, the set of value groups it affirms; two origins conflict when neither set
        // contains the other.
        let mut per_origin: Vec<(String, Vec<usize>)> = Vec::new();
        for (group_idx, group) in groups.iter().enumerate() {
            for claim in &group.affirmed {
                let key = origin_key(claim);
                match per_origin.iter_mut().find(|(origin, _)| *origin == key) {
                    Some((_, set)) if !set.contains(&group_idx) => set.push(group_idx),
                    Some(_) => {}
                    None => per_origin.push((key, vec![group_idx])),
                }
            }
        }
        let subset = |a: &[usize], b: &[usize]| a.iter().all(|idx| b.contains(idx));
        for (left_idx, (_, left)) in per_origin.iter().enumerate() {
            for (_, right) in &per_origin[left_idx + 1..] {
                if !subset(left, right) && !subset(right, left) {
                    return SlotStatus::Disputed;
                }
            }
        }
    }
    let all_corroborated = groups.iter().all(|group| {
        let mut keys: Vec<String> = group
            .affirmed
            .iter()
            .chain(&group.denied)
            .map(|claim| origin_key(claim))
            .collect();
        keys.sort();
        keys.dedup();
        keys.len() >= 2
    });
    if all_corroborated {
        SlotStatus::Confirmed
    } else {
        SlotStatus::SingleOrigin
    }
}

/// The wording most claims use; ties go to the shortest, then the first seen.
fn representative(claims: &[&Claim]) -> String {
    // Each distinct value once, in order of first sight, with how many claims give it: a large
    // story's group holds thousands of claims of a few values.
    let mut distinct: Vec<(&str, usize)> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for claim in claims {
        let value = claim.value.trim();
        match position.get(value) {
            Some(&at) => distinct[at].1 += 1,
            None => {
                position.insert(value, distinct.len());
                distinct.push((value, 1));
            }
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for &(value, count) in &distinct {
        // An acronym gives way to the name it stands for ("EPM" → "Equatoria People's Movement").
        if crate::origins::could_be_acronym(value)
            && distinct
                .iter()
                .any(|(other, _)| crate::origins::is_acronym_of(value, other))
        {
            continue;
        }
        let better = match best {
            None => true,
            Some((best_value, best_count)) => {
                count > best_count || (count == best_count && value.len() < best_value.len())
            }
        };
        if better {
            best = Some((value, count));
        }
    }
    best.map(|(value, _)| value.to_string()).unwrap_or_default()
}

fn origins_of(claims: &[&Claim]) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Each origin as written normalised once ([`origin_key`]): a large story's group repeats
    // the same few origins thousands of times.
    let mut normalized: HashMap<&str, String> = HashMap::new();
    let mut origins = Vec::new();
    for claim in claims {
        let origin = normalized
            .entry(claim.origin.as_str())
            .or_insert_with(|| normalize(&claim.origin));
        let key = if origin.is_empty() {
            normalize(&claim.post)
        } else {
            origin.clone()
        };
        if seen.insert(key) {
            let name = if claim.origin.trim().is_empty() {
                &claim.post
            } else {
                &claim.origin
            };
            origins.push(name.trim().to_string());
        }
    }
    origins
}

fn evidence_of(claims: &[&Claim]) -> Vec<Evidence> {
    let mut seen: std::collections::HashSet<(&str, &str, &str)> = std::collections::HashSet::new();
    claims
        .iter()
        .filter(|claim| seen.insert((&claim.post, &claim.sentence, &claim.origin)))
        .map(|claim| Evidence {
            post: claim.post.clone(),
            sentence: claim.sentence.clone(),
            origin: claim.origin.clone(),
        })
        .collect()
}
