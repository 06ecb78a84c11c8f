//! The citation checker: a sentence is published only when every name, number, time, date and
//! quoted phrase in it appears in the evidence its citations point to (fail-closed).
//!
//! Decisions:
//! - What is checked: runs of capitalised words (names), `@handles`, digits (numbers compare as
//!   numbers, "twelve" in the evidence backs "12"), clock times ("08:38"), dates ("1 July 2026",
//!   "July 1", "2026-07-01", weekday and month names) and quoted phrases. Lowercase words are the
//!   composer's template glue and are not checked; so are "UTC", "Telegram" and the desk's name.
//! - Names match case-insensitively as whole words; a name the gazetteer knows also matches any of
//!   its aliases or demonyms in the evidence ("UN" ↔ "United Nations", "Russian" ↔ "Russia").
//! - A sentence-initial function word ("The", "They", "Only") is not a name.
//! - No citation, or a citation with no evidence, fails the sentence.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use wiredesk_analysis::entities::{GazetteerEntry, entities, gazetteer};
use wiredesk_analysis::ledger::{contains_words_in, normalize, number_of, number_word};
use wiredesk_analysis::memo::{Memo, key_of};
use wiredesk_model::Sentence;

#[cfg(test)]
mod tests;

/// Capitalised words the composer writes as glue, never checked.
const GLUE: &[&str] = &["UTC", "Telegram", "Wikipedia", "Wiredesk", "WireDesk"];

/// Sentence-initial words that are template glue, not names.
const STARTERS: &[&str] = &[
    "the",
    "they",
    "a",
    "an",
    "it",
    "its",
    "this",
    "these",
    "those",
    "there",
    "only",
    "no",
    "nobody",
    "none",
    "neither",
    "both",
    "all",
    "each",
    "earlier",
    "before",
    "after",
    "then",
    "pending",
    "what",
    "who",
    "whether",
    "when",
    "where",
    "reports",
    "report",
    "posts",
    "talks",
    "strike",
    "ceasefire",
    "statement",
    "story",
    "unconfirmed",
    "conflicting",
    "single",
    "independent",
    "according",
    "as",
    "at",
    "on",
    "in",
    "since",
    "so",
    "far",
    "also",
    "background",
    "timeline",
    "relayed",
    "forwarded",
    "copied",
    "linked",
    "not",
    "yet",
    "still",
    "now",
    "here",
    "every",
    "any",
    "some",
    "most",
    "many",
    "several",
    "local",
    "earlier",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"“([^”]+)”|"([^"]+)"|«([^»]+)»|‘([^’]+)’"#).expect("valid quote pattern")
});
static TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2}):(\d{2})\b").expect("valid time pattern"));
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid iso pattern"));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|september|october|november|december)(?:,?\s+(\d{4}))?\b",
    )
    .expect("valid date pattern")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b",
    )
    .expect("valid date pattern")
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("valid number pattern"));
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"@[A-Za-z0-9_]{3,}").expect("valid handle pattern"));

/// A day a text names: day and month, the year when given, the weekday when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateFact {
    day: u32,
    month: u32,
    year: Option<i32>,
    weekday: Option<Weekday>,
}

/// What a piece of evidence offers the checker, read once per text and each part only when a
/// sentence first asks for it: a large story's brief cites thousands of posts, and a fact is
/// usually backed by one of the first few, so most are never read beyond their text.
#[derive(Debug)]
pub(crate) struct EvidenceFacts {
    text: String,
    /// `text` split into words, and the text in Latin letters with its words when it has
    /// Cyrillic ("С-300" → "S-300"; else empty): a name backed in one script is backed in the
    /// other. Split once: a sentence asks for many names.
    words: std::sync::OnceLock<(Vec<String>, String, Vec<String>)>,
    normalized: std::sync::OnceLock<String>,
    lower_words: std::sync::OnceLock<HashSet<String>>,
    /// The entities' canonical names, read (by the tagger) only when a sentence names a
    /// gazetteer entry that the words alone do not back.
    canonicals: std::sync::OnceLock<HashSet<String>>,
    numbers: std::sync::OnceLock<Vec<f64>>,
    times: std::sync::OnceLock<HashSet<(u32, u32)>>,
    dates: std::sync::OnceLock<Vec<DateFact>>,
}

impl EvidenceFacts {
    fn new(text: String) -> EvidenceFacts {
        EvidenceFacts {
            text,
            words: std::sync::OnceLock::new(),
            normalized: std::sync::OnceLock::new(),
            lower_words: std::sync::OnceLock::new(),
            canonicals: std::sync::OnceLock::new(),
            numbers: std::sync::OnceLock::new(),
            times: std::sync::OnceLock::new(),
            dates: std::sync::OnceLock::new(),
        }
    }

    /// The words of the text, its Latin form (empty when it has no Cyrillic) and their words.
    fn words(&self) -> &(Vec<String>, String, Vec<String>) {
        self.words.get_or_init(|| {
            let latin = if self
                .text
                .chars()
                .any(wiredesk_analysis::translit::is_cyrillic)
            {
                wiredesk_analysis::translit::to_latin(&self.text)
            } else {
                String::new()
            };
            let latin_words = wiredesk_analysis::ledger::words(&latin);
            (
                wiredesk_analysis::ledger::words(&self.text),
                latin,
                latin_words,
            )
        })
    }

    fn normalized(&self) -> &str {
        self.normalized.get_or_init(|| normalize(&self.text))
    }

    fn lower_words(&self) -> &HashSet<String> {
        self.lower_words
            .get_or_init(|| self.words().0.iter().cloned().collect())
    }

    fn numbers(&self) -> &[f64] {
        self.numbers.get_or_init(|| {
            let mut numbers: Vec<f64> = NUMBER
                .find_iter(&self.text)
                .filter_map(|m| parse_number(m.as_str()))
                .collect();
            for word in self
                .normalized()
                .split(|c: char| !c.is_alphanumeric() && c != '-')
            {
                if !word.is_empty()
                    && !word.chars().any(|c| c.is_ascii_digit())
                    // A word without a hyphen is one token: its number is the table's
                    // ("twelve"), read without [`number_of`]'s re-normalizing ("twenty-five").
                    && let Some(value) = if word.contains('-') {
                        number_of(word)
                    } else {
                        number_word(word)
                    }
                {
                    numbers.push(value as f64);
                }
            }
            numbers
        })
    }

    fn times(&self) -> &HashSet<(u32, u32)> {
        self.times.get_or_init(|| {
            TIME.captures_iter(&self.text)
                .filter_map(|caps| Some((caps[1].parse().ok()?, caps[2].parse().ok()?)))
                .collect()
        })
    }

    fn dates(&self) -> &[DateFact] {
        self.dates.get_or_init(|| {
            date_facts(&self.text)
                .into_iter()
                .map(|(fact, _)| fact)
                .collect()
        })
    }

    /// Whether the words back `name`: as written, in Latin letters, or as one of the names of
    /// its gazetteer `entry`.
    fn has_name_in_words(&self, name: &str, entry: Option<&GazetteerEntry>) -> bool {
        let (text_words, latin, latin_words) = self.words();
        contains_words_in(text_words, name)
            || (!latin.is_empty() && contains_words_in(latin_words, name))
            || entry.is_some_and(|entry| {
                std::iter::once(&entry.canonical)
                    .chain(&entry.aliases)
                    .chain(&entry.demonyms)
                    .any(|alias| contains_words_in(text_words, alias))
            })
    }

    /// Whether the tagger finds `entry` in the text (under another form of its name).
    fn has_entity(&self, entry: &GazetteerEntry) -> bool {
        self.canonicals
            .get_or_init(|| {
                entities(&self.text, None)
                    .into_iter()
                    .map(|mention| mention.canonical.to_lowercase())
                    .collect()
            })
            .contains(&entry.canonical.to_lowercase())
    }

    fn has_date(&self, want: &DateFact) -> bool {
        self.dates().iter().any(|have| {
            have.day == want.day
                && have.month == want.month
                && match (have.year, want.year) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        })
    }

    fn has_weekday(&self, weekday: Weekday) -> bool {
        self.dates().iter().any(|have| {
            have.weekday == Some(weekday)
                || have
                    .year
                    .and_then(|year| NaiveDate::from_ymd_opt(year, have.month, have.day))
                    .is_some_and(|date| date.weekday() == weekday)
        }) || self
            .lower_words()
            .contains(WEEKDAYS[weekday.num_days_from_monday() as usize])
    }

    fn has_month(&self, month: u32) -> bool {
        self.dates().iter().any(|have| have.month == month)
            || self.lower_words().contains(MONTHS[(month - 1) as usize])
    }
}

/// The facts of recently checked evidence, by a hash of its text: a brief's sentences cite
/// the same posts again and again, and pass after pass, and reading a post (entities, dates,
/// numbers) once per sentence dominated composing a large story's brief. Shared by every
/// thread: the runtime moves a pass's briefs between workers.
/// It keeps about the posts of the largest stories a pass touches (two generations, the
/// posts nobody cites again age out).
static RECENT_FACTS: LazyLock<Memo<std::sync::Arc<EvidenceFacts>>> =
    LazyLock::new(|| Memo::new(16_384));

/// The facts of every text a sentence cites, each read once ([`evidence_facts`]): a fact is
/// backed when one of the texts backs it (a name word by word, by any of them).
struct FactSet(Vec<std::sync::Arc<EvidenceFacts>>);

impl FactSet {
    /// The words of every text first; the tagger, the costly part, only when they do not do.
    fn has_name(&self, name: &str) -> bool {
        let entry = gazetteer().lookup(name);
        self.0
            .iter()
            .any(|facts| facts.has_name_in_words(name, entry))
            || entry.is_some_and(|entry| self.0.iter().any(|facts| facts.has_entity(entry)))
    }

    fn has_date(&self, want: &DateFact) -> bool {
        self.0.iter().any(|facts| facts.has_date(want))
    }

    fn has_weekday(&self, weekday: Weekday) -> bool {
        self.0.iter().any(|facts| facts.has_weekday(weekday))
    }

    fn has_month(&self, month: u32) -> bool {
        self.0.iter().any(|facts| facts.has_month(month))
    }

    fn has_quote(&self, normalized: &str) -> bool {
        self.0
            .iter()
            .any(|facts| facts.normalized().contains(normalized))
    }

    fn has_time(&self, time: (u32, u32)) -> bool {
        self.0.iter().any(|facts| facts.times().contains(&time))
    }

    fn has_handle(&self, handle: &str) -> bool {
        self.0
            .iter()
            .any(|facts| facts.text.to_lowercase().contains(handle))
    }

    fn has_number(&self, value: f64) -> bool {
        self.0.iter().any(|facts| {
            facts
                .numbers()
                .iter()
                .any(|have| (have - value).abs() < 1e-9)
        })
    }
}

pub(crate) fn evidence_facts(text: String) -> std::sync::Arc<EvidenceFacts> {
    let found = RECENT_FACTS.get_or(key_of(&text), || {
        std::sync::Arc::new(EvidenceFacts::new(text.clone()))
    });
    // The facts of another text under the same hash are never used: read this one afresh.
    if found.text == text {
        found
    } else {
        std::sync::Arc::new(EvidenceFacts::new(text))
    }
}

/// One thing a sentence says that its cited evidence does not hold, as written in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Quote(String),
    Date(String),
    /// A full date whose weekday is not that date's.
    WeekdayOfDate(String),
    Time(String),
    Handle(String),
    Number(String),
    Weekday(String),
    Month(String),
    Name(String),
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Quote(text) => write!(f, "quote \"{text}\""),
            Missing::Date(text) => write!(f, "date \"{text}\""),
            Missing::WeekdayOfDate(text) => write!(f, "weekday in \"{text}\""),
            Missing::Time(text) => write!(f, "time {text}"),
            Missing::Handle(text) => write!(f, "handle {text}"),
            Missing::Number(text) => write!(f, "number {text}"),
            Missing::Weekday(text) => write!(f, "weekday {text}"),
            Missing::Month(text) => write!(f, "month {text}"),
            Missing::Name(text) => write!(f, "name \"{text}\""),
        }
    }
}

/// Why the checker refuses a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    NoCitation,
    /// Citations whose evidence the caller could not give.
    NoEvidence(Vec<String>),
    /// What the sentence says that its evidence does not, in the sentence's order by kind.
    Missing(Vec<Missing>),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::NoCitation => write!(f, "no citation"),
            CheckError::NoEvidence(urls) => {
                write!(f, "no evidence for citation {}", urls.join(", "))
            }
            CheckError::Missing(missing) => {
                let items: Vec<String> = missing.iter().map(Missing::to_string).collect();
                write!(f, "not in the cited evidence: {}", items.join("; "))
            }
        }
    }
}

/// Whether `sentence` rests on its citations. `evidence(url)` answers the text of the cited
/// post, item or page; `Err` names what is missing.
pub fn check_sentence(
    sentence: &Sentence,
    evidence: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    check_sentence_why(sentence, evidence).map_err(|error| error.to_string())
}

/// [`check_sentence`], saying what is missing as data: the analysis gates name their refusal
/// by its first item.
pub fn check_sentence_why(
    sentence: &Sentence,
    evidence: &dyn Fn(&str) -> Option<String>,
) -> Result<(), CheckError> {
    check_facts(sentence, &|url| evidence(url).map(evidence_facts))
}

/// [`check_sentence`] with the evidence already read: `facts(url)` answers what the checker
/// reads in the cited text ([`crate::EvidenceIndex`] keeps it for a whole brief).
pub(crate) fn check_sentence_in(
    sentence: &Sentence,
    facts: &dyn Fn(&str) -> Option<std::sync::Arc<EvidenceFacts>>,
) -> Result<(), String> {
    check_facts(sentence, facts).map_err(|error| error.to_string())
}

fn check_facts(
    sentence: &Sentence,
    facts: &dyn Fn(&str) -> Option<std::sync::Arc<EvidenceFacts>>,
) -> Result<(), CheckError> {
    if sentence.citations.is_empty() {
        return Err(CheckError::NoCitation);
    }
    let mut found = Vec::with_capacity(sentence.citations.len());
    let mut unresolved = Vec::new();
    for url in &sentence.citations {
        match facts(url) {
            Some(read) => found.push(read),
            None => unresolved.push(url.as_str()),
        }
    }
    if !unresolved.is_empty() {
        return Err(CheckError::NoEvidence(
            unresolved.into_iter().map(str::to_string).collect(),
        ));
    }
    let facts = FactSet(found);
    let missing = missing_facts(&sentence.text, &facts);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(CheckError::Missing(missing))
    }
}

fn missing_facts(text: &str, facts: &FactSet) -> Vec<Missing> {
    let mut missing = Vec::new();
    // Checked spans are blanked so names and numbers are not read twice.
    let mut rest = text.to_string();

    for caps in QUOTED.captures_iter(text) {
        let Some(quoted) = caps.iter().skip(1).flatten().next() else {
            continue;
        };
        if !facts.has_quote(&normalize(quoted.as_str())) {
            missing.push(Missing::Quote(quoted.as_str().to_string()));
        }
        blank(&mut rest, caps.get(0).map_or(0..0, |m| m.range()));
    }

    for (fact, range) in date_facts(&rest.clone()) {
        if !facts.has_date(&fact) {
            missing.push(Missing::Date(text[range.clone()].to_string()));
        } else if let (Some(weekday), Some(year)) = (fact.weekday, fact.year)
            && NaiveDate::from_ymd_opt(year, fact.month, fact.day)
                .is_none_or(|date| date.weekday() != weekday)
        {
            missing.push(Missing::WeekdayOfDate(text[range.clone()].to_string()));
        }
        blank(&mut rest, range);
    }

    for caps in TIME.captures_iter(&rest.clone()) {
        let hour: u32 = caps[1].parse().unwrap_or(99);
        let minute: u32 = caps[2].parse().unwrap_or(99);
        if !facts.has_time((hour, minute)) {
            missing.push(Missing::Time(caps[0].to_string()));
        }
        blank(&mut rest, caps.get(0).map_or(0..0, |m| m.range()));
    }

    for found in HANDLE.find_iter(&rest.clone()) {
        let handle = found.as_str().to_lowercase();
        if !facts.has_handle(&handle) {
            missing.push(Missing::Handle(found.as_str().to_string()));
        }
        blank(&mut rest, found.range());
    }

    for found in NUMBER.find_iter(&rest.clone()) {
        // "S-300", "Kh-101": digits that are part of a model's name are checked with the name.
        let mut before = rest[..found.start()].chars().rev();
        let in_name = match before.next() {
            Some(c) if c.is_alphabetic() => true,
            Some('-') => before.next().is_some_and(char::is_alphabetic),
            _ => false,
        };
        if in_name {
            continue;
        }
        let Some(value) = parse_number(found.as_str()) else {
            continue;
        };
        if !facts.has_number(value) {
            missing.push(Missing::Number(found.as_str().to_string()));
        }
        blank(&mut rest, found.range());
    }

    // Weekday and month names outside full dates must match a date in the evidence.
    for (word, _) in words_with_breaks(&rest) {
        let lower = word.to_lowercase();
        if let Some(idx) = WEEKDAYS.iter().position(|day| *day == lower) {
            let backed = Weekday::try_from(idx as u8).is_ok_and(|day| facts.has_weekday(day));
            if !backed {
                missing.push(Missing::Weekday(word.to_string()));
            }
        } else if let Some(idx) = MONTHS.iter().position(|month| *month == lower)
            && word.chars().next().is_some_and(char::is_uppercase)
            && !facts.has_month(idx as u32 + 1)
        {
            missing.push(Missing::Month(word.to_string()));
        }
    }

    for name in name_runs(&rest) {
        if !name_is_backed(&name, facts) {
            missing.push(Missing::Name(name));
        }
    }
    missing
}

/// A name run passes whole, or word by word when each word is itself backed.
fn name_is_backed(name: &str, facts: &FactSet) -> bool {
    if facts.has_name(name) {
        return true;
    }
    let words: Vec<&str> = name.split(' ').collect();
    words.len() > 1 && words.iter().all(|word| facts.has_name(word))
}

/// Runs of capitalised words, glue removed, possessives stripped.
pub(crate) fn name_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    for sentence in sentence_parts(text) {
        let mut current: Vec<String> = Vec::new();
        let mut first = true;
        for (word, breaks_after) in words_with_breaks(sentence) {
            let is_first = first;
            first = false;
            let bare = strip_possessive(&word);
            let capital = bare.chars().next().is_some_and(char::is_uppercase);
            let glue = !capital
                || is_glue(&bare)
                || (is_first
                    && (STARTERS.contains(&bare.to_lowercase().as_str()) || is_count(&bare)));
            if glue {
                if !current.is_empty() {
                    runs.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(bare);
            }
            if breaks_after && !current.is_empty() {
                runs.push(current.join(" "));
                current.clear();
            }
        }
        if !current.is_empty() {
            runs.push(current.join(" "));
        }
    }
    runs
}

/// A count in words ("Twelve", "Ninety-nine", "Two hundred"'s first word): capitalised only
/// for opening a sentence, never a name. Digits are what the checker holds to the evidence.
fn is_count(word: &str) -> bool {
    word.split('-').all(|part| {
        let lower = part.to_lowercase();
        wiredesk_analysis::ledger::number_word(&lower).is_some() || lower == "thousand"
    })
}

fn is_glue(word: &str) -> bool {
    let lower = word.to_lowercase();
    GLUE.iter().any(|glue| glue.eq_ignore_ascii_case(word))
        || MONTHS.contains(&lower.as_str())
        || WEEKDAYS.contains(&lower.as_str())
}

/// The sentence split where a new sentence may start (". ", ": ", "! ", "? ").
fn sentence_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (idx, ch) in text.char_indices() {
        if matches!(ch, '.' | '!' | '?' | ':')
            && bytes.get(idx + 1) == Some(&b' ')
            && text[idx + 2..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            parts.push(&text[start..=idx]);
            start = idx + 2;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Words (letters, digits, apostrophes, inner periods and hyphens: "S-300", "Iskander-M") and
/// whether punctuation follows them.
fn words_with_breaks(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let inner_hyphen = ch == '-'
            && current.chars().last().is_some_and(char::is_alphanumeric)
            && chars.peek().is_some_and(|next| next.is_alphanumeric());
        if ch.is_alphanumeric()
            || ch == '\''
            || ch == '’'
            || inner_hyphen
            || (ch == '.' && !current.is_empty())
        {
            current.push(ch);
            continue;
        }
        let is_break = !ch.is_whitespace();
        if !current.is_empty() {
            let trailing_period = current.ends_with('.') && current.matches('.').count() == 1;
            let word = current.trim_end_matches('.').to_string();
            out.push((word, is_break || trailing_period));
            current.clear();
        } else if is_break && let Some(last) = out.last_mut() {
            last.1 = true;
        }
    }
    if !current.is_empty() {
        out.push((current.trim_end_matches('.').to_string(), true));
    }
    out.retain(|(word, _)| !word.is_empty());
    out
}

fn strip_possessive(word: &str) -> String {
    let trimmed = word.trim_matches(|c| c == '\'' || c == '’');
    for suffix in ["'s", "’s"] {
        if let Some(stem) = trimmed.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    trimmed.to_string()
}

fn blank(text: &mut String, range: std::ops::Range<usize>) {
    if range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
    {
        let spaces = " ".repeat(range.end - range.start);
        text.replace_range(range, &spaces);
    }
}

fn parse_number(raw: &str) -> Option<f64> {
    let trimmed = raw.trim_end_matches(['.', ',']);
    // "12,500" and "12.500" as thousands when every group has three digits; else a decimal point.
    let groups: Vec<&str> = trimmed.split([',', '.']).collect();
    if groups.len() > 1 && groups[1..].iter().all(|group| group.len() == 3) && trimmed.contains(',')
    {
        return groups.concat().parse().ok();
    }
    trimmed.replace(',', ".").parse().ok()
}

/// Every date a text names, with where.
fn date_facts(text: &str) -> Vec<(DateFact, std::ops::Range<usize>)> {
    let mut out: Vec<(DateFact, std::ops::Range<usize>)> = Vec::new();
    let month_of = |name: &str| {
        MONTHS
            .iter()
            .position(|month| month.eq_ignore_ascii_case(name))
            .map(|idx| idx as u32 + 1)
    };
    let weekday_of = |name: Option<regex::Match>| {
        name.and_then(|m| {
            WEEKDAYS
                .iter()
                .position(|day| day.eq_ignore_ascii_case(m.as_str()))
                .and_then(|idx| Weekday::try_from(idx as u8).ok())
        })
    };
    for caps in DAY_MONTH.captures_iter(text) {
        let (Some(day), Some(month)) = (
            caps.get(2).and_then(|m| m.as_str().parse().ok()),
            caps.get(3).and_then(|m| month_of(m.as_str())),
        ) else {
            continue;
        };
        let year = caps.get(4).and_then(|m| m.as_str().parse().ok());
        let range = caps.get(0).map_or(0..0, |m| m.range());
        out.push((
            DateFact {
                day,
                month,
                year,
                weekday: weekday_of(caps.get(1)),
            },
            range,
        ));
    }
    for caps in MONTH_DAY.captures_iter(text) {
        let range = caps.get(0).map_or(0..0, |m| m.range());
        if out
            .iter()
            .any(|(_, r)| r.start < range.end && range.start < r.end)
        {
            continue;
        }
        let (Some(month), Some(day)) = (
            caps.get(2).and_then(|m| month_of(m.as_str())),
            caps.get(3).and_then(|m| m.as_str().parse().ok()),
        ) else {
            continue;
        };
        let year = caps.get(4).and_then(|m| m.as_str().parse().ok());
        out.push((
            DateFact {
                day,
                month,
                year,
                weekday: weekday_of(caps.get(1)),
            },
            range,
        ));
    }
    for caps in ISO_DATE.captures_iter(text) {
        let range = caps.get(0).map_or(0..0, |m| m.range());
        let (Some(year), Some(month), Some(day)) = (
            caps[1].parse().ok(),
            caps[2].parse().ok(),
            caps[3].parse().ok(),
        ) else {
            continue;
        };
        out.push((
            DateFact {
                day,
                month,
                year: Some(year),
                weekday: None,
            },
            range,
        ));
    }
    out
}
