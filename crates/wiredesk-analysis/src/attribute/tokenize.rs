//! A small sentence splitter and Penn-Treebank-like tokenizer with byte offsets, private to
//! attribution: the tagger was trained on CoreNLP-style tokens (`` `` ``/`''` quotes, `'s` and
//! `n't` split off, `--` for dashes), so text is cut the same way before tagging. Kept here, not
//! shared with `normalize`, so the model and its tokens change together.

/// A token: its normalized form (what the tagger sees) and its byte range in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "jr", "sr", "st", "gov", "sen", "rep", "lt", "gen", "col", "sgt",
    "capt", "cmdr", "adm", "maj", "prof", "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "vs", "etc",
    "no", "ft", "mt", "ave", "blvd", "dept", "univ", "approx", "est", "fig", "al",
];

fn is_abbreviation(word: &str) -> bool {
    // `word` includes the final period.
    let stem = &word[..word.len() - 1];
    if stem.is_empty() {
        return false;
    }
    if stem.contains('.') && stem.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true; // U.S. / a.m.
    }
    let mut chars = stem.chars();
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_alphabetic()
        && first.is_uppercase()
    {
        return true; // J.
    }
    let lower = stem.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '\''
            | '`'
            | '('
            | '['
            | '{'
            | '«'
            | '„'
            | '$'
            | '#'
            | '@'
            | '¿'
            | '¡'
            | '*'
    ) || is_dash(c)
}

fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | '»'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
            | '%'
            | '…'
            | '*'
    ) || is_dash(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// The form the tagger sees: curly and straight quotes become PTB quotes, dashes become `--`.
fn normalize_piece(piece: &str, opening: bool) -> String {
    match piece {
        "“" | "„" | "«" => "``".to_owned(),
        "”" | "»" => "''".to_owned(),
        "\"" => if opening { "``" } else { "''" }.to_owned(),
        "‘" => "`".to_owned(),
        "’" => "'".to_owned(),
        "…" => "...".to_owned(),
        _ if piece.chars().all(is_dash) => "--".to_owned(),
        _ => piece.replace('’', "'"),
    }
}

/// Cut `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chunk_start = None;
    for (idx, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = chunk_start.take() {
                split_chunk(text, start, idx, &mut tokens);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(idx);
        }
    }
    if let Some(start) = chunk_start {
        split_chunk(text, start, text.len(), &mut tokens);
    }
    tokens
}

fn push(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, opening: bool) {
    if start < end {
        tokens.push(Token {
            text: normalize_piece(&text[start..end], opening),
            start,
            end,
        });
    }
}

/// Split one whitespace-free chunk `text[start..end]`.
fn split_chunk(text: &str, mut start: usize, mut end: usize, tokens: &mut Vec<Token>) {
    // Leading punctuation, one char at a time ("``" stays one token).
    while start < end {
        let rest = &text[start..end];
        if rest.starts_with("``") {
            push(tokens, text, start, start + 2, true);
            start += 2;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if is_leading_punct(c) && rest.len() > c.len_utf8() {
            if is_dash(c) || c == '-' {
                let len: usize = rest
                    .chars()
                    .take_while(|&d| is_dash(d) || d == '-')
                    .map(char::len_utf8)
                    .sum();
                push(tokens, text, start, start + len, true);
                start += len;
                continue;
            }
            push(tokens, text, start, start + c.len_utf8(), true);
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected right to left.
    let mut trailing = Vec::new();
    while start < end {
        let word = &text[start..end];
        if word.ends_with("''") && word.len() > 2 {
            trailing.push((end - 2, end));
            end -= 2;
            continue;
        }
        if word.ends_with("...") && word.len() > 3 {
            trailing.push((end - 3, end));
            end -= 3;
            continue;
        }
        let Some(c) = word.chars().next_back() else {
            break;
        };
        if !is_trailing_punct(c) {
            break;
        }
        if c == '.' && is_abbreviation(word) {
            break;
        }
        if c == '\'' && word.len() > 1 && word[..word.len() - 1].ends_with(['s', 'S']) {
            // "voters'" → voters '
            trailing.push((end - 1, end));
            end -= 1;
            continue;
        }
        let len = c.len_utf8();
        if word.len() == len {
            break;
        }
        trailing.push((end - len, end));
        end -= len;
    }
    if start < end {
        split_word(text, start, end, tokens);
    }
    for &(a, b) in trailing.iter().rev() {
        push(tokens, text, a, b, false);
    }
}

/// A word without outer punctuation: split clitics ('s, n't) and inner dashes.
fn split_word(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let word = &text[start..end];
    // Inner em/en dashes and "--" separate words: "word—word".
    if let Some((pos, dash)) = word
        .char_indices()
        .find(|&(p, c)| p > 0 && (is_dash(c) || (c == '-' && word[p..].starts_with("--"))))
    {
        let len = if dash == '-' {
            word[pos..].chars().take_while(|&c| c == '-').count()
        } else {
            dash.len_utf8()
        };
        split_word(text, start, start + pos, tokens);
        push(tokens, text, start + pos, start + pos + len, false);
        if start + pos + len < end {
            split_chunk(text, start + pos + len, end, tokens);
        }
        return;
    }
    let lower = word.to_lowercase().replace('’', "'");
    for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
        if lower.len() > clitic.len() && lower.ends_with(clitic) {
            // Byte length of the clitic in the original (’ is 3 bytes, ' is 1).
            let orig_len: usize = word
                .chars()
                .rev()
                .take(clitic.chars().count())
                .map(char::len_utf8)
                .sum();
            let cut = end - orig_len;
            push(tokens, text, start, cut, false);
            push(tokens, text, cut, end, false);
            return;
        }
    }
    push(tokens, text, start, end, false);
}

/// Sentences of a post: byte ranges, cut at line breaks and at `.`, `!`, `?` followed by space
/// and a capital, digit or quote (not after an abbreviation).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end;
    }
    out
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let line = &text[start..end];
    let mut sent_start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(pos, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing quotes/brackets stay with the sentence.
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '»') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let mut n = j;
        while n < chars.len() && chars[n].1.is_whitespace() {
            n += 1;
        }
        let Some(&(_, next)) = chars.get(n) else {
            continue;
        };
        if !(next.is_uppercase()
            || next.is_numeric()
            || "\"“«‘(—–-".contains(next)
            || !next.is_alphabetic() && !next.is_ascii())
        {
            continue;
        }
        if c == '.' {
            let word_start = line[..pos].rfind(char::is_whitespace).map_or(0, |w| w + 1);
            if is_abbreviation(&line[word_start..=pos]) {
                continue;
            }
        }
        let sent_end = chars.get(j).map_or(line.len(), |&(p, _)| p);
        push_trimmed(text, start + sent_start, start + sent_end, out);
        sent_start = chars[n].0;
        let _ = pos;
    }
    push_trimmed(text, start + sent_start, end, out);
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((start + lead, end - trail));
    }
}
