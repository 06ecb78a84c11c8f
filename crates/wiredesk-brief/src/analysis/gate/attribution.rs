//! The `attribution` gate: a sentence that puts a view in a party's mouth ("Kyiv warns…",
//! "according to AFP…", "Ankara views the talks as…") needs that party to be a speaker in the
//! evidence it cites.
//!
//! Decisions:
//! - Speakers are what the desk already knows speaks in the cited items: the attribution stage's
//!   speakers and outlets over their texts, the story's origins whose relays are cited, and a
//!   cited post's own source when the post speaks for itself (an origin's own publication, or a
//!   post that quotes nobody).
//! - The party is read from the words next to the cue: the name run or noun phrase before a verb
//!   cue, the phrase after "according to". Every name run of the party must match one speaker:
//!   all its words among the speaker's (case aside, demonyms and country names meeting through
//!   the gazetteer). A pronoun or a bare "it is said" names nobody and is refused.
//! - A sentence that marks itself as the desk's reading ("The desk reads…", "One reading…")
//!   attributes nothing; words that name the evidence itself ("the reports say") are the
//!   cited material and pass.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use wiredesk_analysis::attribute::attribute;
use wiredesk_analysis::entities::gazetteer;
use wiredesk_analysis::normalize::is_stopword;
use wiredesk_model::{EntityKind, RelayKind};

use super::lexicon::{CueWord, Lexicon, MAX_GAP, fold, lexicon};
use super::meta::contains_phrase;
use crate::BriefInput;

/// Verbs that make a cue passive ("is said", "was reported").
const AUX: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
/// Relative pronouns that stand for the party named before them ("the ministry, which says").
const RELATIVE: &[&str] = &["who", "which", "that"];
/// Words that may join the words of one name ("Ministry of Defence", "Turkey and the UN").
const CONNECTORS: &[&str] = &["of", "and", "the", "for", "de", "&"];
/// Most words a party phrase takes.
const MAX_PARTY: usize = 6;

/// The words of one speaker, folded, with the gazetteer's canonical names for its capitalised
/// words ("Ukrainian" → "ukraine").
#[derive(Debug, Clone, Default)]
pub(super) struct Speaker {
    pub text: String,
    words: HashSet<String>,
}

impl Speaker {
    pub(super) fn new(text: &str) -> Speaker {
        let mut words = HashSet::new();
        for token in tokens(text) {
            if is_stopword(Some("en"), &token.lower) {
                continue;
            }
            if token.cap
                && let Some(canonical) = canonical(&token.bare)
            {
                words.insert(canonical);
            }
            words.insert(token.lower);
        }
        Speaker {
            text: text.to_string(),
            words,
        }
    }

    /// Every word of `run` is the speaker's.
    fn says(&self, run: &[String]) -> bool {
        !self.words.is_empty()
            && run.iter().all(|word| {
                self.words.contains(word)
                    || canonical(word).is_some_and(|canonical| self.words.contains(&canonical))
            })
    }
}

/// The speakers of the cited items (`urls`).
pub(super) fn speakers(input: &BriefInput, urls: &[&str]) -> Vec<Speaker> {
    let mut names: Vec<String> = Vec::new();
    for url in urls {
        if let Some(post) = input.posts.iter().find(|post| post.url == *url) {
            let text = match &post.title {
                Some(title) => format!("{title}.\n{}", post.text),
                None => post.text.clone(),
            };
            let found = attribute(&text);
            for attribution in &found {
                names.extend(attribution.speaker.as_ref().map(|s| s.text.clone()));
                names.extend(attribution.outlet.clone());
            }
            let primary = input.story.origins.iter().any(|origin| {
                origin
                    .relays
                    .iter()
                    .any(|relay| relay.post == post.reference && relay.kind == RelayKind::Primary)
            });
            let quotes_someone = found.iter().any(|a| a.speaker.is_some());
            if primary || !quotes_someone {
                if let Some(source) = input.sources.iter().find(|s| s.key == post.source_key) {
                    names.push(source.name.clone());
                }
                names.push(post.source_key.clone());
            }
            for origin in &input.story.origins {
                if origin
                    .relays
                    .iter()
                    .any(|relay| relay.post == post.reference)
                {
                    names.push(origin.name.clone());
                    names.extend(origin.aliases.iter().cloned());
                }
            }
        } else if let Some(summary) = input.background.iter().find(|s| s.url == *url) {
            for attribution in attribute(&summary.extract) {
                names.extend(attribution.speaker.map(|s| s.text));
                names.extend(attribution.outlet);
            }
        }
    }
    let mut seen = HashSet::new();
    names
        .into_iter()
        .filter(|name| seen.insert(name.to_lowercase()))
        .map(|name| Speaker::new(&name))
        .collect()
}

/// `Err` names the party `text` attributes a view to that no speaker matches.
pub(super) fn attribution(text: &str, speakers: &[Speaker]) -> Result<(), String> {
    let lexicon = lexicon();
    let folded = fold(text);
    if lexicon
        .desk
        .iter()
        .any(|phrase| contains_phrase(&folded, phrase))
    {
        return Ok(());
    }
    for party in parties(text) {
        match party {
            Party::Unnamed(cue) => {
                return Err(format!("a view attributed to no named party ({cue:?})"));
            }
            Party::Named { phrase, runs } => {
                let is_evidence =
                    runs.iter().flatten().all(|word| {
                        lexicon.evidence.contains(word) || is_stopword(Some("en"), word)
                    }) && runs
                        .iter()
                        .flatten()
                        .any(|word| lexicon.evidence.contains(word));
                if is_evidence {
                    continue;
                }
                let names: Vec<Vec<String>> = runs
                    .into_iter()
                    .map(|run| {
                        run.into_iter()
                            .filter(|word| !is_stopword(Some("en"), word))
                            .collect::<Vec<_>>()
                    })
                    .filter(|run| !run.is_empty())
                    .collect();
                if names.is_empty() {
                    return Err(format!("a view attributed to no named party ({phrase:?})"));
                }
                for run in &names {
                    if !speakers.iter().any(|speaker| speaker.says(run)) {
                        let known: Vec<&str> = speakers.iter().map(|s| s.text.as_str()).collect();
                        return Err(format!(
                            "{phrase:?} is not a speaker in the cited evidence (speakers: {})",
                            known.join(", ")
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Who a sentence attributes views to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Party {
    /// The words as written, and its name runs, each as folded words.
    Named {
        phrase: String,
        runs: Vec<Vec<String>>,
    },
    /// A cue with a pronoun or nothing for its party ("They argue", "It is claimed … by").
    Unnamed(String),
}

/// The parties of every attribution cue in `text`.
pub(super) fn parties(text: &str) -> Vec<Party> {
    let lexicon = lexicon();
    let tokens = tokens(text);
    let cues = find_cues(&tokens, lexicon);
    let cue_starts: HashSet<usize> = cues.iter().map(|cue| cue.start).collect();
    let mut out = Vec::new();
    for cue in &cues {
        let cue_words = tokens[cue.start..cue.end]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let found = if cue.after {
            party_after(&tokens, cue.end, &cue_starts)
        } else {
            match party_before(&tokens, cue.start, cue.end, lexicon, &cue_starts) {
                Before::Party(party) => party,
                Before::NotACue => continue,
            }
        };
        match found {
            Some(indices) => {
                let phrase = indices
                    .iter()
                    .map(|&idx| tokens[idx].text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Party::Named {
                    phrase,
                    runs: runs(&tokens, &indices),
                });
            }
            None => out.push(Party::Unnamed(cue_words)),
        }
    }
    out
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    /// As written.
    pub text: String,
    /// Folded, a possessive "'s" dropped.
    pub lower: String,
    /// As written, a possessive dropped.
    pub bare: String,
    pub cap: bool,
    pub possessive: bool,
    /// Punctuation (or the start of the text) stands between this token and the one before.
    pub boundary_before: bool,
}

pub(super) fn tokens(text: &str) -> Vec<Token> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"@?[\p{L}\p{N}_]+(?:['’\-][\p{L}\p{N}_]+)*").expect("word pattern")
    });
    let mut out: Vec<Token> = Vec::new();
    let mut last_end = 0;
    for hit in WORD.find_iter(text) {
        let gap = &text[last_end..hit.start()];
        last_end = hit.end();
        // "the ministers' view": a plural possessive.
        if gap.starts_with(['\'', '’'])
            && let Some(previous) = out.last_mut()
        {
            previous.possessive = true;
        }
        let boundary_before = out.is_empty()
            || gap
                .chars()
                .any(|c| !c.is_whitespace() && c != '\'' && c != '’');
        let written = hit.as_str();
        let (bare, possessive) = match written
            .strip_suffix("'s")
            .or_else(|| written.strip_suffix("’s"))
        {
            Some(stem) if !stem.is_empty() => (stem, true),
            _ => (written, false),
        };
        out.push(Token {
            text: written.to_string(),
            lower: fold(bare),
            bare: bare.to_string(),
            cap: bare.chars().next().is_some_and(char::is_uppercase),
            possessive,
            boundary_before,
        });
    }
    out
}

/// A cue found in the tokens: `start..end`, and whether its party follows it.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    after: bool,
}

fn find_cues(tokens: &[Token], lexicon: &Lexicon) -> Vec<Cue> {
    let mut all: Vec<(&Vec<CueWord>, bool)> = lexicon
        .after
        .iter()
        .map(|cue| (cue, true))
        .chain(lexicon.before.iter().map(|cue| (cue, false)))
        .collect();
    all.sort_by_key(|(cue, _)| std::cmp::Reverse(cue.len()));
    let mut out = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        let found = all
            .iter()
            .find_map(|(cue, after)| match_at(tokens, idx, cue).map(|end| (end, *after)));
        match found {
            Some((end, after)) => {
                out.push(Cue {
                    start: idx,
                    end,
                    after,
                });
                idx = end;
            }
            None => idx += 1,
        }
    }
    out
}

/// Where `cue` ends when it matches at `start`, its words in one clause.
fn match_at(tokens: &[Token], start: usize, cue: &[CueWord]) -> Option<usize> {
    fn go(tokens: &[Token], at: usize, cue: &[CueWord], first: bool) -> Option<usize> {
        let Some((head, rest)) = cue.split_first() else {
            return Some(at);
        };
        match head {
            CueWord::Word(word) => {
                let token = tokens.get(at)?;
                if (!first && token.boundary_before) || token.lower != *word || token.possessive {
                    return None;
                }
                go(tokens, at + 1, rest, false)
            }
            CueWord::Gap => (1..=MAX_GAP).find_map(|skip| {
                let end = at + skip;
                if end > tokens.len() || tokens[at..end].iter().any(|t| t.boundary_before) {
                    return None;
                }
                go(tokens, end, rest, false)
            }),
        }
    }
    go(tokens, start, cue, true)
}

enum Before {
    /// The party's token indices, or `None` when the cue names nobody.
    Party(Option<Vec<usize>>),
    /// The cue word is a noun here ("the claims"), or opens its clause ("Fears of…").
    NotACue,
}

fn party_before(
    tokens: &[Token],
    start: usize,
    end: usize,
    lexicon: &Lexicon,
    cue_starts: &HashSet<usize>,
) -> Before {
    if start == 0 || tokens[start].boundary_before {
        return Before::NotACue;
    }
    let mut idx = start - 1;
    loop {
        let token = &tokens[idx];
        if AUX.contains(&token.lower.as_str()) {
            // Passive: the party follows "by", if anyone is named at all.
            return if tokens
                .get(end)
                .is_some_and(|t| t.lower == "by" && !t.boundary_before)
            {
                Before::Party(party_after(tokens, end + 1, cue_starts))
            } else {
                Before::NotACue
            };
        }
        let adverb = lexicon.adverbs.contains(&token.lower)
            || (token.lower.len() > 4 && token.lower.ends_with("ly") && !token.cap);
        if !adverb {
            break;
        }
        if idx == 0 || token.boundary_before {
            return Before::Party(None);
        }
        idx -= 1;
    }
    let token = &tokens[idx];
    if token.possessive || lexicon.noun_before.contains(&token.lower) {
        return Before::NotACue;
    }
    if RELATIVE.contains(&token.lower.as_str()) {
        // "the ministry, which says": the party is named before the relative pronoun.
        if idx == 0 {
            return Before::Party(None);
        }
        return Before::Party(walk_back(tokens, idx - 1, lexicon));
    }
    Before::Party(walk_back(tokens, idx, lexicon))
}

/// The party phrase ending at `last`: a run of capitalised words (joined by "of", "and",
/// "the"…), or up to four lower-case content words ("the regional governor"), possibly after a
/// possessive name ("Russia's foreign ministry").
fn walk_back(tokens: &[Token], last: usize, lexicon: &Lexicon) -> Option<Vec<usize>> {
    #[derive(PartialEq)]
    enum Mode {
        Caps,
        Lower,
    }
    let mut mode: Option<Mode> = None;
    let mut phrase: Vec<usize> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut idx = last;
    loop {
        let token = &tokens[idx];
        let stop = is_stopword(Some("en"), &token.lower);
        if token.cap && !stop {
            if mode == Some(Mode::Lower) {
                if token.possessive {
                    phrase.push(idx);
                }
                break;
            }
            mode = Some(Mode::Caps);
            phrase.append(&mut pending);
            phrase.push(idx);
        } else if mode == Some(Mode::Caps) && CONNECTORS.contains(&token.lower.as_str()) {
            pending.push(idx);
        } else if !stop || lexicon.evidence.contains(&token.lower) {
            if mode == Some(Mode::Caps) {
                break;
            }
            mode = Some(Mode::Lower);
            phrase.push(idx);
        } else {
            break;
        }
        if phrase.len() >= MAX_PARTY || idx == 0 || token.boundary_before {
            break;
        }
        idx -= 1;
    }
    if phrase.is_empty() {
        return None;
    }
    phrase.sort_unstable();
    Some(phrase)
}

/// The party phrase starting at `first`: an article skipped, then a name run or a noun phrase,
/// up to punctuation, a function word or the next cue.
fn party_after(tokens: &[Token], first: usize, cue_starts: &HashSet<usize>) -> Option<Vec<usize>> {
    let mut idx = first;
    while tokens
        .get(idx)
        .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the" | "its" | "their"))
    {
        idx += 1;
    }
    let mut caps: Vec<usize> = Vec::new();
    let mut lower: Vec<usize> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    while let Some(token) = tokens.get(idx) {
        if (idx > first && token.boundary_before) || cue_starts.contains(&idx) {
            break;
        }
        let stop = is_stopword(Some("en"), &token.lower);
        if token.cap && !stop {
            caps.append(&mut pending);
            caps.push(idx);
        } else if !caps.is_empty() && CONNECTORS.contains(&token.lower.as_str()) {
            pending.push(idx);
        } else if !stop && caps.is_empty() {
            lower.push(idx);
        } else {
            break;
        }
        if caps.len() + lower.len() >= MAX_PARTY {
            break;
        }
        idx += 1;
    }
    let phrase = if caps.is_empty() { lower } else { caps };
    (!phrase.is_empty()).then_some(phrase)
}

/// The party's name runs: capitalised words split at connectors, or the whole noun phrase.
fn runs(tokens: &[Token], indices: &[usize]) -> Vec<Vec<String>> {
    let any_caps = indices
        .iter()
        .any(|&idx| tokens[idx].cap && !tokens[idx].possessive);
    if !any_caps {
        return vec![
            indices
                .iter()
                .map(|&idx| tokens[idx].lower.clone())
                .collect(),
        ];
    }
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for &idx in indices {
        let token = &tokens[idx];
        if token.cap {
            current.push(token.lower.clone());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The canonical name of a country or place word ("Ukrainian" → "ukraine"), folded.
fn canonical(word: &str) -> Option<String> {
    let entry = gazetteer().lookup(word)?;
    matches!(
        entry.kind,
        EntityKind::Country | EntityKind::Place | EntityKind::Organization | EntityKind::Outlet
    )
    .then(|| fold(&entry.canonical))
}
