//! The desk's judgment, as pure stages: no IO, no clock (`now` and post times are parameters).
//!
//! ```text
//! Post ─▶ normalize (tokens, stems, entities, times) ─▶ dedupe ─▶ cluster ─▶ Story
//! Story ─▶ attribute (speaker, cue, outlet, relay) ─▶ origins ─▶ frame ─▶ ledger
//! ```
pub mod attribute;
pub mod cluster;
pub mod dedupe;
pub mod entities;
pub mod frame;
pub mod ledger;
pub mod memo;
pub mod ner;
pub mod normalize;
pub mod origins;
pub mod parallel;
pub mod pos;
pub mod stance;
pub mod stories;
pub mod times;
pub mod translit;
