//! The parts of the store that are plain Rust, not SQL: hashing and compressing archived
//! bodies, splitting a search query into words, deciding whether a post was edited.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// SHA-256 of `bytes`, lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest.iter() {
        hex.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

const MAX_SIZE_HINT: usize = 16 << 20;

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::default());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|error| StoreError::Encode(format!("failed to compress body: {error}")))
}

pub(crate) fn gunzip(bytes: &[u8], size_hint: usize, sha256: &str) -> Result<Vec<u8>> {
    // The stored size is only a hint: never trust it for a large allocation.
    let mut body = Vec::with_capacity(size_hint.min(MAX_SIZE_HINT));
    GzDecoder::new(bytes)
        .read_to_end(&mut body)
        .map_err(|error| StoreError::Decode(format!("archived body {sha256}: {error}")))?;
    Ok(body)
}

/// What a full-text query searches for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Search {
    /// No text filter (no query, or a blank one).
    All,
    /// Nothing can match: the query has no letters or digits.
    Nothing,
    /// Posts containing every one of these words.
    Words(Vec<String>),
}

/// Splits a user's query into words. Words without a letter or digit are dropped: neither
/// backend indexes punctuation, and FTS5 rejects an empty phrase.
pub(crate) fn search_words(text: Option<&str>) -> Search {
    let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
        return Search::All;
    };
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        Search::Nothing
    } else {
        Search::Words(words)
    }
}

/// An FTS5 query that matches every word literally: each word becomes a quoted phrase, so
/// `"`, `-`, `*`, `AND`, `NEAR(` and column filters lose their meaning.
pub(crate) fn fts5_query(words: &[String]) -> String {
    let phrases: Vec<String> = words
        .iter()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    phrases.join(" ")
}

/// What is stored of a post, enough to tell an edit from a re-sighting.
pub(crate) struct PreviousVersion<'a> {
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub edited: bool,
}

/// An edit changes the text or the title, or is flagged by the source (Telegram's "edited",
/// e.g. when only the media changed). Views, reactions and links update in place.
pub(crate) fn is_edit(previous: &PreviousVersion<'_>, post: &wiredesk_model::Post) -> bool {
    previous.text != post.text
        || previous.title != post.title.as_deref()
        || (post.edited && !previous.edited)
}

/// A Telegram post id as a number, so a page's covered id range can be compared.
pub(crate) fn sequence_number(id: &str) -> Option<i64> {
    if id.bytes().all(|byte| byte.is_ascii_digit()) {
        id.parse().ok()
    } else {
        None
    }
}

/// A source's place among sources due at the same time (`sources.spread`): a stable hash of its
/// key, so that a claim of many due sources takes them spread over their hosts rather than one
/// host's feeds in a row (keys sort by host).
pub(crate) fn spread(key: &str) -> i64 {
    // FNV-1a: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash >> 1) as i64
}
