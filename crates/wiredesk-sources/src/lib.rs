//! Parsers: bytes in, posts out. Telegram preview pages, RSS/Atom/JSON feeds and Wikipedia answers.
//!
//! Nothing here does IO or reads the clock: callers pass what was fetched and when. Parsers never
//! panic on bad input; they return what they could read plus warnings, or a typed error naming
//! the problem when nothing could be read.

pub mod feed;
pub mod lang;
pub mod telegram;
pub mod wikipedia;
