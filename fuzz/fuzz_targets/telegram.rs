//! Fuzz target: the Telegram preview parser must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let page = wiredesk_sources::telegram::parse_page(&html);
    let _ = page.front_end_changed();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = wiredesk_sources::telegram::parse_count(text);
        let _ = wiredesk_sources::telegram::decode_data_view(text);
    }
});
