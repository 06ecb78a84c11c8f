//! Small values read off a preview page: counters with their rounding (`3.12K`), the `data-view`
//! blob, and post times.
//!
//! Counters are parsed with integer arithmetic so `3.12K` is exactly 3120 and its granularity
//! (half the step of the last shown digit) is exact too.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use wiredesk_model::Count;

/// A counter as Telegram prints it: `1`, `846`, `3.12K`, `110K`, `11.4M`, `11 286 994`
/// (landing pages), optionally followed by a label (`"110K subscribers"`, `"97 957 members, …"`;
/// only the first number is read). `None` when the text does not start with a number.
pub fn parse_count(text: &str) -> Option<Count> {
    let text = text.trim();
    let mut int_digits = String::new();
    let mut frac_digits = String::new();
    let mut in_fraction = false;
    let mut chars = text.char_indices().peekable();
    let mut rest_at = text.len();
    while let Some((at, c)) = chars.next() {
        let next_is_digit = chars.peek().is_some_and(|(_, next)| next.is_ascii_digit());
        match c {
            '0'..='9' if in_fraction => frac_digits.push(c),
            '0'..='9' => int_digits.push(c),
            '.' if !in_fraction && !int_digits.is_empty() && next_is_digit => in_fraction = true,
            // Thousands separators: spaces (plain, no-break, thin) and commas between digit groups.
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | ','
                if !in_fraction && !int_digits.is_empty() && next_is_digit =>
            {
                let group: String = text[at + c.len_utf8()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if group.len() != 3 {
                    rest_at = at;
                    break;
                }
            }
            _ => {
                rest_at = at;
                break;
            }
        }
    }
    if int_digits.is_empty() {
        return None;
    }
    let multiplier: u64 = match text[rest_at..].chars().next() {
        Some('K' | 'k') => 1_000,
        Some('M' | 'm') if !text[rest_at..].starts_with("member") => 1_000_000,
        Some('B' | 'b') => 1_000_000_000,
        _ => 1,
    };
    if multiplier > 1
        && text[rest_at..]
            .chars()
            .nth(1)
            .is_some_and(char::is_alphanumeric)
    {
        // "5 members": the letter starts a word, not a suffix.
        return finish(&int_digits, &frac_digits, 1);
    }
    finish(&int_digits, &frac_digits, multiplier)
}

fn finish(int_digits: &str, frac_digits: &str, multiplier: u64) -> Option<Count> {
    let whole: u64 = int_digits.parse().ok()?;
    let mut value = whole.checked_mul(multiplier)?;
    let frac_len = u32::try_from(frac_digits.len()).ok()?;
    let scale = 10u64.checked_pow(frac_len)?;
    if frac_len > 0 {
        let frac: u64 = frac_digits.parse().ok()?;
        value = value.checked_add(frac.checked_mul(multiplier)? / scale)?;
    }
    let step = multiplier / scale;
    Some(Count {
        value,
        plus_minus: step / 2,
    })
}

/// The `data-view` attribute of a post, decoded: `{"c":-1186921499,"p":"93430g","t":…,"h":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataView {
    /// `c`: the negated channel id (Bot API chat id is `-100` followed by the digits).
    pub chat_id: Option<i64>,
    /// `p`: the post id, with a `g` suffix for an album group.
    pub post: Option<String>,
    /// `t`: Unix time the page was rendered.
    pub rendered_at: Option<i64>,
    /// `h`: a hash.
    pub hash: Option<String>,
}

impl DataView {
    /// The positive channel id (`c` negated), stable across username changes.
    pub fn channel_id(&self) -> Option<i64> {
        self.chat_id.and_then(i64::checked_abs).filter(|id| *id > 0)
    }

    /// True when `p` names an album group (`"93430g"`).
    pub fn is_album(&self) -> bool {
        self.post.as_deref().is_some_and(|post| post.ends_with('g'))
    }
}

/// Decodes unpadded base64url JSON (padding and the standard alphabet are tolerated).
/// `None` when it is not base64 of a JSON object.
pub fn decode_data_view(s: &str) -> Option<DataView> {
    let normalized: String = s
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    let bytes = URL_SAFE_NO_PAD.decode(normalized.as_bytes()).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let object = value.as_object()?;
    let as_i64 = |key: &str| match object.get(key)? {
        serde_json::Value::Number(number) => number.as_i64(),
        serde_json::Value::String(text) => text.parse().ok(),
        _ => None,
    };
    let as_string = |key: &str| match object.get(key)? {
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::String(text) => Some(text.clone()),
        _ => None,
    };
    Some(DataView {
        chat_id: as_i64("c"),
        post: as_string("p"),
        rendered_at: as_i64("t"),
        hash: as_string("h"),
    })
}

/// The `datetime` attribute: ISO-8601 with an offset, as t.me always writes it.
pub(crate) fn parse_datetime_attr(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(parsed) = DateTime::parse_from_rfc3339(value) {
        return Some(parsed.with_timezone(&Utc));
    }
    // Tolerate a missing offset (read as UTC) and a space instead of `T`.
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|naive| naive.and_utc())
}

/// The visible time text of old embeds, `Sep 29, 2015 at 05:35`, read as UTC (a last resort:
/// the text is in whatever zone the page was rendered for).
pub(crate) fn parse_visible_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        "%b %d, %Y at %H:%M",
        "%B %d, %Y at %H:%M",
        "%b %d, %Y %H:%M",
        "%d %b %Y at %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
    .map(|naive| naive.and_utc())
}
