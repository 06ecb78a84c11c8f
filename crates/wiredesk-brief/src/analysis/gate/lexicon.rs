//! The gates' word lists, read once from `data/en/` (compiled in): attribution cues, the desk's
//! own-reading markers, meta-talk phrases, sentence openers. Words about the language are data a
//! linguist can edit without touching a match arm.

use std::collections::HashSet;
use std::sync::LazyLock;

const ATTRIBUTION: &str = include_str!("../data/en/attribution.txt");
const META: &str = include_str!("../data/en/meta.txt");
const OPENERS: &str = include_str!("../data/en/openers.txt");

/// One word of a cue, or "…": up to [`MAX_GAP`] words of anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CueWord {
    Word(String),
    Gap,
}

/// Most words a "…" in a cue stands for.
pub(super) const MAX_GAP: usize = 4;

#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Cues whose party stands before them, longest first.
    pub before: Vec<Vec<CueWord>>,
    /// Cues whose party follows them, longest first.
    pub after: Vec<Vec<CueWord>>,
    /// Phrases marking the desk's own reading (normalised: lower case, straight apostrophes).
    pub desk: Vec<String>,
    pub evidence: HashSet<String>,
    pub noun_before: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub meta: Vec<String>,
    pub openers: HashSet<String>,
}

pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
        let mut lexicon = Lexicon::default();
        let mut section = "";
        for line in lines(ATTRIBUTION) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match name {
                    "before" => "before",
                    "after" => "after",
                    "desk" => "desk",
                    "evidence" => "evidence",
                    "noun-before" => "noun-before",
                    "adverb" => "adverb",
                    _ => "",
                };
                continue;
            }
            match section {
                "before" => lexicon.before.push(cue(line)),
                "after" => lexicon.after.push(cue(line)),
                "desk" => lexicon.desk.push(fold(line)),
                "evidence" => _ = lexicon.evidence.insert(fold(line)),
                "noun-before" => _ = lexicon.noun_before.insert(fold(line)),
                "adverb" => _ = lexicon.adverbs.insert(fold(line)),
                _ => {}
            }
        }
        for cues in [&mut lexicon.before, &mut lexicon.after] {
            cues.sort_by_key(|cue| std::cmp::Reverse(cue.len()));
        }
        lexicon.meta = lines(META).map(fold).collect();
        lexicon.openers = lines(OPENERS).map(fold).collect();
        lexicon
    });
    &LEXICON
}

/// Lower case, straight apostrophes, single spaces: how texts and phrases are compared.
pub(super) fn fold(text: &str) -> String {
    wiredesk_analysis::ledger::normalize(text)
        .replace(['’', '‘', '`'], "'")
        .replace(['“', '”', '«', '»'], "\"")
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn cue(line: &str) -> Vec<CueWord> {
    line.split_whitespace()
        .map(|word| match word {
            "…" | "..." => CueWord::Gap,
            word => CueWord::Word(fold(word)),
        })
        .collect()
}
