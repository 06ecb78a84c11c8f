//! Fuzz target: the feed parser must never panic, whatever the bytes and declared charset.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fetched_at = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
    let _ = wiredesk_sources::feed::parse_feed(data, None, "https://wire.example/feed.xml", fetched_at);
    let _ = wiredesk_sources::feed::parse_feed(data, Some("text/xml; charset=koi8-r"), "https://wire.example/", fetched_at);
});
