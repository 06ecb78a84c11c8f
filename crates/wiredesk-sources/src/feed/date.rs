//! Lenient feed dates, all to UTC: RFC 822/2822 as feeds write it (no weekday, weekday or month
//! names in other languages, two-digit years, named zones such as `EST`, `PDT`, `GMT`, `UT`, `Z`,
//! AM/PM), RFC 850 (`06-Nov-94`), asctime, and ISO 8601 / RFC 3339 / W3CDTF (reduced precision,
//! space for `T`, no zone, fractions). A missing zone is read as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

/// The instant `raw` names, or `None` when it cannot be read.
pub(crate) fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let bytes = s.as_bytes();
    if bytes.len() >= 4
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && let Some(date) = parse_iso(s)
    {
        return Some(date);
    }
    parse_words(s)
}

/// ISO 8601 / RFC 3339 / W3CDTF: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally
/// `(T| )hh:mm[:ss[.fff]]` and a zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`, `UTC`, `GMT`); also the
/// basic `YYYYMMDDThhmmss` form.
fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let mut cursor = Cursor {
        s: s.as_bytes(),
        at: 0,
    };
    let year = cursor.digits(4, 4)? as i32;
    let basic = cursor.peek().is_some_and(|b| b.is_ascii_digit());
    let (mut month, mut day) = (1, 1);
    if basic {
        month = cursor.digits(2, 2)?;
        day = cursor.digits(2, 2)?;
    } else if cursor.eat(b'-') || cursor.eat(b'/') {
        month = cursor.digits(1, 2)?;
        if cursor.eat(b'-') || cursor.eat(b'/') {
            day = cursor.digits(1, 2)?;
        }
    }
    let (mut hour, mut minute, mut second, mut nanos) = (0, 0, 0, 0);
    let mut offset_minutes = 0;
    if cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ') {
        cursor.skip_spaces();
        hour = cursor.digits(1, 2)?;
        let colon = cursor.eat(b':');
        minute = cursor.digits(2, 2)?;
        if (colon && cursor.eat(b':'))
            || (!colon && cursor.peek().is_some_and(|b| b.is_ascii_digit()))
        {
            second = cursor.digits(2, 2)?;
        }
        if cursor.eat(b'.') || cursor.eat(b',') {
            let start = cursor.at;
            let value = cursor.digits(1, 18)?;
            let n_digits = cursor.at - start;
            nanos = if n_digits <= 9 {
                value * 10u32.pow(9 - n_digits as u32)
            } else {
                // Only the first nine digits count.
                let text = std::str::from_utf8(&cursor.s[start..start + 9]).ok()?;
                text.parse().ok()?
            };
        }
        cursor.skip_spaces();
        offset_minutes = match cursor.rest() {
            "" => 0,
            rest => zone_offset(rest)?,
        };
    } else {
        cursor.skip_spaces();
        if !cursor.rest().is_empty() {
            return None;
        }
    }
    compose(
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset_minutes,
    )
}

struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        while self.at - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at - start < min {
            return None;
        }
        let mut value: u32 = 0;
        for b in &self.s[start..self.at] {
            value = value.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        }
        Some(value)
    }

    fn rest(&self) -> &str {
        std::str::from_utf8(&self.s[self.at..]).unwrap_or("").trim()
    }
}

#[allow(clippy::too_many_arguments)]
fn compose(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_minutes: i32,
) -> Option<DateTime<Utc>> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (hour, minute, second) = match (hour, minute, second) {
        (24, 0, 0) => (23, 59, 59),
        (h, m, 60) => (h, m, 59),
        other => other,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = NaiveDateTime::new(date, time);
    let utc = local.checked_sub_signed(TimeDelta::minutes(i64::from(offset_minutes)))?;
    Some(DateTime::from_naive_utc_and_offset(utc, Utc))
}

/// A zone written after a time: `Z`, `UTC`, `GMT`, `+01:00`, `-0500`, `+01`, `GMT+2`, `EST`,
/// `(CET)`. Minutes east of UTC.
fn zone_offset(zone: &str) -> Option<i32> {
    let zone = zone.trim().trim_start_matches('(').trim_end_matches(')');
    let first = zone.chars().next()?;
    if first == '+' || first == '-' {
        return numeric_offset(zone);
    }
    let lower = zone.to_ascii_lowercase();
    for prefix in ["gmt", "utc", "ut"] {
        if let Some(rest) = lower.strip_prefix(prefix)
            && (rest.starts_with('+') || rest.starts_with('-'))
        {
            return numeric_offset(rest);
        }
    }
    named_zone(&lower)
}

fn numeric_offset(zone: &str) -> Option<i32> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &zone[1..];
    let (hours, minutes) = if let Some((h, m)) = body.split_once(':') {
        (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
    } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        match body.len() {
            1 | 2 => (body.parse().ok()?, 0),
            3 | 4 => {
                let split = body.len() - 2;
                (body[..split].parse().ok()?, body[split..].parse().ok()?)
            }
            _ => return None,
        }
    } else {
        return None;
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

fn named_zone(lower: &str) -> Option<i32> {
    Some(match lower {
        "z" | "ut" | "utc" | "gmt" | "wet" | "zulu" => 0,
        "est" => -5 * 60,
        "edt" => -4 * 60,
        "cst" => -6 * 60,
        "cdt" => -5 * 60,
        "mst" => -7 * 60,
        "mdt" => -6 * 60,
        "pst" => -8 * 60,
        "pdt" => -7 * 60,
        "akst" => -9 * 60,
        "akdt" => -8 * 60,
        "hst" => -10 * 60,
        "ast" => -4 * 60,
        "adt" => -3 * 60,
        "nst" => -(3 * 60 + 30),
        "ndt" => -(2 * 60 + 30),
        "bst" | "cet" | "met" | "west" | "wat" => 60,
        "cest" | "mest" | "eet" | "cat" | "sast" => 2 * 60,
        "eest" | "msk" | "eat" | "trt" => 3 * 60,
        "pkt" => 5 * 60,
        "ist" => 5 * 60 + 30,
        "ict" | "wib" => 7 * 60,
        "hkt" | "sgt" | "awst" | "pht" | "cst8" => 8 * 60,
        "jst" | "kst" => 9 * 60,
        "acst" => 9 * 60 + 30,
        "aest" => 10 * 60,
        "acdt" => 10 * 60 + 30,
        "aedt" => 11 * 60,
        "nzst" => 12 * 60,
        "nzdt" => 13 * 60,
        _ => return None,
    })
}

/// RFC 822 and its relatives, read as words: any order of weekday, day, month name, year,
/// time, AM/PM and zone.
fn parse_words(s: &str) -> Option<DateTime<Utc>> {
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i32> = None;
    let mut time: Option<(u32, u32, u32)> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;

    let cleaned = s.replace(',', " ");
    let mut tokens: Vec<&str> = Vec::new();
    for token in cleaned.split_whitespace() {
        // RFC 850 `06-Nov-94`, and `16.Nov.2022`.
        let has_letter = token.chars().any(char::is_alphabetic);
        let is_zone = token.starts_with('+') || token.starts_with('-');
        let has_digit = token.bytes().any(|b| b.is_ascii_digit());
        let splits = token.contains('-') || (has_digit && token.contains('.'));
        if has_letter && !is_zone && !token.contains(':') && splits {
            let lower = token.to_ascii_lowercase();
            if !(lower.starts_with("gmt") || lower.starts_with("utc")) {
                tokens.extend(token.split(['-', '.']).filter(|part| !part.is_empty()));
                continue;
            }
        }
        tokens.push(token);
    }

    for token in tokens {
        if token.contains(':') && token.as_bytes()[0].is_ascii_digit() {
            let (clock, zone) = split_time_zone(token);
            time = Some(parse_clock(clock)?);
            if let Some(zone) = zone {
                offset = Some(zone_offset(zone)?);
            }
            continue;
        }
        if (token.starts_with('+') || token.starts_with('-')) && token.len() > 1 {
            if let Some(zone) = numeric_offset(token) {
                offset.get_or_insert(zone);
            }
            continue;
        }
        let token =
            if token.ends_with('.') && token.len() > 1 && token.as_bytes()[0].is_ascii_digit() {
                &token[..token.len() - 1] // German "3. März"
            } else {
                token
            };
        if token.bytes().all(|b| b.is_ascii_digit()) {
            let value: u32 = token.parse().ok()?;
            if token.len() >= 3 {
                year.get_or_insert(if token.len() == 3 {
                    value as i32 + 1900
                } else {
                    value as i32
                });
            } else if day.is_none() {
                day = Some(value);
            } else if year.is_none() {
                year = Some(if value < 50 {
                    2000 + value as i32
                } else {
                    1900 + value as i32
                });
            }
            continue;
        }
        let word = token
            .trim_end_matches('.')
            .trim_start_matches('(')
            .trim_end_matches(')');
        let lower = fold(word);
        match lower.as_str() {
            "am" | "a.m" => pm = Some(false),
            "pm" | "p.m" => pm = Some(true),
            _ => {
                if let Some(zone) = zone_offset(&lower) {
                    offset.get_or_insert(zone);
                } else if let Some(found) = month_from_word(&lower) {
                    // The last month-looking word wins: a leading weekday can look like one
                    // (Spanish "mar" for martes).
                    month = Some(found);
                }
            }
        }
    }

    let (mut hour, minute, second) = time.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    compose(
        year?,
        month?,
        day?,
        hour,
        minute,
        second,
        0,
        offset.unwrap_or(0),
    )
}

/// `12:53:00Z` → (`12:53:00`, `Z`); `10:00+0100` → (`10:00`, `+0100`).
fn split_time_zone(token: &str) -> (&str, Option<&str>) {
    match token.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')) {
        Some(at) => (&token[..at], Some(&token[at..])),
        None => (token, None),
    }
}

fn parse_clock(clock: &str) -> Option<(u32, u32, u32)> {
    let mut parts = clock.split(':');
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = match parts.next() {
        Some(seconds) => seconds.split('.').next()?.parse().ok()?,
        None => 0,
    };
    Some((hour, minute, second))
}

/// Lower case with accents (Latin and Greek) removed, for matching names.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ΐ' | 'ϊ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            other => other,
        })
        .collect()
}

/// Month from a (folded) month name or abbreviation in English, German, French, Spanish,
/// Italian, Portuguese, Dutch, Russian or Greek.
fn month_from_word(word: &str) -> Option<u32> {
    const PREFIXES: &[(&str, u32)] = &[
        ("juin", 6),
        ("juil", 7),
        ("ιουν", 6),
        ("ιουλ", 7),
        ("июн", 6),
        ("июл", 7),
        ("jan", 1),
        ("ene", 1),
        ("gen", 1),
        ("ιαν", 1),
        ("янв", 1),
        ("feb", 2),
        ("fev", 2),
        ("φεβ", 2),
        ("фев", 2),
        ("mar", 3),
        ("mrt", 3),
        ("μαρ", 3),
        ("мар", 3),
        ("apr", 4),
        ("avr", 4),
        ("abr", 4),
        ("απρ", 4),
        ("апр", 4),
        ("may", 5),
        ("mai", 5),
        ("mag", 5),
        ("mei", 5),
        ("μαι", 5),
        ("мая", 5),
        ("май", 5),
        ("jun", 6),
        ("giu", 6),
        ("jul", 7),
        ("lug", 7),
        ("aug", 8),
        ("aou", 8),
        ("ago", 8),
        ("αυγ", 8),
        ("авг", 8),
        ("sep", 9),
        ("set", 9),
        ("σεπ", 9),
        ("сен", 9),
        ("oct", 10),
        ("okt", 10),
        ("ott", 10),
        ("out", 10),
        ("οκτ", 10),
        ("окт", 10),
        ("nov", 11),
        ("νοε", 11),
        ("ноя", 11),
        ("dec", 12),
        ("dez", 12),
        ("dic", 12),
        ("δεκ", 12),
        ("дек", 12),
    ];
    if word.chars().count() < 3 {
        return None;
    }
    PREFIXES
        .iter()
        .find(|(prefix, _)| word.starts_with(prefix))
        .map(|(_, month)| *month)
}
