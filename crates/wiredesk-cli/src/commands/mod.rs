//! One module per command group; each prints for people by default and JSON with `--json`.

pub mod analyze;
pub mod bench;
pub mod bench_fetch;
pub mod inspect;
pub mod misc;
pub mod posts;
pub mod publish;
pub mod replay;
pub mod run;
pub mod source;
pub mod stories;

use chrono::{DateTime, NaiveDate, Utc};

/// Parses `YYYY-MM-DD` (midnight UTC) or RFC 3339.
pub fn parse_date(text: &str) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(midnight) = date.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|date| date.with_timezone(&Utc))
        .map_err(|_| anyhow::anyhow!("{text:?} is not a date (YYYY-MM-DD or RFC 3339)"))
}

/// Prints one value as a line of JSON.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
