//! Fuzz target: the Wikipedia answer parsers must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = wiredesk_sources::wikipedia::parse_summary(data, "en");
    let _ = wiredesk_sources::wikipedia::parse_search(data);
    let _ = wiredesk_sources::wikipedia::parse_langlinks(data);
    let _ = wiredesk_sources::wikipedia::parse_wikidata_labels(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = wiredesk_sources::wikipedia::normalize_title(text);
    }
});
