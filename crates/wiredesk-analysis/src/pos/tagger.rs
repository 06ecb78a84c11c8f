//! The part-of-speech model: a greedy averaged perceptron over Penn Treebank tags (Honnibal, "A
//! good part-of-speech tagger in about 200 lines of Python", 2013), with a tag dictionary for
//! frequent unambiguous words.
//!
//! Decision: greedy left-to-right decoding, not Viterbi. The previous two *predicted* tags are
//! features, so one pass per token is enough and the tagger stays fast and small; on newswire
//! this design is within a few tenths of a point of CRF taggers. Training and tagging share
//! `features()`, so they can never disagree. The trainer lives in `wiredesk-eval`
//! (`train_pos`); the weights ship as a pruned text file (`data/pos.model`).

use crate::attribute::shape;
use std::collections::HashMap;
use std::fmt::Write as _;

const MAGIC: &str = "wiredesk-pos-tagger v1";
const START: &str = "-START-";
const START2: &str = "-START2-";

/// Map tokenizer forms to the forms CoNLL-2003 uses (one `"` for every double quote).
fn norm_token(token: &str) -> &str {
    match token {
        "``" | "''" | "“" | "”" | "«" | "»" | "„" => "\"",
        "-LRB-" => "(",
        "-RRB-" => ")",
        "—" | "–" => "--",
        "’" => "'",
        _ => token,
    }
}

/// The lowercase form features read: numbers become `!YEAR` / `!DIGITS` so they share weights
/// ("57th" keeps its letters).
fn norm_word(word: &str) -> String {
    let numeric = word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ':' | '/' | '-'));
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        "!YEAR".to_owned()
    } else if numeric {
        "!DIGITS".to_owned()
    } else {
        word.to_lowercase()
    }
}

/// "lower", "title", "upper", "mixed" or "none" (no letters).
fn case_class(word: &str) -> &'static str {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return "none";
    };
    let rest: Vec<char> = letters.collect();
    if first.is_uppercase() {
        if rest.iter().all(|c| c.is_lowercase()) {
            "title"
        } else if rest.iter().all(|c| c.is_uppercase()) {
            "upper"
        } else {
            "mixed"
        }
    } else if rest.iter().all(|c| c.is_lowercase()) {
        "lower"
    } else {
        "mixed"
    }
}

fn suffix(word: &str, n: usize) -> &str {
    let start = word
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(idx, _)| idx);
    &word[start..]
}

/// Per-sentence forms the features read.
struct Context<'a> {
    words: Vec<&'a str>,
    norm: Vec<String>,
    cases: Vec<&'static str>,
    /// Most letters of the sentence are capitals (a headline, a results table): case says little.
    upper: bool,
}

impl<'a> Context<'a> {
    fn new(tokens: &[&'a str]) -> Context<'a> {
        let words: Vec<&str> = tokens.iter().map(|t| norm_token(t)).collect();
        let norm = words.iter().map(|w| norm_word(w)).collect();
        let cases: Vec<&'static str> = words.iter().map(|w| case_class(w)).collect();
        let n_upper = cases.iter().filter(|&&c| c == "upper").count();
        let n_cased = cases.iter().filter(|&&c| c != "none").count();
        let upper = n_cased > 1 && 2 * n_upper > n_cased;
        Context {
            words,
            norm,
            cases,
            upper,
        }
    }

    /// Call `emit` with each feature of token `i`, given the two tags predicted before it.
    fn features(
        &self,
        i: usize,
        prev: &str,
        prev2: &str,
        buf: &mut String,
        emit: &mut dyn FnMut(&str),
    ) {
        let n = self.words.len();
        let norm = |k: isize| -> &str {
            let j = i as isize + k;
            if j < 0 {
                "<s>"
            } else if j as usize >= n {
                "</s>"
            } else {
                &self.norm[j as usize]
            }
        };
        let mut f = |buf: &mut String, args: std::fmt::Arguments| {
            buf.clear();
            let _ = buf.write_fmt(args);
            emit(buf);
        };
        let word = self.words[i];
        let lw = norm(0);
        f(buf, format_args!("b"));
        f(buf, format_args!("w={lw}"));
        if word != lw {
            f(buf, format_args!("W={word}"));
        }
        f(buf, format_args!("s1={}", suffix(lw, 1)));
        f(buf, format_args!("s2={}", suffix(lw, 2)));
        f(buf, format_args!("s3={}", suffix(lw, 3)));
        f(buf, format_args!("s4={}", suffix(lw, 4)));
        if let Some(c) = word.chars().next() {
            f(buf, format_args!("p1={c}"));
        }
        f(buf, format_args!("sh={}", shape(word)));
        let case = self.cases[i];
        let case_at = |k: isize| -> &str {
            let j = i as isize + k;
            if j < 0 || j as usize >= n {
                "-"
            } else {
                self.cases[j as usize]
            }
        };
        f(buf, format_args!("c={case}"));
        f(buf, format_args!("c-1c={}|{case}", case_at(-1)));
        f(buf, format_args!("cc+1={case}|{}", case_at(1)));
        if i == 0 {
            f(buf, format_args!("first|c={case}"));
        }
        if self.upper {
            f(buf, format_args!("U|c={case}"));
        }
        if word.chars().any(|c| c.is_numeric()) {
            f(buf, format_args!("digit"));
        }
        if word.len() > 1 && word.contains('-') {
            f(buf, format_args!("hyphen"));
        }
        f(buf, format_args!("t-1={prev}"));
        f(buf, format_args!("t-2={prev2}"));
        f(buf, format_args!("t-1t-2={prev}|{prev2}"));
        f(buf, format_args!("t-1w={prev}|{lw}"));
        f(buf, format_args!("t-1s3={prev}|{}", suffix(lw, 3)));
        f(buf, format_args!("w-1w={}|{lw}", norm(-1)));
        f(buf, format_args!("ww+1={lw}|{}", norm(1)));
        f(buf, format_args!("w-1={}", norm(-1)));
        f(buf, format_args!("w-2={}", norm(-2)));
        f(buf, format_args!("w+1={}", norm(1)));
        f(buf, format_args!("w+2={}", norm(2)));
        f(buf, format_args!("s3-1={}", suffix(norm(-1), 3)));
        f(buf, format_args!("s3+1={}", suffix(norm(1), 3)));
    }
}

/// A trained tagger: tag names, the tag dictionary and sparse feature weights.
#[derive(Debug, Clone, Default)]
pub struct Model {
    tags: Vec<Box<str>>,
    tagdict: HashMap<Box<str>, u8>,
    weights: HashMap<Box<str>, Box<[(u8, f32)]>>,
}

impl Model {
    /// Tag indices for `tokens` (same count); see [`Model::tag_name`].
    pub fn predict(&self, tokens: &[&str]) -> Vec<usize> {
        let ctx = Context::new(tokens);
        let mut buf = String::new();
        let mut scores = vec![0f32; self.tags.len()];
        let mut out: Vec<usize> = Vec::with_capacity(tokens.len());
        for i in 0..tokens.len() {
            if let Some(&tag) = self.tagdict.get(ctx.words[i]) {
                out.push(tag as usize);
                continue;
            }
            let prev = self.prev_tag(&out, i, 1);
            let prev2 = self.prev_tag(&out, i, 2);
            scores.iter_mut().for_each(|s| *s = 0.0);
            ctx.features(i, prev, prev2, &mut buf, &mut |feat| {
                if let Some(cells) = self.weights.get(feat) {
                    for &(tag, w) in cells.iter() {
                        scores[tag as usize] += w;
                    }
                }
            });
            out.push(argmax(&scores));
        }
        out
    }

    fn prev_tag(&self, out: &[usize], i: usize, back: usize) -> &str {
        match i.checked_sub(back) {
            Some(j) => &self.tags[out[j]],
            None if back == 1 => START,
            None => START2,
        }
    }

    /// The name of tag `idx` ("NNP"); empty for an unknown index.
    pub fn tag_name(&self, idx: usize) -> &str {
        self.tags.get(idx).map_or("", |t| t)
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    pub fn n_tagdict(&self) -> usize {
        self.tagdict.len()
    }

    /// The text form: the magic line, `header` as `#` comments, the tag names, the tag
    /// dictionary, then `feature\ttag:weight …` per line, dropping weights below `min_weight`.
    pub fn to_text(&self, header: &str, min_weight: f32) -> String {
        let mut out = format!("{MAGIC}\n");
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "tags\t{}", self.tags.join(" "));
        let mut dict: Vec<(&str, u8)> = self.tagdict.iter().map(|(w, &t)| (&**w, t)).collect();
        dict.sort_unstable();
        let _ = writeln!(out, "dict\t{}", dict.len());
        for (word, tag) in dict {
            let _ = writeln!(out, "{word}\t{tag}");
        }
        let mut names: Vec<&str> = self.weights.keys().map(|k| &**k).collect();
        names.sort_unstable();
        for name in names {
            let cells: Vec<String> = self.weights[name]
                .iter()
                .filter(|(_, w)| w.abs() >= min_weight)
                .map(|&(tag, w)| format!("{tag}:{}", fmt_weight(w)))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{name}\t{}", cells.join(" "));
        }
        out
    }

    /// Read the text form back; `None` when it is not a model file.
    pub fn from_text(text: &str) -> Option<Model> {
        let mut lines = text.lines().filter(|l| !l.starts_with("# ") && *l != "#");
        if lines.next()? != MAGIC {
            return None;
        }
        let tags: Vec<Box<str>> = lines
            .next()?
            .strip_prefix("tags\t")?
            .split(' ')
            .map(Box::from)
            .collect();
        let n_tags = tags.len();
        if n_tags == 0 || n_tags > usize::from(u8::MAX) {
            return None;
        }
        let n_dict: usize = lines.next()?.strip_prefix("dict\t")?.parse().ok()?;
        let mut tagdict = HashMap::with_capacity(n_dict);
        for _ in 0..n_dict {
            let (word, tag) = lines.next()?.split_once('\t')?;
            let tag: u8 = tag.parse().ok()?;
            if usize::from(tag) >= n_tags {
                return None;
            }
            tagdict.insert(Box::from(word), tag);
        }
        let mut weights = HashMap::new();
        for line in lines {
            let (name, cells) = line.rsplit_once('\t')?;
            let cells = cells
                .split(' ')
                .map(|cell| {
                    let (tag, w) = cell.split_once(':')?;
                    let tag: u8 = tag.parse().ok()?;
                    (usize::from(tag) < n_tags).then_some(())?;
                    Some((tag, w.parse().ok()?))
                })
                .collect::<Option<Box<[(u8, f32)]>>>()?;
            weights.insert(Box::from(name), cells);
        }
        Some(Model {
            tags,
            tagdict,
            weights,
        })
    }
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (idx, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = idx;
        }
    }
    best
}

fn fmt_weight(w: f32) -> String {
    let s = format!("{w:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Averaged perceptron training state (dense weights, interned features).
#[derive(Default)]
pub struct Trainer {
    tags: Vec<Box<str>>,
    tag_idx: HashMap<Box<str>, usize>,
    tagdict: HashMap<Box<str>, u8>,
    index: HashMap<Box<str>, usize>,
    /// `index.len() × tags.len()` weights, row per feature.
    weights: Vec<f32>,
    /// Sum of step × update, for averaging (`avg = w - u / steps`).
    updates: Vec<f32>,
    steps: f32,
}

impl Trainer {
    /// A trainer for `sentences` of (token, gold tag) pairs: collects the tag set and builds the
    /// tag dictionary from words seen at least `min_count` times with one tag at least
    /// `min_share` of the time (Honnibal: 20 and 0.97).
    pub fn new(sentences: &[Vec<(&str, &str)>], min_count: usize, min_share: f64) -> Trainer {
        let mut trainer = Trainer {
            steps: 1.0,
            ..Trainer::default()
        };
        let mut counts: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
        for sentence in sentences {
            for &(token, tag) in sentence {
                trainer.tag_id(tag);
                *counts
                    .entry(norm_token(token))
                    .or_default()
                    .entry(tag)
                    .or_default() += 1;
            }
        }
        for (word, tags) in counts {
            let total: usize = tags.values().sum();
            let (best_tag, best) = tags
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(t, c)| (*t, *c))
                .unwrap_or(("", 0));
            if total >= min_count && best as f64 / total as f64 >= min_share {
                let tag = trainer.tag_idx[best_tag] as u8;
                trainer.tagdict.insert(Box::from(word), tag);
            }
        }
        trainer
    }

    fn tag_id(&mut self, tag: &str) -> usize {
        if let Some(&idx) = self.tag_idx.get(tag) {
            return idx;
        }
        let idx = self.tags.len();
        self.tags.push(Box::from(tag));
        self.tag_idx.insert(Box::from(tag), idx);
        idx
    }

    /// One greedy pass over a sentence, learning from each mistake; returns the number of
    /// tokens tagged wrong.
    pub fn learn(&mut self, sentence: &[(&str, &str)]) -> usize {
        let tokens: Vec<&str> = sentence.iter().map(|(t, _)| *t).collect();
        let ctx = Context::new(&tokens);
        let n_tags = self.tags.len();
        let mut buf = String::new();
        let mut scores = vec![0f32; n_tags];
        let mut ids: Vec<usize> = Vec::new();
        let mut out: Vec<usize> = Vec::with_capacity(tokens.len());
        let mut n_wrong = 0;
        for i in 0..tokens.len() {
            // A tag not seen by `new` cannot be learned: the token only counts as wrong.
            let gold = self
                .tag_idx
                .get(sentence[i].1)
                .copied()
                .unwrap_or(usize::MAX);
            if let Some(&tag) = self.tagdict.get(ctx.words[i]) {
                out.push(tag as usize);
                n_wrong += usize::from(tag as usize != gold);
                continue;
            }
            let prev = match i {
                0 => START,
                _ => &self.tags[out[i - 1]],
            };
            let prev2 = match i {
                0 | 1 => START2,
                _ => &self.tags[out[i - 2]],
            };
            ids.clear();
            let index = &mut self.index;
            ctx.features(i, prev, prev2, &mut buf, &mut |feat| {
                let id = match index.get(feat) {
                    Some(&id) => id,
                    None => {
                        let next = index.len();
                        index.insert(feat.into(), next);
                        next
                    }
                };
                ids.push(id);
            });
            self.weights.resize(self.index.len() * n_tags, 0.0);
            self.updates.resize(self.index.len() * n_tags, 0.0);
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &id in &ids {
                let row = &self.weights[id * n_tags..(id + 1) * n_tags];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
            let guess = argmax(&scores);
            let step = self.steps;
            self.steps += 1.0;
            if guess != gold {
                n_wrong += 1;
                if gold == usize::MAX {
                    out.push(guess);
                    continue;
                }
                for &id in &ids {
                    self.weights[id * n_tags + gold] += 1.0;
                    self.weights[id * n_tags + guess] -= 1.0;
                    self.updates[id * n_tags + gold] += step;
                    self.updates[id * n_tags + guess] -= step;
                }
            }
            out.push(guess);
        }
        n_wrong
    }

    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// The averaged model so far, keeping weights of at least `min_weight` in absolute value.
    pub fn averaged(&self, min_weight: f32) -> Model {
        let n_tags = self.tags.len();
        let mut weights = HashMap::new();
        for (name, &id) in &self.index {
            let cells: Box<[(u8, f32)]> = (0..n_tags)
                .filter_map(|tag| {
                    let k = id * n_tags + tag;
                    let w = self.weights[k] - self.updates[k] / self.steps;
                    (w.abs() >= min_weight && w != 0.0).then_some((tag as u8, w))
                })
                .collect();
            if !cells.is_empty() {
                weights.insert(name.clone(), cells);
            }
        }
        Model {
            tags: self.tags.clone(),
            tagdict: self.tagdict.clone(),
            weights,
        }
    }
}
