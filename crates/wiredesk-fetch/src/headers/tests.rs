//! Retry-After and freshness read from headers, with a fixed `now`.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{fresh_for, retry_after};

const NOW_SECS: u64 = 1_700_000_000; // 2023-11-14T22:13:20Z

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

fn date(offset_secs: i64) -> String {
    let at =
        SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS.saturating_add_signed(offset_secs));
    httpdate::fmt_http_date(at)
}

fn map(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers
}

#[track_caller]
fn check_retry(pairs: &[(&str, &str)], expected: Option<u64>) {
    assert_eq!(
        retry_after(&map(pairs), now()),
        expected.map(Duration::from_secs)
    );
}

#[track_caller]
fn check_fresh(pairs: &[(&str, &str)], expected: Option<u64>) {
    assert_eq!(
        fresh_for(&map(pairs), now()),
        expected.map(Duration::from_secs)
    );
}

#[test]
fn retry_after_forms() {
    check_retry(&[], None);
    check_retry(&[("retry-after", "120")], Some(120));
    check_retry(&[("retry-after", " 0 ")], Some(0));
    check_retry(&[("retry-after", &date(90))], Some(90));
    check_retry(&[("retry-after", &date(-90))], Some(0));
    check_retry(
        &[("retry-after", "Sunday, 06-Nov-94 08:49:37 GMT")],
        Some(0),
    );
    check_retry(&[("retry-after", "soon")], None);
    check_retry(&[("retry-after", "-5")], None);
}

#[test]
fn freshness() {
    check_fresh(&[], None);
    check_fresh(&[("cache-control", "public, max-age=300")], Some(300));
    check_fresh(&[("cache-control", "max-age=\"60\"")], Some(60));
    check_fresh(&[("cache-control", "s-maxage=600")], Some(600));
    check_fresh(&[("cache-control", "s-maxage=600, max-age=30")], Some(30));
    check_fresh(
        &[("cache-control", "max-age=300"), ("age", "100")],
        Some(200),
    );
    check_fresh(&[("cache-control", "max-age=300"), ("age", "900")], Some(0));
    check_fresh(&[("cache-control", "no-cache, max-age=300")], Some(0));
    check_fresh(
        &[("cache-control", "private"), ("cache-control", "No-Store")],
        Some(0),
    );
    check_fresh(
        &[("expires", &date(3600)), ("date", &date(600))],
        Some(3000),
    );
    check_fresh(&[("expires", &date(3600))], Some(3600));
    check_fresh(&[("expires", &date(-10))], Some(0));
    check_fresh(&[("expires", "0")], Some(0));
    // max-age wins over Expires.
    check_fresh(
        &[("expires", &date(3600)), ("cache-control", "max-age=5")],
        Some(5),
    );
    check_fresh(&[("cache-control", "public")], None);
}
