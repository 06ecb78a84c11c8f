//! Character and entity references as feeds really write them: XML's five, numeric references
//! (with the windows-1252 reading of `&#128;`–`&#159;` that browsers apply), every HTML5 named
//! entity (`&nbsp;`, `&eacute;`, … from `web_atoms`, the table html5ever uses, already in the
//! dependency tree through `scraper`), legacy names without `;` (`&nbsp `), internal DTD entities,
//! and a bare `&` kept as text.

use std::collections::HashMap;

/// Entities declared in the document's internal DTD subset (`<!ENTITY name "value">`).
#[derive(Debug, Default)]
pub(crate) struct Dtd {
    entities: HashMap<String, String>,
}

impl Dtd {
    /// Reads `<!ENTITY …>` declarations from the text of a `<!DOCTYPE …>`. Parameter entities and
    /// external (SYSTEM/PUBLIC) entities are skipped: nothing is ever fetched.
    pub fn parse(doctype: &str) -> (Dtd, usize) {
        let mut dtd = Dtd::default();
        let mut n_skipped = 0;
        let mut rest = doctype;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = rest[at + "<!ENTITY".len()..].trim_start();
            if let Some(after) = rest.strip_prefix('%') {
                n_skipped += 1;
                rest = after;
                continue;
            }
            let name_len = rest
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '>')
                .unwrap_or(rest.len());
            let name = &rest[..name_len];
            rest = rest[name_len..].trim_start();
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                n_skipped += 1;
                continue;
            };
            let value_and_rest = &rest[1..];
            let Some(close) = value_and_rest.find(quote) else {
                break;
            };
            if !name.is_empty() {
                dtd.entities
                    .entry(name.to_string())
                    .or_insert_with(|| value_and_rest[..close].to_string());
            }
            rest = &value_and_rest[close + 1..];
        }
        (dtd, n_skipped)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.entities.get(name).map(String::as_str)
    }
}

/// Counts of what the decoder had to guess about, for warnings.
#[derive(Debug, Default, Clone)]
pub(crate) struct EntityStats {
    pub bare_amp: usize,
    pub html_named: usize,
    pub unknown: Vec<String>,
    pub expansion_limited: bool,
}

/// Characters a DTD expansion may produce in one document, against "billion laughs".
pub(crate) const EXPANSION_BUDGET: usize = 1 << 20;
const MAX_EXPANSION_DEPTH: usize = 8;

/// Decodes references in text; `dtd` is the document's internal subset, if any.
pub(crate) struct Decoder<'a> {
    pub dtd: Option<&'a Dtd>,
    pub stats: EntityStats,
    budget: usize,
}

impl<'a> Decoder<'a> {
    /// `budget`: characters DTD expansions may still produce (shared across a document).
    pub fn new(dtd: Option<&'a Dtd>, budget: usize) -> Decoder<'a> {
        Decoder {
            dtd,
            stats: EntityStats::default(),
            budget,
        }
    }

    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Appends `raw` to `out` with every reference in it decoded.
    pub fn decode_into(&mut self, raw: &str, out: &mut String) {
        self.decode_depth(raw, out, 0);
    }

    pub fn decode(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        self.decode_into(raw, &mut out);
        out
    }

    fn decode_depth(&mut self, raw: &str, out: &mut String, depth: usize) {
        let mut rest = raw;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let consumed = self.reference(rest, out, depth);
            rest = &rest[consumed..];
        }
        out.push_str(rest);
    }

    /// Decodes the reference at the start of `s` (which starts with `&`); returns bytes consumed.
    fn reference(&mut self, s: &str, out: &mut String, depth: usize) -> usize {
        let bytes = s.as_bytes();
        if bytes.get(1) == Some(&b'#') {
            if let Some((c, len)) = numeric_reference(s) {
                out.push(c);
                return len;
            }
            self.stats.bare_amp += 1;
            out.push('&');
            return 1;
        }
        let name_len = bytes[1..]
            .iter()
            .take(40)
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
            .count();
        let name = &s[1..1 + name_len];
        if name_len > 0 && bytes.get(1 + name_len) == Some(&b';') {
            self.named(name, out, depth);
            return name_len + 2;
        }
        // No `;`: an HTML legacy name (`&nbsp `, `&eacute,`) when it is not part of a longer
        // word or a URL parameter (`?a=1&copy=2`), else a bare ampersand.
        let alnum_len = bytes[1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if alnum_len > 0 && alnum_len <= 8 {
            let word = &s[1..1 + alnum_len];
            let next = bytes.get(1 + alnum_len).copied();
            if next != Some(b'=')
                && let Some(&(first, second)) = web_atoms::NAMED_ENTITIES.get(word)
                && first != 0
            {
                push_code_points(out, first, second);
                self.stats.html_named += 1;
                return 1 + alnum_len;
            }
        }
        self.stats.bare_amp += 1;
        out.push('&');
        1
    }

    fn named(&mut self, name: &str, out: &mut String, depth: usize) {
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        };
        if let Some(c) = c {
            out.push(c);
            return;
        }
        if let Some(value) = self.dtd.and_then(|dtd| dtd.get(name)) {
            if depth >= MAX_EXPANSION_DEPTH || value.len() > self.budget {
                self.stats.expansion_limited = true;
                return;
            }
            self.budget -= value.len();
            self.decode_depth(value, out, depth + 1);
            return;
        }
        let mut key = String::with_capacity(name.len() + 1);
        key.push_str(name);
        key.push(';');
        if let Some(&(first, second)) = web_atoms::NAMED_ENTITIES.get(key.as_str())
            && first != 0
        {
            push_code_points(out, first, second);
            self.stats.html_named += 1;
            return;
        }
        if self.stats.unknown.len() < 8 && !self.stats.unknown.iter().any(|known| known == name) {
            self.stats.unknown.push(name.to_string());
        }
        out.push('&');
        out.push_str(name);
        out.push(';');
    }
}

fn push_code_points(out: &mut String, first: u32, second: u32) {
    out.push(char::from_u32(first).unwrap_or('\u{FFFD}'));
    if second != 0 {
        out.push(char::from_u32(second).unwrap_or('\u{FFFD}'));
    }
}

/// `&#123;`, `&#x7B;`, also without the `;` (a truncated reference); `None` without digits.
fn numeric_reference(s: &str) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    let (radix, digits_start) = match bytes.get(2) {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let n_digits = bytes[digits_start..]
        .iter()
        .take_while(|b| (**b as char).is_digit(radix))
        .count();
    if n_digits == 0 {
        return None;
    }
    let digits = &s[digits_start..digits_start + n_digits];
    let value = if n_digits > 8 {
        u32::MAX
    } else {
        u32::from_str_radix(digits, radix).unwrap_or(u32::MAX)
    };
    let mut len = digits_start + n_digits;
    if bytes.get(len) == Some(&b';') {
        len += 1;
    }
    Some((numeric_char(value), len))
}

/// The character a numeric reference stands for, as HTML reads it: NUL, surrogates and values
/// past U+10FFFF become U+FFFD, and 128–159 are read as windows-1252 (`&#150;` is an en dash).
pub(crate) fn numeric_char(value: u32) -> char {
    const WINDOWS_1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0 => 0xFFFD,
        0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize],
        other => other,
    };
    char::from_u32(value).unwrap_or('\u{FFFD}')
}

/// Decodes references in HTML text (no DTD).
pub(crate) fn decode_html(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    Decoder::new(None, 0).decode(raw)
}
