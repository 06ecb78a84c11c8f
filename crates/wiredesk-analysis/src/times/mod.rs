//! Time expressions resolved against the post's own time (UTC): "yesterday", "overnight",
//! "on Tuesday", "1 July", "3–4 July", "1.07.2026", and their Russian and Ukrainian forms
//! ("вчера", "вночі", "в понедельник", "1 липня").
//!
//! Decisions: a weekday points to the most recent such day on or before the post date, unless its
//! sentence speaks of the future ("will", "next", "until", "будет"…) or it follows "to", "for",
//! "until", "by" ("postponed to Friday"), then to the next one on or after it. A date without a year takes the year that puts it closest to the post. "Overnight" and
//! its kin span the previous day to the post date. Vague expressions ("earlier this week",
//! "recently") and clock times are not resolved.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use regex::Regex;
use wiredesk_model::TimeMention;

use crate::normalize::sentences;

#[cfg(test)]
mod tests;

const MONTHS_EN: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const MONTHS_RU_UK: &str = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня";
const WEEKDAYS_EN: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const WEEKDAYS_RU_UK: &str = "понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|понеділок|вівторок|середу|четвер|п['’]ятницю|суботу|неділю";

/// What a matched expression resolves to.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Days relative to the post date.
    Offset(i64),
    /// The previous night: previous day until the post date.
    Night,
    Weekday,
    DayMonth,
    MonthDay,
    Numeric,
    Iso,
    DayMonthCyrillic,
}

struct Pattern {
    regex: Regex,
    rule: Rule,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let build = |source: String, rule: Rule| Pattern {
        // The sources below are constants covered by the unit tests.
        regex: Regex::new(&source).expect("time pattern compiles"),
        rule,
    };
    vec![
        build(r"(?i)\b(?:the\s+day\s+before\s+yesterday|позавчера|позавчора)\b".into(), Rule::Offset(-2)),
        build(r"(?i)\b(?:yesterday|вчера|вчора|учора)\b".into(), Rule::Offset(-1)),
        build(
            r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|сегодня|сьогодні|этим\s+утром|цього\s+ранку)\b"
                .into(),
            Rule::Offset(0),
        ),
        build(r"(?i)\b(?:tomorrow|завтра)\b".into(), Rule::Offset(1)),
        build(
            r"(?i)\b(?:overnight|last\s+night|during\s+the\s+night|in\s+the\s+night|(?:этой|прошлой|минувшей|сегодня)\s+ночью|ночью|(?:цієї|минулої|сьогодні)\s+ночі|вночі|уночі)\b"
                .into(),
            Rule::Night,
        ),
        build(
            format!(
                r"(?i)\b(?:(?:on|last|next|since|early|late|from|by|this|to|for|until|till|through)\s+)?({WEEKDAYS_EN})(?:(?:'s|’s)|\s+(?:morning|afternoon|evening|night|noon))?\b|\b(?:во|в|у)\s+({WEEKDAYS_RU_UK})\b"
            ),
            Rule::Weekday,
        ),
        build(
            format!(
                r"(?i)\b(\d{{1,2}})(?:\s*[–—-]\s*(\d{{1,2}}))?\s+({MONTHS_EN})\.?(?:,?\s+(\d{{4}}))?\b"
            ),
            Rule::DayMonth,
        ),
        build(
            format!(
                r"(?i)\b({MONTHS_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[–—-]\s*(\d{{1,2}}))?(?:,?\s+(\d{{4}}))?\b"
            ),
            Rule::MonthDay,
        ),
        build(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b".into(), Rule::Numeric),
        build(r"\b(\d{4})-(\d{2})-(\d{2})\b".into(), Rule::Iso),
        build(
            format!(
                r"(?i)\b(\d{{1,2}})(?:\s*[–—-]\s*(\d{{1,2}}))?\s+({MONTHS_RU_UK})(?:\s+(\d{{4}}))?"
            ),
            Rule::DayMonthCyrillic,
        ),
    ]
});

static FUTURE_CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:will|won't|'ll|next|upcoming|expected|scheduled|forecast|planned|plans?\s+to|set\s+to|to\s+be\s+held|until|through|till|будет|будут|буде|будуть|состоится|відбудеться|планируется|планується|следующ\w*|наступн\w*)\b",
    )
    .expect("future-cue pattern compiles")
});

/// The time expressions in `text`, resolved against `published_at` (UTC), sorted by start.
/// `lang` is accepted for symmetry; English, Russian and Ukrainian forms are always looked for.
pub fn time_mentions(
    text: &str,
    lang: Option<&str>,
    published_at: DateTime<Utc>,
) -> Vec<TimeMention> {
    let _ = lang;
    let post_date = published_at.date_naive();
    let mut found: Vec<TimeMention> = Vec::new();
    let sentence_ranges = sentences(text);
    for pattern in PATTERNS.iter() {
        for captures in pattern.regex.captures_iter(text) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let group = |idx: usize| captures.get(idx).map(|m| m.as_str());
            let resolved = match pattern.rule {
                Rule::Offset(days) => Some((post_date + Duration::days(days), None)),
                Rule::Night => Some((post_date - Duration::days(1), Some(post_date))),
                Rule::Weekday => {
                    let name = group(1).or_else(|| group(2)).unwrap_or_default();
                    let lower = whole.as_str().to_lowercase();
                    let sentence = sentence_ranges
                        .iter()
                        .find(|(start, end)| *start <= whole.start() && whole.end() <= *end)
                        .map_or(text, |(start, end)| &text[*start..*end]);
                    let direction = if lower.starts_with("last") {
                        Direction::StrictlyBefore
                    } else if lower.starts_with("next") {
                        Direction::StrictlyAfter
                    } else if lower.ends_with("'s")
                        || lower.ends_with("’s")
                        || lower.starts_with("since")
                    {
                        Direction::OnOrBefore
                    } else if ["to ", "for ", "until ", "till ", "through ", "by "]
                        .iter()
                        .any(|preposition| lower.starts_with(preposition))
                        || FUTURE_CUES.is_match(sentence)
                    {
                        Direction::OnOrAfter
                    } else {
                        Direction::OnOrBefore
                    };
                    weekday_of(name)
                        .map(|weekday| (resolve_weekday(post_date, weekday, direction), None))
                }
                Rule::DayMonth | Rule::DayMonthCyrillic => {
                    let day = group(1).and_then(|d| d.parse().ok());
                    let day_until = group(2).and_then(|d| d.parse().ok());
                    let month = group(3).and_then(month_of);
                    let year = group(4).and_then(|y| y.parse().ok());
                    day_month(post_date, day, day_until, month, year)
                }
                Rule::MonthDay => {
                    let month = group(1).and_then(month_of);
                    let day = group(2).and_then(|d| d.parse().ok());
                    let day_until = group(3).and_then(|d| d.parse().ok());
                    let year = group(4).and_then(|y| y.parse().ok());
                    day_month(post_date, day, day_until, month, year)
                }
                Rule::Numeric => {
                    let day = group(1).and_then(|d| d.parse().ok());
                    let month = group(2).and_then(|m| m.parse().ok());
                    let year = group(3)
                        .and_then(|y| y.parse::<i32>().ok())
                        .map(|year| if year < 100 { 2000 + year } else { year });
                    day_month(post_date, day, None, month, year)
                }
                Rule::Iso => {
                    let year = group(1).and_then(|y| y.parse().ok());
                    let month = group(2).and_then(|m| m.parse().ok());
                    let day = group(3).and_then(|d| d.parse().ok());
                    day_month(post_date, day, None, month, year)
                }
            };
            if let Some((date, until)) = resolved {
                found.push(TimeMention {
                    text: whole.as_str().to_owned(),
                    start: whole.start(),
                    end: whole.end(),
                    date,
                    until,
                });
            }
        }
    }
    // Longest first, then drop whatever overlaps a kept mention.
    found.sort_by_key(|mention| {
        (
            std::cmp::Reverse(mention.end - mention.start),
            mention.start,
        )
    });
    let mut kept: Vec<TimeMention> = Vec::new();
    for mention in found {
        if kept
            .iter()
            .all(|other| mention.end <= other.start || other.end <= mention.start)
        {
            kept.push(mention);
        }
    }
    kept.sort_by_key(|mention| mention.start);
    kept
}

#[derive(Debug, Clone, Copy)]
enum Direction {
    OnOrBefore,
    StrictlyBefore,
    OnOrAfter,
    StrictlyAfter,
}

fn resolve_weekday(post_date: NaiveDate, weekday: Weekday, direction: Direction) -> NaiveDate {
    let post_idx = i64::from(post_date.weekday().num_days_from_monday());
    let want_idx = i64::from(weekday.num_days_from_monday());
    let back = (post_idx - want_idx).rem_euclid(7);
    let forward = (want_idx - post_idx).rem_euclid(7);
    match direction {
        Direction::OnOrBefore => post_date - Duration::days(back),
        Direction::StrictlyBefore => post_date - Duration::days(if back == 0 { 7 } else { back }),
        Direction::OnOrAfter => post_date + Duration::days(forward),
        Direction::StrictlyAfter => {
            post_date + Duration::days(if forward == 0 { 7 } else { forward })
        }
    }
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let lower = name.to_lowercase().replace('’', "'");
    Some(match lower.as_str() {
        "monday" | "понедельник" | "понеділок" => Weekday::Mon,
        "tuesday" | "вторник" | "вівторок" => Weekday::Tue,
        "wednesday" | "среду" | "середу" => Weekday::Wed,
        "thursday" | "четверг" | "четвер" => Weekday::Thu,
        "friday" | "пятницу" | "п'ятницю" => Weekday::Fri,
        "saturday" | "субботу" | "суботу" => Weekday::Sat,
        "sunday" | "воскресенье" | "неділю" => Weekday::Sun,
        _ => return None,
    })
}

fn month_of(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let month = match lower.trim_end_matches('.') {
        "january" | "jan" | "января" | "січня" => 1,
        "february" | "feb" | "февраля" | "лютого" => 2,
        "march" | "mar" | "марта" | "березня" => 3,
        "april" | "apr" | "апреля" | "квітня" => 4,
        "may" | "мая" | "травня" => 5,
        "june" | "jun" | "июня" | "червня" => 6,
        "july" | "jul" | "июля" | "липня" => 7,
        "august" | "aug" | "августа" | "серпня" => 8,
        "september" | "sep" | "sept" | "сентября" | "вересня" => 9,
        "october" | "oct" | "октября" | "жовтня" => 10,
        "november" | "nov" | "ноября" | "листопада" => 11,
        "december" | "dec" | "декабря" | "грудня" => 12,
        _ => return None,
    };
    Some(month)
}

/// A day and month (and maybe a last day and a year) as dates; without a year, the year that puts
/// the date closest to the post.
fn day_month(
    post_date: NaiveDate,
    day: Option<u32>,
    day_until: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let (day, month) = (day?, month?);
    let date = match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day)?,
        None => {
            let post_year = post_date.year();
            [post_year - 1, post_year, post_year + 1]
                .into_iter()
                .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
                .min_by_key(|date| (*date - post_date).num_days().abs())?
        }
    };
    let until = match day_until {
        Some(last) if last > day => Some(NaiveDate::from_ymd_opt(date.year(), month, last)?),
        Some(_) => return None,
        None => None,
    };
    Some((date, until))
}
