//! Rendering: Markdown for the terminal and files, HTML pages, Atom and JSON Feed, the origin graph as SVG. Pure: data in, text out.
//!
//! Every function takes plain model data and returns a `String`; nothing here reads the clock,
//! the store or the network, so the server, `wiredesk export` and `wiredesk brief show` render
//! the same bytes from the same data. Post text is never emitted as markup: templates escape it
//! (minijinja autoescape), feed content is run through ammonia, and the SVG escapes every label.

use chrono::{DateTime, Utc};
use serde::Serialize;
use wiredesk_model::Story;

mod graph;
mod markdown;
mod text;

pub mod feeds;
pub mod html;

pub use graph::origin_graph_svg;
pub use markdown::markdown;

/// What every page needs to know about the site it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    /// Shown in the header and the feeds' titles ("wiredesk").
    pub title: String,
    /// Prefix of every internal link, without a trailing slash: `"http://127.0.0.1:8080"`,
    /// or `""` for root-relative links.
    pub base_url: String,
}

impl Site {
    /// `base_url` joined with a path that starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}

/// One row of the stories list: the story and its latest brief's headline, when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryListItem {
    pub story: Story,
    pub headline: Option<String>,
}

/// One hit of a full-text search over posts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub url: String,
    pub title: String,
    pub snippet: String,
    pub published_at: DateTime<Utc>,
    /// The story the post belongs to, when it is in one.
    pub story_id: Option<String>,
}

/// A page template failed to render: a bug in this crate, answered with a plain fallback page.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("failed to render template {template}")]
    Template {
        template: &'static str,
        #[source]
        source: minijinja::Error,
    },
}

/// Sanitises an HTML fragment for places that accept markup (feed content): only harmless
/// elements survive and every link gets `rel="noopener nofollow"`.
pub fn sanitize_html(fragment: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener nofollow"));
    builder.clean(fragment).to_string()
}

#[cfg(test)]
mod testdata;
