//! Telegram's public web preview: `t.me/s/<channel>` pages (and fragments of them), `?embed=1`
//! widget posts and `t.me/<name>` landing pages, read into posts, channel info and cursors.
//!
//! The markup and its traps are described in `shared/reference/telegram-preview.md`.
//!
//! Parser choice: `scraper` (html5ever) builds a real HTML5 tree, so the invalid markup Telegram
//! emits (the stray `"` after a reply's `href`, links nested inside the reply link), browser-saved
//! copies (alphabetised attributes, `url(&quot;…&quot;)`), DOM serialisations with `<br>` and
//! fragments starting at `<section>` or a single wrap all come out as a browser sees them,
//! entities decoded. On the full fixture pages html5ever alone runs at ~90 MiB/s (release, busy
//! 2-core box); to stay above the 40 MiB/s target the extraction avoids CSS selectors and walks
//! the tree once (the page walk stops at each message; each message is walked once, every block
//! handed to its reader in `message.rs`), which costs ~20% on top of the parse. Language detection
//! is the other big cost, so it sees a bounded sample of each post. A streaming rewriter
//! (`lol_html`) would be faster still but cannot look back (the reply quote precedes the body,
//! `media_supported_cont` decides how to read its sibling), so it would mean re-building a tree
//! by hand; `tl` does not implement HTML5 error recovery.
//!
//! Parsing never fails: whatever could not be read becomes a [`ParseWarning`]. Nothing here does
//! IO or reads the clock; a post without a time is skipped, never given an invented one.

mod channel;
mod dom;
mod media;
mod message;
mod values;

#[cfg(test)]
mod tests;

use scraper::{ElementRef, Html};
use serde::Serialize;
use wiredesk_model::{ChannelInfo, Count, LandingKind, Media, ParseWarning, Post};

pub use values::{DataView, decode_data_view, parse_count};

use channel::HeadMeta;
use dom::{MAX_DEPTH, attr, child_elements};

/// What kind of page was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// A `t.me/s/<channel>` page, or a fragment of one (a `<section>`, a single wrap).
    Preview,
    /// A `?embed=1` widget post (`body_widget_post`, `#widget_message`).
    Embed,
    /// A `t.me/<name>` landing page: what `/s/` redirects to when there is no preview.
    Landing,
    Unknown,
}

/// A `t.me/<name>` landing page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landing {
    pub kind: LandingKind,
    pub username: Option<String>,
    pub title: Option<String>,
    /// The counts line(s): "11 286 994 subscribers", "97 957 members, 4 138 online".
    pub extra: Option<String>,
    /// Exact subscribers (channel) or members (group), with spaces as thousands separators.
    pub subscribers: Option<Count>,
}

/// Everything read from one page.
#[derive(Debug, Clone, Serialize)]
pub struct TelegramPage {
    pub kind: PageKind,
    pub channel: Option<ChannelInfo>,
    pub landing: Option<Landing>,
    /// Posts in page order (oldest first on preview pages).
    pub posts: Vec<Post>,
    /// Older-page cursor: `data-before`, else `<link rel=prev>` `?before=`.
    pub before: Option<u64>,
    /// Newer-page cursor: `data-after`, else `<link rel=next>` `?after=`.
    pub after: Option<u64>,
    /// Message wraps seen (posts and unparsable ones; "no messages found" wraps excluded).
    pub n_wraps: usize,
    /// Media found outside any message: a fragment holding only a media block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loose_media: Vec<Media>,
    pub warnings: Vec<ParseWarning>,
}

impl TelegramPage {
    /// Wraps were seen but no post could be read from them: the front end has changed. Not the
    /// same as an empty channel or a search without results (no wraps at all).
    pub fn front_end_changed(&self) -> bool {
        self.n_wraps > 0 && self.posts.is_empty()
    }
}

/// Elements of interest found by the page walk.
#[derive(Default)]
struct Outline<'a> {
    head: HeadMeta,
    body_class: String,
    /// Message elements, with whether a wrap holds them.
    messages: Vec<(ElementRef<'a>, bool)>,
    /// Per wrap: whether it holds a message, whether it is a "no messages found" wrap.
    wraps: Vec<(bool, bool)>,
    channel_info: Option<ElementRef<'a>>,
    header_info: Option<ElementRef<'a>>,
    landing_page: Option<ElementRef<'a>>,
    has_history: bool,
    data_before: Option<u64>,
    data_after: Option<u64>,
}

/// Reads a Telegram page. Never fails: see [`TelegramPage::warnings`].
pub fn parse_page(html: &str) -> TelegramPage {
    let document = Html::parse_document(html);
    let mut outline = Outline::default();
    outline_walk(document.root_element(), &mut outline);
    let mut warnings = Vec::new();

    let mut posts = Vec::new();
    let n_with_data_post = outline
        .messages
        .iter()
        .filter(|(msg, _)| message::data_post(*msg).is_some())
        .count();
    for (msg, _) in &outline.messages {
        let mut message_warnings = Vec::new();
        let post = message::parse_message(*msg, &mut message_warnings);
        if n_with_data_post == 0 {
            // An old embed never had data-post: not worth a warning of its own.
            message_warnings
                .retain(|warning| !warning.message.starts_with("message without data-post;"));
        }
        warnings.extend(message_warnings);
        posts.extend(post);
    }
    let n_empty_wraps = outline
        .wraps
        .iter()
        .filter(|(has_message, no_results)| !has_message && !no_results)
        .count();
    if n_empty_wraps > 0 {
        warnings.push(ParseWarning::new(
            None,
            format!("{n_empty_wraps} message wrap(s) without a tgme_widget_message element"),
        ));
    }
    let n_wraps = outline
        .wraps
        .iter()
        .filter(|(_, no_results)| !no_results)
        .count()
        + outline
            .messages
            .iter()
            .filter(|(_, in_wrap)| !in_wrap)
            .count();

    let is_embed = outline
        .body_class
        .split_ascii_whitespace()
        .any(|class| class == "body_widget_post")
        || outline
            .messages
            .iter()
            .any(|(msg, in_wrap)| !in_wrap && attr(*msg, "id") == Some("widget_message"));
    let kind = if !outline.messages.is_empty() && is_embed {
        PageKind::Embed
    } else if !outline.messages.is_empty()
        || !outline.wraps.is_empty()
        || outline.has_history
        || outline.channel_info.is_some()
    {
        PageKind::Preview
    } else if outline.landing_page.is_some() {
        PageKind::Landing
    } else {
        PageKind::Unknown
    };

    let mut landing = None;
    let mut channel = None;
    match kind {
        PageKind::Landing => {
            if let Some(page) = outline.landing_page {
                let (page_landing, page_channel) = channel::landing(page, &outline.head);
                landing = Some(page_landing);
                channel = page_channel;
            }
        }
        PageKind::Preview | PageKind::Embed => {
            let has_header = outline.channel_info.is_some()
                || outline.header_info.is_some()
                || outline.head.ios_username.is_some()
                || outline.head.og_title.is_some();
            if has_header {
                let first_channel = posts.first().map(|post: &Post| post.source.as_str());
                channel = Some(channel::channel_info(
                    outline.channel_info,
                    outline.header_info,
                    &outline.head,
                    first_channel,
                ));
            }
        }
        PageKind::Unknown => {}
    }

    let before = outline.data_before.or_else(|| {
        outline
            .head
            .link_prev
            .as_deref()
            .and_then(|href| query_u64(href, "before"))
    });
    let after = outline.data_after.or_else(|| {
        outline
            .head
            .link_next
            .as_deref()
            .and_then(|href| query_u64(href, "after"))
    });

    let loose_media = if kind == PageKind::Unknown {
        message::loose_media(document.root_element())
    } else {
        Vec::new()
    };

    TelegramPage {
        kind,
        channel,
        landing,
        posts,
        before,
        after,
        n_wraps,
        loose_media,
        warnings,
    }
}

/// `?before=93429` from a pagination link.
fn query_u64(href: &str, key: &str) -> Option<u64> {
    let query = href.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// One pass over the document that stops at every message, channel header and landing block.
fn outline_walk<'a>(root: ElementRef<'a>, outline: &mut Outline<'a>) {
    // (element, index of the enclosing wrap, depth); an explicit stack, so no recursion limit.
    let mut stack: Vec<(ElementRef<'a>, Option<usize>, usize)> = vec![(root, None, 0)];
    while let Some((el, wrap, depth)) = stack.pop() {
        let name = el.value().name();
        match name {
            "script" | "style" | "svg" | "noscript" | "template" => continue,
            "meta" => {
                outline.head.read_meta(el);
                continue;
            }
            "link" => {
                outline.head.read_link(el);
                continue;
            }
            "body" => outline.body_class = attr(el, "class").unwrap_or_default().to_string(),
            _ => {}
        }
        let mut wrap = wrap;
        if let Some(classes) = attr(el, "class") {
            let tokens = dom::ClassTokens::new(classes);
            let is = |class: &str| tokens.contains(class);
            if is("tgme_widget_message")
                || (attr(el, "id") == Some("widget_message") && !is("tgme_widget_message_wrap"))
            {
                if let Some(index) = wrap {
                    outline.wraps[index].0 = true;
                }
                outline.messages.push((el, wrap.is_some()));
                continue;
            }
            if is("tgme_widget_message_wrap") {
                outline.wraps.push((false, false));
                wrap = Some(outline.wraps.len() - 1);
            }
            if is("tme_no_messages_found") {
                if let Some(index) = wrap {
                    outline.wraps[index].1 = true;
                }
                continue;
            }
            if is("tme_messages_more") {
                let before = attr(el, "data-before").and_then(|value| value.trim().parse().ok());
                let after = attr(el, "data-after").and_then(|value| value.trim().parse().ok());
                outline.data_before = outline.data_before.or(before);
                outline.data_after = outline.data_after.or(after);
                continue;
            }
            if is("tgme_channel_info") {
                outline.channel_info.get_or_insert(el);
                continue;
            }
            if is("tgme_header_info") {
                outline.header_info.get_or_insert(el);
                continue;
            }
            if is("tgme_page") && outline.landing_page.is_none() {
                outline.landing_page = Some(el);
                continue;
            }
            if is("tgme_channel_history") {
                outline.has_history = true;
            }
        } else if attr(el, "id") == Some("widget_message") {
            outline.messages.push((el, wrap.is_some()));
            continue;
        }
        if depth >= MAX_DEPTH * 4 {
            continue;
        }
        let start = stack.len();
        stack.extend(child_elements(el).map(|child| (child, wrap, depth + 1)));
        stack[start..].reverse();
    }
}
