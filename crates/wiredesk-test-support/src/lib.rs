//! Dev-only helpers shared by the test suites: where `../shared/` is, and a loopback HTTP server
//! that serves recorded pages.

use std::path::PathBuf;

mod mock_chat;
mod server;
pub mod telegram_page;

pub use axum::http;
pub use mock_chat::{MockChat, Reply, prompt_key};
pub use server::{Canned, Logged, TestServer};

/// The `shared/` folder that sits beside the repository checkout (`../shared` from the root).
pub fn shared_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    root.join("shared")
}

/// A file under `shared/fixtures/`, e.g. `fixture("telegram/any2feed__poll.html")`.
pub fn fixture(relative: &str) -> PathBuf {
    shared_dir().join("fixtures").join(relative)
}
