//! Name lists for the entity tagger's gazetteer features: entity strings by type, matched on
//! lowercased token sequences (so all-caps headlines match too).
//!
//! Two lists feed the features. The *trained* list holds the entity strings of CoNLL-2003's
//! training documents with, per type, the number of documents that used the string as that type;
//! it ships inside `data/ner.model`. While training, each document sees the list without its own
//! entities (leave-one-document-out), or every training entity would be in the list and the model
//! would trust it blindly. The *project* list is the desk's gazetteer (`crate::entities`), read at
//! start-up, so whatever it grows to is matched without retraining.
//!
//! Matching keeps every prefix of every key in the same map, so a scan from a token stops at the
//! first prefix that no name has: about one lookup per token.

use std::collections::HashMap;
use std::sync::LazyLock;

use wiredesk_model::EntityKind;

use super::N_TYPES;

/// The longest name, in tokens, the lists match.
pub const MAX_NAME_TOKENS: usize = 6;

/// Per type (PER, LOC, ORG, MISC), how many documents used a name as that type; all zero for a key
/// that is only the prefix of a longer name.
pub type TypeCounts = [u16; N_TYPES];

/// A document's own entity strings (lowercased key → mask of types), left out of the trained list
/// while that document is a training example.
pub type DocEntities = HashMap<String, u8>;

/// One list of names.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: HashMap<String, TypeCounts>,
}

/// A token's place in a matched name and the name's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// 0 = first token, 1 = inside, 2 = last, 3 = the whole name (one token).
    pub part: u8,
    /// Bit `t` set when the name was used as type `t`.
    pub types: u8,
    /// The type used most often.
    pub dominant: u8,
}

/// The lookup key of a token sequence: lowercased tokens joined by single spaces.
pub fn key_of<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut key = String::new();
    for (idx, token) in tokens.iter().enumerate() {
        if idx > 0 {
            key.push(' ');
        }
        key.push_str(&token.as_ref().to_lowercase());
    }
    key
}

impl Lexicon {
    /// Count one document's names: `names` holds (key, type) pairs, repeats within the document
    /// count once.
    pub fn add_document(&mut self, names: &DocEntities) {
        for (key, &mask) in names {
            if key.split(' ').count() > MAX_NAME_TOKENS {
                continue;
            }
            let counts = self.insert(key);
            for (type_idx, count) in counts.iter_mut().enumerate() {
                if mask & (1 << type_idx) != 0 {
                    *count = count.saturating_add(1);
                }
            }
        }
    }

    /// The entry for `key`, adding it and its prefixes.
    fn insert(&mut self, key: &str) -> &mut TypeCounts {
        for (pos, _) in key.match_indices(' ') {
            self.entries
                .entry(key[..pos].to_owned())
                .or_insert([0; N_TYPES]);
        }
        self.entries.entry(key.to_owned()).or_insert([0; N_TYPES])
    }

    /// Number of complete names.
    pub fn len(&self) -> usize {
        self.entries
            .values()
            .filter(|counts| counts.iter().any(|&c| c > 0))
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Mark the names found in `lower` (lowercased tokens): `hits[i]` gets one `Hit` per name
    /// covering token `i`. `exclude` holds names to discount once (the document's own).
    pub fn scan(&self, lower: &[String], exclude: Option<&DocEntities>, hits: &mut [Vec<Hit>]) {
        let mut key = String::new();
        for start in 0..lower.len() {
            key.clear();
            let stop = lower.len().min(start + MAX_NAME_TOKENS);
            for (end, word) in lower.iter().enumerate().take(stop).skip(start) {
                if end > start {
                    key.push(' ');
                }
                key.push_str(word);
                let Some(counts) = self.entries.get(key.as_str()) else {
                    break;
                };
                let mut counts = *counts;
                if let Some(mask) = exclude.and_then(|names| names.get(key.as_str())) {
                    for (type_idx, count) in counts.iter_mut().enumerate() {
                        if mask & (1 << type_idx) != 0 {
                            *count = count.saturating_sub(1);
                        }
                    }
                }
                let mut types = 0u8;
                let mut dominant = 0u8;
                for (type_idx, &count) in counts.iter().enumerate() {
                    if count > 0 {
                        types |= 1 << type_idx;
                        if count > counts[dominant as usize] {
                            dominant = type_idx as u8;
                        }
                    }
                }
                if types == 0 {
                    continue;
                }
                for (idx, token_hits) in hits.iter_mut().enumerate().take(end + 1).skip(start) {
                    let part = if start == end {
                        3
                    } else if idx == start {
                        0
                    } else if idx == end {
                        2
                    } else {
                        1
                    };
                    token_hits.push(Hit {
                        part,
                        types,
                        dominant,
                    });
                }
            }
        }
    }

    /// Text form, one complete name per line: `key<TAB>c0 c1 c2 c3`, sorted.
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, counts)| counts.iter().any(|&c| c > 0))
            .map(|(key, c)| format!("{key}\t{} {} {} {}", c[0], c[1], c[2], c[3]))
            .collect();
        lines.sort_unstable();
        let mut out = lines.join("\n");
        out.push('\n');
        out
    }

    /// Read one line of the text form.
    pub fn read_line(&mut self, line: &str) -> Option<()> {
        let (key, cells) = line.split_once('\t')?;
        let mut counts = [0u16; N_TYPES];
        let mut cells = cells.split(' ');
        for count in counts.iter_mut() {
            *count = cells.next()?.parse().ok()?;
        }
        *self.insert(key) = counts;
        Some(())
    }
}

/// The desk's gazetteer as a name list: countries and places are LOC, bodies and outlets ORG,
/// people PER, demonyms MISC (CoNLL's rule for nationalities). Aliases are cut by the same
/// tokenizer `find_entities` uses.
pub fn project_lexicon() -> &'static Lexicon {
    static PROJECT: LazyLock<Lexicon> = LazyLock::new(|| {
        let mut names = DocEntities::new();
        let mut add = |name: &str, type_idx: usize| {
            let tokens: Vec<String> = crate::attribute::tokenize(name)
                .into_iter()
                .map(|token| super::features::norm_token(&token.text).into_owned())
                .collect();
            if !tokens.is_empty() {
                *names.entry(key_of(&tokens)).or_default() |= 1 << type_idx;
            }
        };
        for entry in crate::entities::gazetteer().entries() {
            let type_idx = match entry.kind {
                EntityKind::Person => 0,
                EntityKind::Place | EntityKind::Country => 1,
                EntityKind::Organization | EntityKind::Outlet => 2,
                _ => continue,
            };
            for name in std::iter::once(&entry.canonical).chain(&entry.aliases) {
                add(name, type_idx);
            }
            for demonym in &entry.demonyms {
                add(demonym, 3);
            }
        }
        let mut lexicon = Lexicon::default();
        lexicon.add_document(&names);
        lexicon
    });
    &PROJECT
}
