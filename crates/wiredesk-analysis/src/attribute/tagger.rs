//! The attribution sequence tagger: a first-order structured (averaged) perceptron over BIO
//! labels with hand features and constrained Viterbi decoding.
//!
//! Decision: no neural network. A linear-chain model with word, shape, cue-lexicon, quote and
//! distance-to-cue features reaches CRF-level span F1 on PolNeAR, trains in a minute on two cores,
//! and ships as a small pruned text file (`data/attribution.model`) loaded once. The trainer lives
//! in `wiredesk-eval` (`train_attribution`); this module only holds the model, its features and the
//! learning step, so training and tagging can never disagree on features.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::lexicon::is_cue_word;

/// The BIO labels, in the order of the weight columns.
pub const LABELS: [&str; 7] = [
    "O",
    "B-source",
    "I-source",
    "B-cue",
    "I-cue",
    "B-content",
    "I-content",
];
pub const N_LABELS: usize = LABELS.len();
const START: usize = N_LABELS;

/// Index of a label name ("B-cue" → 3); unknown names read as `O`.
pub fn label_idx(label: &str) -> usize {
    LABELS.iter().position(|&l| l == label).unwrap_or(0)
}

/// `I-x` may only follow `B-x` or `I-x`.
fn allowed(prev: usize, cur: usize) -> bool {
    match cur {
        2 | 4 | 6 => prev == cur || prev + 1 == cur,
        _ => true,
    }
}

/// Map raw tokens to the forms the model saw in training (curly quotes → PTB quotes).
fn norm_token(token: &str) -> String {
    match token {
        "“" | "«" | "„" => "``".to_owned(),
        "”" | "»" => "''".to_owned(),
        "\"" => "''".to_owned(),
        "‘" => "`".to_owned(),
        "’" => "'".to_owned(),
        "—" | "–" => "--".to_owned(),
        "-LRB-" => "(".to_owned(),
        "-RRB-" => ")".to_owned(),
        _ => token.replace('’', "'"),
    }
}

/// A word's shape, runs collapsed and cut after seven marks ("Kyiv-2" → "Xx-d"); the POS
/// tagger's features use it too.
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
        if out.len() > 6 {
            break;
        }
    }
    out
}

fn bucket(distance: Option<usize>) -> &'static str {
    match distance {
        None => "none",
        Some(0) => "0",
        Some(1) => "1",
        Some(2) => "2",
        Some(3) => "3",
        Some(4..=5) => "4-5",
        Some(6..=9) => "6-9",
        Some(10..=19) => "10-19",
        Some(_) => "20+",
    }
}

fn is_open_quote(t: &str) -> bool {
    t == "``" || t == "`"
}

fn is_close_quote(t: &str) -> bool {
    t == "''"
}

/// Per-sentence context the features read.
struct Context {
    lower: Vec<String>,
    shapes: Vec<String>,
    cue: Vec<bool>,
    in_quote: Vec<bool>,
    /// Distance to the nearest cue word on the left / right (excluding the token itself).
    cue_left: Vec<Option<usize>>,
    cue_right: Vec<Option<usize>>,
    /// Distance to the nearest comma on the left / right.
    comma_left: Vec<Option<usize>>,
    comma_right: Vec<Option<usize>>,
    /// Nearest left cue word itself.
    left_cue_word: Vec<Option<usize>>,
    n_cues: usize,
}

impl Context {
    fn new(tokens: &[String]) -> Context {
        let n = tokens.len();
        let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
        let shapes = tokens.iter().map(|t| shape(t)).collect();
        let cue: Vec<bool> = lower.iter().map(|w| is_cue_word(w)).collect();
        let mut in_quote = vec![false; n];
        let mut depth = false;
        for (i, t) in tokens.iter().enumerate() {
            if is_open_quote(t) {
                depth = true;
            }
            in_quote[i] = depth;
            if is_close_quote(t) {
                depth = false;
            }
        }
        let mut cue_left = vec![None; n];
        let mut left_cue_word = vec![None; n];
        let mut comma_left = vec![None; n];
        let mut last_cue = None;
        let mut last_comma = None;
        for i in 0..n {
            cue_left[i] = last_cue.map(|c| i - c);
            left_cue_word[i] = last_cue;
            comma_left[i] = last_comma.map(|c| i - c);
            if cue[i] {
                last_cue = Some(i);
            }
            if tokens[i] == "," {
                last_comma = Some(i);
            }
        }
        let mut cue_right = vec![None; n];
        let mut comma_right = vec![None; n];
        let mut next_cue = None;
        let mut next_comma = None;
        for i in (0..n).rev() {
            cue_right[i] = next_cue.map(|c: usize| c - i);
            comma_right[i] = next_comma.map(|c: usize| c - i);
            if cue[i] {
                next_cue = Some(i);
            }
            if tokens[i] == "," {
                next_comma = Some(i);
            }
        }
        let n_cues = cue.iter().filter(|&&c| c).count();
        Context {
            lower,
            shapes,
            cue,
            in_quote,
            cue_left,
            cue_right,
            comma_left,
            comma_right,
            left_cue_word,
            n_cues,
        }
    }

    /// Call `emit` with each feature string of token `i`.
    fn features(&self, i: usize, buf: &mut String, emit: &mut dyn FnMut(&str)) {
        let n = self.lower.len();
        let word = |k: isize| -> &str {
            let j = i as isize + k;
            if j < 0 {
                "<s>"
            } else if j as usize >= n {
                "</s>"
            } else {
                &self.lower[j as usize]
            }
        };
        let cue_at = |k: isize| -> bool {
            let j = i as isize + k;
            j >= 0 && (j as usize) < n && self.cue[j as usize]
        };
        let mut f = |buf: &mut String, args: std::fmt::Arguments| {
            buf.clear();
            let _ = buf.write_fmt(args);
            emit(buf);
        };
        let w = word(0);
        f(buf, format_args!("b"));
        f(buf, format_args!("w={w}"));
        f(buf, format_args!("w-1={}", word(-1)));
        f(buf, format_args!("w+1={}", word(1)));
        f(buf, format_args!("w-2={}", word(-2)));
        f(buf, format_args!("w+2={}", word(2)));
        f(buf, format_args!("w-1w={}|{w}", word(-1)));
        f(buf, format_args!("ww+1={w}|{}", word(1)));
        f(buf, format_args!("w-2-1={}|{}", word(-2), word(-1)));
        f(buf, format_args!("w+1+2={}|{}", word(1), word(2)));
        let chars: Vec<char> = w.chars().collect();
        if chars.len() > 3 {
            let suf3: String = chars[chars.len() - 3..].iter().collect();
            let pre3: String = chars[..3].iter().collect();
            f(buf, format_args!("s3={suf3}"));
            f(buf, format_args!("p3={pre3}"));
        }
        if chars.len() > 2 {
            let suf2: String = chars[chars.len() - 2..].iter().collect();
            f(buf, format_args!("s2={suf2}"));
        }
        let sh = &self.shapes[i];
        f(buf, format_args!("sh={sh}"));
        let sh_prev = if i > 0 {
            self.shapes[i - 1].as_str()
        } else {
            "<s>"
        };
        let sh_next = if i + 1 < n {
            self.shapes[i + 1].as_str()
        } else {
            "</s>"
        };
        f(buf, format_args!("sh-1={sh_prev}|{sh}"));
        f(buf, format_args!("sh+1={sh}|{sh_next}"));
        if i == 0 {
            f(buf, format_args!("first|{sh}"));
        }
        if i + 1 == n {
            f(buf, format_args!("last"));
        }
        let pos_bucket = match (i * 4).checked_div(n) {
            Some(q) => q.min(3),
            None => 0,
        };
        f(buf, format_args!("pos={pos_bucket}"));
        for (k, name) in [
            (-2isize, "c-2"),
            (-1, "c-1"),
            (0, "c0"),
            (1, "c+1"),
            (2, "c+2"),
        ] {
            if cue_at(k) {
                f(buf, format_args!("{name}"));
            }
        }
        if self.cue[i] {
            f(buf, format_args!("c0|w-1={}", word(-1)));
            f(buf, format_args!("c0|w+1={}", word(1)));
        }
        let dl = bucket(self.cue_left[i]);
        let dr = bucket(self.cue_right[i]);
        f(buf, format_args!("dl={dl}"));
        f(buf, format_args!("dr={dr}"));
        f(buf, format_args!("dl|dr={dl}|{dr}"));
        f(buf, format_args!("dl|sh={dl}|{sh}"));
        f(buf, format_args!("dr|sh={dr}|{sh}"));
        if let Some(c) = self.left_cue_word[i] {
            f(buf, format_args!("lcue={}|{dl}", self.lower[c]));
        }
        let q = self.in_quote[i];
        f(buf, format_args!("q={q}"));
        f(buf, format_args!("q|dl|dr={q}|{dl}|{dr}"));
        f(buf, format_args!("q|w={q}|{w}"));
        let cl = bucket(self.comma_left[i]);
        let cr = bucket(self.comma_right[i]);
        f(buf, format_args!("cl|cr={cl}|{cr}"));
        f(buf, format_args!("cr|dr={cr}|{dr}"));
        f(buf, format_args!("cl|dl={cl}|{dl}"));
        let n_cues = self.n_cues.min(3);
        f(buf, format_args!("nc={n_cues}"));
        f(buf, format_args!("nc|sh={n_cues}|{sh}"));
    }
}

/// A trained model: feature weights per label and label-transition weights.
#[derive(Debug, Clone, Default)]
pub struct Model {
    index: HashMap<Box<str>, usize>,
    weights: Vec<[f32; N_LABELS]>,
    transitions: [[f32; N_LABELS]; N_LABELS + 1],
}

/// The emission scores of every token.
fn emissions(
    tokens: &[String],
    lookup: &mut dyn FnMut(&str) -> Option<usize>,
    weights: &[[f32; N_LABELS]],
) -> Vec<[f32; N_LABELS]> {
    let ctx = Context::new(tokens);
    let mut buf = String::new();
    (0..tokens.len())
        .map(|i| {
            let mut score = [0f32; N_LABELS];
            ctx.features(i, &mut buf, &mut |feat| {
                if let Some(id) = lookup(feat) {
                    for (s, w) in score.iter_mut().zip(&weights[id]) {
                        *s += w;
                    }
                }
            });
            score
        })
        .collect()
}

fn viterbi(
    emissions: &[[f32; N_LABELS]],
    transitions: &[[f32; N_LABELS]; N_LABELS + 1],
) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; N_LABELS]; n];
    let mut back = vec![[0usize; N_LABELS]; n];
    for y in 0..N_LABELS {
        if allowed(START, y) && !matches!(y, 2 | 4 | 6) {
            score[0][y] = transitions[START][y] + emissions[0][y];
        }
    }
    for i in 1..n {
        for y in 0..N_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..N_LABELS {
                if !allowed(p, y) || score[i - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[i - 1][p] + transitions[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[i][y] = best + emissions[i][y];
            back[i][y] = arg;
        }
    }
    let mut y = (0..N_LABELS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = y;
        y = back[i][y];
    }
    path
}

impl Model {
    /// Label indices for `tokens` (same count).
    pub fn predict(&self, tokens: &[&str]) -> Vec<usize> {
        let tokens: Vec<String> = tokens.iter().map(|t| norm_token(t)).collect();
        let em = emissions(&tokens, &mut |f| self.index.get(f).copied(), &self.weights);
        viterbi(&em, &self.transitions)
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// The text form: a header, the transition rows, then `feature\tlabel:weight …` per line,
    /// dropping features whose largest weight is below `min_weight`.
    pub fn to_text(&self, min_weight: f32) -> String {
        let mut out = String::from("wiredesk-attribution-tagger v1\n");
        for row in &self.transitions {
            let cells: Vec<String> = row.iter().map(|w| fmt_weight(*w)).collect();
            out.push_str(&cells.join(" "));
            out.push('\n');
        }
        let mut names: Vec<(&str, usize)> = self.index.iter().map(|(k, &v)| (&**k, v)).collect();
        names.sort_unstable();
        for (name, id) in names {
            let w = &self.weights[id];
            if w.iter().all(|x| x.abs() < min_weight) {
                continue;
            }
            out.push_str(name);
            out.push('\t');
            let mut first = true;
            for (label, x) in w.iter().enumerate() {
                if x.abs() < min_weight {
                    continue;
                }
                if !first {
                    out.push(' ');
                }
                first = false;
                let _ = write!(out, "{label}:{}", fmt_weight(*x));
            }
            out.push('\n');
        }
        out
    }

    /// Read the text form back; `None` when it is not a model file.
    pub fn from_text(text: &str) -> Option<Model> {
        let mut lines = text.lines();
        if lines.next()? != "wiredesk-attribution-tagger v1" {
            return None;
        }
        let mut model = Model::default();
        for row in model.transitions.iter_mut() {
            let line = lines.next()?;
            let cells: Vec<f32> = line
                .split(' ')
                .map(|c| c.parse().ok())
                .collect::<Option<_>>()?;
            if cells.len() != N_LABELS {
                return None;
            }
            row.copy_from_slice(&cells);
        }
        for line in lines {
            let (name, cells) = line.split_once('\t')?;
            let mut w = [0f32; N_LABELS];
            for cell in cells.split(' ') {
                let (label, x) = cell.split_once(':')?;
                let label: usize = label.parse().ok()?;
                *w.get_mut(label)? = x.parse().ok()?;
            }
            model.index.insert(name.into(), model.weights.len());
            model.weights.push(w);
        }
        Some(model)
    }
}

fn fmt_weight(w: f32) -> String {
    let s = format!("{w:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// One training sentence: normalized tokens and gold label indices.
pub struct Example {
    features: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

/// Averaged structured perceptron training state.
#[derive(Default)]
pub struct Trainer {
    index: HashMap<Box<str>, usize>,
    weights: Vec<[f32; N_LABELS]>,
    /// Sum of step × update, for averaging (`avg = w - u / steps`).
    updates: Vec<[f32; N_LABELS]>,
    transitions: [[f32; N_LABELS]; N_LABELS + 1],
    transition_updates: [[f32; N_LABELS]; N_LABELS + 1],
    steps: f32,
}

impl Trainer {
    pub fn new() -> Trainer {
        Trainer {
            steps: 1.0,
            ..Trainer::default()
        }
    }

    /// Turn tokens and gold labels (names) into an example, interning its features.
    pub fn example(&mut self, tokens: &[&str], labels: &[&str]) -> Example {
        let tokens: Vec<String> = tokens.iter().map(|t| norm_token(t)).collect();
        let ctx = Context::new(&tokens);
        let mut buf = String::new();
        let features = (0..tokens.len())
            .map(|i| {
                let mut ids = Vec::new();
                ctx.features(i, &mut buf, &mut |feat| {
                    let next = self.index.len();
                    let id = *self.index.entry(feat.into()).or_insert(next);
                    if id == self.weights.len() {
                        self.weights.push([0.0; N_LABELS]);
                        self.updates.push([0.0; N_LABELS]);
                    }
                    ids.push(id as u32);
                });
                ids
            })
            .collect();
        let gold = labels.iter().map(|l| label_idx(l)).collect();
        Example { features, gold }
    }

    fn decode(&self, example: &Example) -> Vec<usize> {
        let em: Vec<[f32; N_LABELS]> = example
            .features
            .iter()
            .map(|ids| {
                let mut score = [0f32; N_LABELS];
                for &id in ids {
                    for (s, w) in score.iter_mut().zip(&self.weights[id as usize]) {
                        *s += w;
                    }
                }
                score
            })
            .collect();
        viterbi(&em, &self.transitions)
    }

    /// One perceptron step on `example`; returns whether the prediction was wrong.
    pub fn learn(&mut self, example: &Example) -> bool {
        let pred = self.decode(example);
        let step = self.steps;
        self.steps += 1.0;
        if pred == example.gold {
            return false;
        }
        for (i, ids) in example.features.iter().enumerate() {
            let (g, p) = (example.gold[i], pred[i]);
            if g != p {
                for &id in ids {
                    let id = id as usize;
                    self.weights[id][g] += 1.0;
                    self.weights[id][p] -= 1.0;
                    self.updates[id][g] += step;
                    self.updates[id][p] -= step;
                }
            }
            let (gp, pp) = if i == 0 {
                (START, START)
            } else {
                (example.gold[i - 1], pred[i - 1])
            };
            if (gp, g) != (pp, p) {
                self.transitions[gp][g] += 1.0;
                self.transitions[pp][p] -= 1.0;
                self.transition_updates[gp][g] += step;
                self.transition_updates[pp][p] -= step;
            }
        }
        true
    }

    /// The averaged model so far.
    pub fn averaged(&self) -> Model {
        let avg = |w: f32, u: f32| w - u / self.steps;
        let weights = self
            .weights
            .iter()
            .zip(&self.updates)
            .map(|(w, u)| std::array::from_fn(|y| avg(w[y], u[y])))
            .collect();
        let transitions = std::array::from_fn(|p| {
            std::array::from_fn(|y| avg(self.transitions[p][y], self.transition_updates[p][y]))
        });
        Model {
            index: self.index.clone(),
            weights,
            transitions,
        }
    }
}
