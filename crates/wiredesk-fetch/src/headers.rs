//! Reading the response headers that tell us when to come back: `Retry-After`, and freshness
//! from `Cache-Control` / `Expires` / `Date` / `Age`. `now` is a parameter so these stay pure.

use std::time::{Duration, SystemTime};

use reqwest::header::{AGE, CACHE_CONTROL, DATE, EXPIRES, HeaderMap, HeaderName, RETRY_AFTER};

fn text(headers: &HeaderMap, name: HeaderName) -> Option<&str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

/// `Retry-After` as delay-seconds or an HTTP-date (a date in the past means "now").
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = text(headers, RETRY_AFTER)?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How long the response stays fresh from now.
///
/// `no-store` / `no-cache` → zero. Otherwise `max-age` (else `s-maxage`) minus `Age`, else
/// `Expires - Date` (with `now` standing in for a missing `Date`); an `Expires` that does not
/// parse means already expired, as RFC 9111 says. `None` when the server said nothing.
pub(crate) fn fresh_for(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let mut max_age = None;
    let mut shared_max_age = None;
    for value in headers.get_all(CACHE_CONTROL) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for directive in value.split(',') {
            let (name, argument) = match directive.split_once('=') {
                Some((name, argument)) => (name.trim(), Some(argument.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            let seconds = argument.and_then(|argument| argument.parse::<u64>().ok());
            if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
                return Some(Duration::ZERO);
            } else if name.eq_ignore_ascii_case("max-age") {
                max_age = max_age.or(seconds);
            } else if name.eq_ignore_ascii_case("s-maxage") {
                shared_max_age = shared_max_age.or(seconds);
            }
        }
    }
    if let Some(seconds) = max_age.or(shared_max_age) {
        let age = text(headers, AGE)
            .and_then(|age| age.parse::<u64>().ok())
            .unwrap_or(0);
        return Some(Duration::from_secs(seconds.saturating_sub(age)));
    }
    let expires = text(headers, EXPIRES)?;
    let Ok(expires) = httpdate::parse_http_date(expires) else {
        return Some(Duration::ZERO);
    };
    let date = text(headers, DATE)
        .and_then(|date| httpdate::parse_http_date(date).ok())
        .unwrap_or(now);
    Some(expires.duration_since(date).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests;
