//! Plain data shared by every wiredesk stage: no IO, no clock, no behaviour beyond small helpers.
//!
//! The JSON shape of these types (via serde) is a public interface: `wiredesk inspect` and
//! `wiredesk posts --json` print them, and people script against them. Add fields; do not rename them.

mod brief;
mod post;
mod source;
mod story;

pub use brief::*;
pub use post::*;
pub use source::*;
pub use story::*;
