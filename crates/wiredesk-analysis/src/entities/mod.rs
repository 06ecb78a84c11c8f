//! Entity recognition: a gazetteer the project owns (`data/gazetteer.txt`) beside a world
//! gazetteer generated from open data (`data/world.tsv`: GeoNames cities of 15,000 people or more
//! and ISO 3166-2 regions, built by `scripts/build_gazetteer.py`), role patterns and
//! capitalized-name runs, resolved to canonical names and Wikipedia titles so aliases meet
//! ("Turkish" = "Turkey", "the UN" = "United Nations", "Kiev" = "Kyiv", "России" = "Russia").
//!
//! Decisions:
//! - The hand-written file keeps what open data lacks or spells otherwise (countries with demonyms
//!   and capitals, bodies, outlets, people, places the desk writes its own way); the world file
//!   adds every other place and gives hand-written places their population and other names. On a
//!   tie the hand-written entry wins, then the more populous place (the world file is sorted so).
//! - A world place below a million people that directly follows a capitalized name-shaped word is
//!   taken for a surname and left to the name pass ("Hillary Clinton", "Andrew Jackson").
//! - Matching works on word tokens (see `normalize`), not on regexes: every alias is compiled once
//!   into a sequence of word keys, indexed by its first key, so a post costs one hash lookup per
//!   word. Cyrillic keys drop common Russian and Ukrainian endings on both sides, which finds the
//!   inflected forms ("Стамбуле", "Турцией") without a morphological dictionary.
//! - Three passes, each on the words the previous left free: gazetteer (longest match), roles
//!   (official titles and bodies), then runs of capitalized words (people, organizations). Output is
//!   sorted and never overlaps.
//! - Roles keep the country out of their span so both are found: "Ukraine's deputy infrastructure
//!   minister" gives the country "Ukraine" and the role "deputy infrastructure minister" whose
//!   canonical name is "ukraine deputy infrastructure minister" (lowercase, no articles, country
//!   first whether written "Turkish foreign minister", "Turkey's foreign minister" or "foreign
//!   minister of Turkey"; "minister of foreign affairs" becomes "foreign minister"). Bodies named by
//!   a role-like phrase ("Russia's defence ministry", "the regional administration") are
//!   `Organization`s built the same way.

use std::collections::HashMap;
use std::sync::LazyLock;

use wiredesk_model::{EntityKind, EntityMention};

use crate::normalize::{fold, sentences, word_spans};

#[cfg(test)]
mod tests;

/// One line of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    pub canonical: String,
    pub kind: EntityKind,
    /// English Wikipedia title, underscores for spaces.
    pub wikipedia: Option<String>,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    pub capital: Option<String>,
    /// Web domains an outlet publishes on.
    pub domains: Vec<String>,
    pub state_affiliated: bool,
    /// The country an outlet, place or body belongs to.
    pub country: Option<String>,
    /// A city's population from GeoNames; 0 when unknown.
    pub population: u64,
    /// The canonical is the desk's chosen spelling (the hand-written gazetteer: "Kyiv", not
    /// "Kiev"). A GeoNames name is one romanisation among its aliases ("Awasa" for Hawassa), so
    /// a place from there is written as the sources write it.
    pub house_spelling: bool,
}

/// A line of the gazetteer that could not be read; the line is skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer line {line}: unknown kind {kind:?}")]
    UnknownKind { line: usize, kind: String },
    #[error("gazetteer line {line}: missing canonical name")]
    MissingName { line: usize },
    #[error("gazetteer line {line}: unknown field {field:?}")]
    UnknownField { line: usize, field: String },
    #[error("world gazetteer line {line}: {problem}")]
    World { line: usize, problem: String },
}

/// An alias compiled into word keys.
#[derive(Debug, Clone)]
struct Pattern {
    keys: Vec<String>,
    /// Short all-caps acronyms ("UN", "AP", "ООН") match their written form exactly.
    exact: Option<Vec<String>>,
    /// Written with a capital in the gazetteer: the text must start with one too.
    capital: bool,
    /// A world place below a million people: not taken right after a capitalized name-shaped word.
    weak: bool,
    entry_idx: usize,
}

/// The names the desk knows. Build it with [`Gazetteer::parse`] or use the bundled [`gazetteer()`].
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    patterns: Vec<Pattern>,
    /// First key → pattern indices, longest pattern first.
    by_first_key: HashMap<String, Vec<usize>, rustc_hash::FxBuildHasher>,
    by_canonical: HashMap<String, usize, rustc_hash::FxBuildHasher>,
    by_domain: HashMap<String, usize>,
}

/// The hand-written gazetteer.
pub const GAZETTEER_TXT: &str = include_str!("../../data/gazetteer.txt");
/// The generated world gazetteer (`scripts/build_gazetteer.py`).
pub const WORLD_TSV: &str = include_str!("../../data/world.tsv");

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse_with_world(GAZETTEER_TXT, WORLD_TSV).0);

/// Places below this population give way to a name pass when they follow a capitalized word.
const WEAK_POPULATION: u64 = 1_000_000;

/// The gazetteer bundled with the desk: `data/gazetteer.txt` and `data/world.tsv`.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

/// The place or country a name points to in the bundled gazetteer (any alias, inflected Cyrillic
/// forms): a country or hand-written place first, then the more populous of same-named places.
pub fn lookup_place(name: &str) -> Option<&'static GazetteerEntry> {
    gazetteer()
        .lookup_all(name)
        .find(|entry| matches!(entry.kind, EntityKind::Place | EntityKind::Country))
}

impl Gazetteer {
    /// Reads the gazetteer format documented at the top of `data/gazetteer.txt`. Bad lines are
    /// skipped and reported.
    pub fn parse(text: &str) -> (Gazetteer, Vec<GazetteerError>) {
        let mut gazetteer = Gazetteer::default();
        let mut errors = Vec::new();
        for (line_idx, raw_line) in text.lines().enumerate() {
            let line = raw_line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line, line_idx + 1) {
                Ok(entry) => gazetteer.add(entry),
                Err(error) => errors.push(error),
            }
        }
        gazetteer.finish();
        (gazetteer, errors)
    }

    /// The hand-written gazetteer, then the world file (`data/world.tsv` format: kind, canonical,
    /// country, population, `;`-separated aliases; `alias` lines add to a hand-written entry).
    pub fn parse_with_world(text: &str, world: &str) -> (Gazetteer, Vec<GazetteerError>) {
        let (mut gazetteer, mut errors) = Gazetteer::parse(text);
        let n_lines = world.lines().count();
        gazetteer.entries.reserve(n_lines);
        gazetteer.patterns.reserve(n_lines * 3);
        gazetteer.by_first_key.reserve(n_lines * 5 / 2);
        gazetteer.by_canonical.reserve(n_lines);
        for (line_idx, raw_line) in world.lines().enumerate() {
            if raw_line.is_empty() || raw_line.starts_with('#') {
                continue;
            }
            if let Err(problem) = gazetteer.add_world_line(raw_line) {
                errors.push(GazetteerError::World {
                    line: line_idx + 1,
                    problem,
                });
            }
        }
        gazetteer.finish();
        (gazetteer, errors)
    }

    fn finish(&mut self) {
        let patterns = &self.patterns;
        for indices in self.by_first_key.values_mut() {
            // Stable: on equal length, the order of insertion (hand-written first, then the
            // world file, most populous first) decides.
            indices.sort_by_key(|idx| std::cmp::Reverse(patterns[*idx].keys.len()));
        }
    }

    fn add_world_line(&mut self, line: &str) -> Result<(), String> {
        let mut fields = line.split('\t');
        let (Some(kind), Some(canonical), Some(country), Some(population), Some(aliases)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err("expected five tab-separated fields".to_owned());
        };
        let population: u64 = population
            .parse()
            .map_err(|_| format!("bad population {population:?}"))?;
        let aliases = aliases.split(';').filter(|alias| !alias.is_empty());
        match kind {
            "alias" => {
                let Some(&entry_idx) = self.by_canonical.get(&fold_name(canonical)) else {
                    return Err(format!("no entry {canonical:?} to add aliases to"));
                };
                let entry = &mut self.entries[entry_idx];
                if entry.population == 0 {
                    entry.population = population;
                }
                let added: Vec<String> = aliases.map(str::to_owned).collect();
                entry.aliases.extend(added.iter().cloned());
                for alias in &added {
                    self.add_pattern(alias, entry_idx, false);
                }
                Ok(())
            }
            "city" | "region" => {
                let entry = GazetteerEntry {
                    canonical: canonical.to_owned(),
                    kind: EntityKind::Place,
                    wikipedia: Some(canonical.replace(' ', "_")),
                    aliases: aliases.map(str::to_owned).collect(),
                    demonyms: Vec::new(),
                    capital: None,
                    domains: Vec::new(),
                    state_affiliated: false,
                    country: (!country.is_empty()).then(|| country.to_owned()),
                    population,
                    house_spelling: false,
                };
                self.add_entry(entry, population < WEAK_POPULATION);
                Ok(())
            }
            other => Err(format!("unknown kind {other:?}")),
        }
    }

    fn add(&mut self, entry: GazetteerEntry) {
        self.add_entry(entry, false);
    }

    fn add_pattern(&mut self, name: &str, entry_idx: usize, weak: bool) {
        if let Some(mut pattern) = compile_alias(name, entry_idx) {
            pattern.weak = weak;
            self.push_pattern(pattern);
        }
    }

    fn add_entry(&mut self, entry: GazetteerEntry, weak: bool) {
        let entry_idx = self.entries.len();
        self.by_canonical
            .entry(fold_name(&entry.canonical))
            .or_insert(entry_idx);
        for domain in &entry.domains {
            self.by_domain
                .entry(domain.to_ascii_lowercase())
                .or_insert(entry_idx);
        }
        let names = std::iter::once(&entry.canonical)
            .chain(&entry.aliases)
            .chain(&entry.demonyms);
        for name in names {
            if let Some(mut pattern) = compile_alias(name, entry_idx) {
                pattern.weak = weak;
                self.push_pattern(pattern);
            }
        }
        self.entries.push(entry);
    }

    fn push_pattern(&mut self, pattern: Pattern) {
        let pattern_idx = self.patterns.len();
        match self.by_first_key.get_mut(&pattern.keys[0]) {
            Some(indices) => indices.push(pattern_idx),
            None => {
                self.by_first_key
                    .insert(pattern.keys[0].clone(), vec![pattern_idx]);
            }
        }
        self.patterns.push(pattern);
    }

    /// The entry a name points to: any alias or demonym, case-insensitively except short all-caps
    /// acronyms; a leading "the" and a possessive "'s" are ignored; Cyrillic names may be inflected.
    pub fn lookup(&self, name: &str) -> Option<&GazetteerEntry> {
        self.lookup_all(name).next()
    }

    /// Every entry a name points to, in order of preference (hand-written entries, then the more
    /// populous places), each once.
    pub fn lookup_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a GazetteerEntry> + 'a {
        let spans = word_spans(name);
        let mut words: Vec<String> = spans.iter().map(|(s, e)| name[*s..*e].to_owned()).collect();
        if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
            words.remove(0);
        }
        let keys: Vec<String> = words.iter().map(|word| match_key(word)).collect();
        let candidates: &[usize] = keys
            .first()
            .and_then(|first| self.by_first_key.get(first))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut seen: Vec<usize> = Vec::new();
        candidates
            .iter()
            .map(|idx| &self.patterns[*idx])
            .filter(move |pattern| {
                pattern.keys == keys
                    && pattern
                        .exact
                        .as_ref()
                        .is_none_or(|exact| exact.iter().zip(&words).all(|(want, got)| want == got))
            })
            .filter_map(move |pattern| {
                if seen.contains(&pattern.entry_idx) {
                    return None;
                }
                seen.push(pattern.entry_idx);
                Some(&self.entries[pattern.entry_idx])
            })
    }

    /// The entry whose canonical name is `canonical` (case-insensitive).
    pub fn get(&self, canonical: &str) -> Option<&GazetteerEntry> {
        self.by_canonical
            .get(&fold_name(canonical))
            .map(|idx| &self.entries[*idx])
    }

    /// The outlet publishing on `host` or a parent domain ("www.reuters.com" → Reuters).
    pub fn outlet_by_domain(&self, host: &str) -> Option<&GazetteerEntry> {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let mut rest = host.as_str();
        loop {
            if let Some(idx) = self.by_domain.get(rest) {
                return Some(&self.entries[*idx]);
            }
            let (_, parent) = rest.split_once('.')?;
            if !parent.contains('.') {
                return None;
            }
            rest = parent;
        }
    }

    /// Every news outlet and wire.
    pub fn outlets(&self) -> impl Iterator<Item = &GazetteerEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.kind == EntityKind::Outlet)
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }
}

fn parse_line(line: &str, line_no: usize) -> Result<GazetteerEntry, GazetteerError> {
    let mut fields = line.split('|').map(str::trim);
    let kind_name = fields.next().unwrap_or_default();
    let kind = match kind_name {
        "country" => EntityKind::Country,
        "place" => EntityKind::Place,
        "org" => EntityKind::Organization,
        "outlet" => EntityKind::Outlet,
        "person" => EntityKind::Person,
        "other" => EntityKind::Other,
        other => {
            return Err(GazetteerError::UnknownKind {
                line: line_no,
                kind: other.to_owned(),
            });
        }
    };
    let canonical = fields
        .next()
        .filter(|name| !name.is_empty())
        .ok_or(GazetteerError::MissingName { line: line_no })?
        .to_owned();
    let mut entry = GazetteerEntry {
        wikipedia: Some(canonical.replace(' ', "_")),
        canonical,
        kind,
        aliases: Vec::new(),
        demonyms: Vec::new(),
        capital: None,
        domains: Vec::new(),
        state_affiliated: false,
        country: None,
        population: 0,
        house_spelling: true,
    };
    let list = |value: &str| -> Vec<String> {
        value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect()
    };
    for field in fields {
        if field.is_empty() {
            continue;
        }
        if field == "state" {
            entry.state_affiliated = true;
            continue;
        }
        let (key, value) = field.split_once(':').unwrap_or((field, ""));
        let value = value.trim();
        match key.trim() {
            "aka" => entry.aliases = list(value),
            "dem" => entry.demonyms = list(value),
            "capital" => entry.capital = Some(value.to_owned()),
            "domains" => entry.domains = list(value),
            "country" => entry.country = Some(value.to_owned()),
            "wiki" if value == "-" => entry.wikipedia = None,
            "wiki" => entry.wikipedia = Some(value.replace(' ', "_")),
            other => {
                return Err(GazetteerError::UnknownField {
                    line: line_no,
                    field: other.to_owned(),
                });
            }
        }
    }
    Ok(entry)
}

fn fold_name(name: &str) -> String {
    fold(name.trim())
}

fn compile_alias(name: &str, entry_idx: usize) -> Option<Pattern> {
    // Most names are one word of letters: the tokenizer would give the word itself.
    let mut words: Vec<&str> = if !name.is_empty() && name.chars().all(char::is_alphabetic) {
        vec![name]
    } else {
        let spans = word_spans(name);
        spans.iter().map(|(s, e)| &name[*s..*e]).collect()
    };
    // "the United Nations": the article is optional in text, so it is not part of the pattern.
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if words.is_empty() {
        return None;
    }
    let keys: Vec<String> = words.iter().map(|word| match_key(word)).collect();
    let mut n_letters = 0;
    let mut all_upper = true;
    for ch in words.iter().flat_map(|word| word.chars()) {
        if ch.is_alphabetic() {
            n_letters += 1;
            all_upper &= ch.is_uppercase();
        }
    }
    let acronym = n_letters > 0 && n_letters <= 5 && all_upper;
    let exact = acronym.then(|| words.iter().map(|word| (*word).to_owned()).collect());
    let capital = words[0].chars().next().is_some_and(char::is_uppercase);
    Some(Pattern {
        keys,
        exact,
        capital,
        weak: false,
        entry_idx,
    })
}

/// Words that end a region's name (`data/en/admin_units.txt`).
static ADMIN_UNITS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../../data/en/admin_units.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Whether a place is a region ("Poltava Oblast", "Rostov region"): a name ending in an
/// administrative unit that is not also a city's name. Many events share a region, and a town
/// named beside its region says more precisely where.
pub fn is_region(canonical: &str) -> bool {
    let ends_in_unit = canonical
        .split_whitespace()
        .next_back()
        .is_some_and(|last| ADMIN_UNITS.contains(&last.to_lowercase().as_str()));
    ends_in_unit
        && gazetteer()
            .lookup(canonical)
            .is_some_and(|entry| entry.population == 0)
}

/// Russian and Ukrainian endings, longest first, dropped from Cyrillic words before comparing.
const CYRILLIC_ENDINGS: &[&str] = &[
    "ией", "ією", "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ої", "ою", "ею", "ах",
    "ях", "ам", "ям", "ом", "ем", "ой", "ей", "ий", "ый", "ій", "ая", "яя", "ое", "ее", "ые", "ие",
    "ых", "их", "ым", "им", "ую", "юю", "ов", "ев", "ів", "ия", "ии", "ию", "ія", "ію", "ії", "ья",
    "ье", "ью", "і", "и", "ы", "а", "я", "е", "у", "ю", "о", "ь", "й", "ї", "є",
];

/// Suffixes that make a Russian or Ukrainian adjective of a place name ("Рахівський район" is
/// Rakhiv district, "Миргородського району" Myrhorod's), once the case ending is gone.
const CYRILLIC_PLACE_ADJECTIVE: &[&str] = &["ськ", "цьк", "ск", "цк"];

/// The key a word is compared by: its folded form, and for Cyrillic words of five letters or more
/// that form without a case ending ("России", "Россией", "Россия" → "росс"). A capitalised
/// adjective of a place meets the place ("Рахівському" → "рах", as "Рахів").
pub(crate) fn match_key(word: &str) -> String {
    let lower = fold(word);
    let is_cyrillic = lower
        .chars()
        .next()
        .is_some_and(|ch| ('\u{400}'..='\u{52f}').contains(&ch));
    if !is_cyrillic || lower.chars().count() < 5 {
        return lower;
    }
    let stem = cyrillic_stem(&lower);
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if capitalised
        && let Some(place) = CYRILLIC_PLACE_ADJECTIVE
            .iter()
            .find_map(|suffix| stem.strip_suffix(suffix))
            .filter(|place| place.chars().count() >= 3)
    {
        return if place.chars().count() >= 5 {
            cyrillic_stem(place).to_owned()
        } else {
            place.to_owned()
        };
    }
    stem.to_owned()
}

/// `lower` without its case ending, when at least three letters stay.
fn cyrillic_stem(lower: &str) -> &str {
    CYRILLIC_ENDINGS
        .iter()
        .find_map(|ending| {
            lower
                .strip_suffix(ending)
                .filter(|stem| stem.chars().count() >= 3)
        })
        .unwrap_or(lower)
}

/// A word of the text being analyzed.
struct Word<'a> {
    raw: &'a str,
    key: String,
    start: usize,
    end: usize,
}

/// The entities mentioned in `text`, sorted by start, never overlapping. `lang` is accepted for
/// symmetry with the other stages; every language's names and roles are looked for.
pub fn entities(text: &str, lang: Option<&str>) -> Vec<EntityMention> {
    let _ = lang;
    let gazetteer = gazetteer();
    let words: Vec<Word<'_>> = word_spans(text)
        .into_iter()
        .map(|(start, end)| Word {
            raw: &text[start..end],
            key: match_key(&text[start..end]),
            start,
            end,
        })
        .collect();
    // Which mention covers each word.
    let mut covered: Vec<Option<usize>> = vec![None; words.len()];
    let mut mentions: Vec<EntityMention> = Vec::new();

    gazetteer_pass(gazetteer, text, &words, &mut covered, &mut mentions);
    roles::role_pass(text, &words, &mut covered, &mut mentions);
    ner_pass::ner_pass(text, &words, &mut covered, &mut mentions);
    names::name_pass(text, &words, &mut covered, &mut mentions);

    mentions.sort_by_key(|mention| mention.start);
    join_place_led_names(text, mentions)
}

/// "Vitsyebsk Footwear Combine", "London Stock Exchange": a place name that opens a longer
/// name found by the tagger (a person's or an organisation's shape right after it, one space
/// apart) is part of an organisation's name, not a place of its own.
fn join_place_led_names(text: &str, mentions: Vec<EntityMention>) -> Vec<EntityMention> {
    let mut joined: Vec<EntityMention> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        if let Some(previous) = joined.last_mut()
            && previous.kind == EntityKind::Place
            && matches!(mention.kind, EntityKind::Person | EntityKind::Organization)
            && mention.wikipedia.is_none()
            && &text[previous.end..mention.start] == " "
            && !text[previous.start..previous.end]
                .chars()
                .all(|c| !c.is_lowercase())
        {
            previous.end = mention.end;
            previous.text = text[previous.start..previous.end].to_string();
            previous.canonical = previous.text.clone();
            previous.kind = EntityKind::Organization;
            previous.wikipedia = None;
            continue;
        }
        joined.push(mention);
    }
    joined
}

/// Whether the text between two words lets a multi-word name continue across it.
fn tight_gap(text: &str, words: &[Word<'_>], left: usize) -> bool {
    let gap = &text[words[left].end..words[left + 1].start];
    if gap.is_empty() || gap.len() > 4 {
        return gap.is_empty();
    }
    let allowed = gap
        .chars()
        .all(|ch| matches!(ch, ' ' | '\u{a0}' | '-' | '.' | '\'' | '’'));
    // A period only continues a name after an initial ("U.N. Security Council").
    let period_ok = !gap.contains('.') || words[left].raw.chars().count() == 1;
    allowed && period_ok
}

fn gazetteer_pass(
    gazetteer: &Gazetteer,
    text: &str,
    words: &[Word<'_>],
    covered: &mut [Option<usize>],
    mentions: &mut Vec<EntityMention>,
) {
    let mut idx = 0;
    while idx < words.len() {
        let Some(candidates) = gazetteer.by_first_key.get(&words[idx].key) else {
            idx += 1;
            continue;
        };
        let found = candidates
            .iter()
            .map(|p| &gazetteer.patterns[*p])
            .find(|pattern| {
                let n_keys = pattern.keys.len();
                if idx + n_keys > words.len() {
                    return false;
                }
                let keys_match = (0..n_keys).all(|offset| {
                    words[idx + offset].key == pattern.keys[offset]
                        && (offset == 0 || tight_gap(text, words, idx + offset - 1))
                });
                if !keys_match {
                    return false;
                }
                if let Some(exact) = &pattern.exact {
                    return (0..n_keys).all(|offset| words[idx + offset].raw == exact[offset]);
                }
                let capital_ok = !pattern.capital
                    || words[idx]
                        .raw
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                capital_ok && !(pattern.weak && after_name_word(text, words, covered, idx))
            });
        let Some(pattern) = found else {
            idx += 1;
            continue;
        };
        let n_keys = pattern.keys.len();
        let entry = &gazetteer.entries[pattern.entry_idx];
        let (start, mut end) = (words[idx].start, words[idx + n_keys - 1].end);
        // "U.S.", "U.N.": keep an initialism's closing period.
        if n_keys > 1
            && words[idx + n_keys - 1].raw.chars().count() == 1
            && text[end..].starts_with('.')
            && text[words[idx].end..].starts_with('.')
        {
            end += 1;
        }
        let mention_idx = mentions.len();
        mentions.push(EntityMention {
            text: text[start..end].to_owned(),
            kind: entry.kind,
            canonical: entry.canonical.clone(),
            wikipedia: entry.wikipedia.clone(),
            start,
            end,
        });
        for slot in &mut covered[idx..idx + n_keys] {
            *slot = Some(mention_idx);
        }
        idx += n_keys;
    }
}

/// Whether the word before `idx` is a capitalized, name-shaped word the gazetteer left free,
/// joined by one space: "Hillary Clinton", "Andrew Jackson" (a surname, not the town).
fn after_name_word(text: &str, words: &[Word<'_>], covered: &[Option<usize>], idx: usize) -> bool {
    if idx == 0 || covered[idx - 1].is_some() {
        return false;
    }
    let previous = &words[idx - 1];
    let gap = &text[previous.end..words[idx].start];
    gap == " " && names::is_name_word(previous.raw)
}

/// Start offsets of the sentences of `text` (for "sentence-initial" checks).
fn sentence_starts(text: &str) -> Vec<usize> {
    sentences(text)
        .into_iter()
        .map(|(start, _)| start)
        .collect()
}

/// The `Wikipedia` title of the relations article between two countries
/// ("Russia–Turkey_relations"): canonical names in alphabetical order, en dash, underscores.
/// `None` when either name is not a country the gazetteer knows.
pub fn relation_title(country_a: &str, country_b: &str) -> Option<String> {
    let gazetteer = gazetteer();
    let resolve = |name: &str| {
        gazetteer
            .get(name)
            .or_else(|| gazetteer.lookup(name))
            .filter(|entry| entry.kind == EntityKind::Country)
            .map(|entry| entry.canonical.clone())
    };
    let mut names = [resolve(country_a)?, resolve(country_b)?];
    if names[0] == names[1] {
        return None;
    }
    names.sort();
    Some(format!("{}–{}_relations", names[0], names[1]).replace(' ', "_"))
}

mod names;
mod ner_pass;
mod roles;
