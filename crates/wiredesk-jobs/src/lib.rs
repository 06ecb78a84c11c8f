//! The only crate that joins fetch, parse and store: refresh a source, backfill a channel, keep
//! polling, look up Wikipedia, replay a recorded scenario.
//!
//! Everything here takes `now` from its caller (the CLI reads the clock; replay reads each step's
//! `at`), so a whole run replays from recorded answers.

pub mod analyst;
pub mod background;
pub mod bench;
pub mod briefs;
pub mod check;
pub mod config;
pub mod desk;
pub mod feed;
pub mod opml;
pub mod pipeline;
pub mod replay;
pub mod run;
pub mod scenario;
pub mod telegram;
pub mod wikipedia;
pub mod workers;

pub use desk::{Desk, RefreshReport};

#[cfg(test)]
mod test_util;
