//! Tests for `times`: relative days, nights, weekdays and dates, in English, Russian and Ukrainian,
//! against a fixed post time.

use chrono::{DateTime, TimeZone, Utc};
use expect_test::{Expect, expect};

use super::*;

/// Thursday 2 July 2026, 05:02 UTC (the strike scenario's first post).
fn published() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 2, 5, 2, 0)
        .single()
        .expect("valid time")
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    let rendered: Vec<String> = time_mentions(text, Some("en"), published())
        .iter()
        .map(|mention| {
            assert_eq!(&text[mention.start..mention.end], mention.text);
            match mention.until {
                Some(until) => format!("{:?} {}..{}", mention.text, mention.date, until),
                None => format!("{:?} {}", mention.text, mention.date),
            }
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn relative_days_and_nights() {
    check(
        "Overnight, drones hit Izmail; yesterday the port reopened and today it is closed. Last night was calm, tomorrow too.",
        expect![[r#"
            "Overnight" 2026-07-01..2026-07-02
            "yesterday" 2026-07-01
            "today" 2026-07-02
            "Last night" 2026-07-01..2026-07-02
            "tomorrow" 2026-07-03"#]],
    );
}

#[test]
fn weekdays_point_back_unless_the_sentence_looks_ahead() {
    check(
        "The talks began on Tuesday. Monday's exchange went well. On Thursday the port was shut.",
        expect![[r#"
            "on Tuesday" 2026-06-30
            "Monday's" 2026-06-29
            "On Thursday" 2026-07-02"#]],
    );
    check(
        "Ministers will meet on Friday. Play is postponed to Sunday. Last Thursday was hot. A warning from Thursday noon until Saturday evening.",
        expect![[r#"
            "on Friday" 2026-07-03
            "to Sunday" 2026-07-05
            "Last Thursday" 2026-06-25
            "from Thursday noon" 2026-07-02
            "until Saturday evening" 2026-07-04"#]],
    );
}

#[test]
fn dates() {
    check(
        "On 1 July, July 2 and 1 July 2026 — then 3–4 July, 14.07.2026, 2026-06-30 and Dec. 28.",
        expect![[r#"
            "1 July" 2026-07-01
            "July 2" 2026-07-02
            "1 July 2026" 2026-07-01
            "3–4 July" 2026-07-03..2026-07-04
            "14.07.2026" 2026-07-14
            "2026-06-30" 2026-06-30
            "Dec. 28" 2026-12-28"#]],
    );
}

#[test]
fn russian_and_ukrainian() {
    check(
        "Этой ночью дроны атаковали порт. Вчера было тихо, во вторник тоже. 1 июля прошли переговоры.",
        expect![[r#"
            "Этой ночью" 2026-07-01..2026-07-02
            "Вчера" 2026-07-01
            "во вторник" 2026-06-30
            "1 июля" 2026-07-01"#]],
    );
    check(
        "Вночі дрони атакували Ізмаїл. Вчора і сьогодні тривожно, у понеділок теж; 1 липня.",
        expect![[r#"
            "Вночі" 2026-07-01..2026-07-02
            "Вчора" 2026-07-01
            "сьогодні" 2026-07-02
            "у понеділок" 2026-06-29
            "1 липня" 2026-07-01"#]],
    );
}

#[test]
fn clock_times_and_vague_phrases_are_left_alone() {
    check(
        "As of 08:00, 12 people were killed; earlier this week and recently.",
        expect![""],
    );
    // An impossible date is not a date.
    check("on 31 June", expect![""]);
}
