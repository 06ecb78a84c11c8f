//! Fuzz target: the whole analysis chain (normalize, entities, times, attribution, clustering,
//! origins, frames, ledger) must never panic on any post text, whatever its script or bytes.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;
use wiredesk_analysis::stories::{PostInput, build_stories};
use wiredesk_model::Post;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let at = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap();
    // Two posts, so the chain compares them: the text, and the text cut in half.
    let half = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(idx, _)| idx);
    let mut first = Post::new("fuzzchan", "1", at);
    first.text = text.to_string();
    let mut second = Post::new("otherchan", "2", at + chrono::Duration::minutes(5));
    second.text = text[half..].to_string();
    second.title = Some(text[..half].to_string());
    let posts = [first, second];
    let inputs: Vec<PostInput> = posts.iter().map(|post| PostInput { post, source_name: "Fuzz Channel" }).collect();
    let _ = build_stories(&inputs, &[], at + chrono::Duration::hours(1));
});
