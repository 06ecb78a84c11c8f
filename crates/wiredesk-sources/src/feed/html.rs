//! HTML (and Atom inline XHTML) to plain text, the links in it, and its blockquotes.
//!
//! A small hand-written tokenizer rather than html5ever: feed bodies are fragments, the only
//! structure that matters is where lines and paragraphs break and where `<a href>` points, and
//! this runs on every item of every poll (it keeps the parser well above 30 MiB/s). Block
//! elements end paragraphs or lines, `<br>` ends a line, whitespace elsewhere collapses,
//! `<script>`/`<style>` and friends are skipped, entities are decoded, links are resolved against
//! the content's base and kept when they are http(s).

use url::Url;
use wiredesk_model::Link;

use super::entities::decode_html;
use super::xml::{Child, Document, NodeId};

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct HtmlText {
    pub text: String,
    pub links: Vec<Link>,
    pub blockquotes: Vec<String>,
    /// `<img src>` URLs, resolved; tracking pixels and icons left out.
    pub images: Vec<String>,
}

/// True when `s` has something that reads as a tag (`<p>`, `</a>`, `<!--`, `<br/>`).
pub(crate) fn looks_like_html(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.windows(2).any(|pair| {
        pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/' || pair[1] == b'!')
    })
}

/// Plain text tidied: line endings normalized, runs of spaces collapsed, lines trimmed, at most
/// one blank line in a row.
pub(crate) fn plain_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut n_blank = 0;
    for line in s.split('\n') {
        let line = line.trim_end_matches('\r');
        let collapsed = one_line(line);
        if collapsed.is_empty() {
            n_blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if n_blank > 0 { "\n\n" } else { "\n" });
        }
        n_blank = 0;
        out.push_str(&collapsed);
    }
    out
}

/// All whitespace runs (newlines included) collapsed to one space, trimmed.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Text of an HTML fragment.
pub(crate) fn html_to_text(html: &str, base: Option<&Url>) -> HtmlText {
    let mut builder = TextBuilder::new(base);
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(offset) = bytes[i..].iter().position(|b| *b == b'<') {
        let lt = i + offset;
        let next = bytes.get(lt + 1).copied();
        let after_next = bytes.get(lt + 2).copied();
        match next {
            Some(b'!') => {
                builder.raw_text(&html[text_start..lt]);
                if html[lt..].starts_with("<!--") {
                    i = find_from(html, lt + 4, "-->").map_or(html.len(), |at| at + 3);
                } else if html[lt..].starts_with("<![CDATA[") {
                    let content_start = lt + "<![CDATA[".len();
                    let end = find_from(html, content_start, "]]>").unwrap_or(html.len());
                    builder.text(&html[content_start..end]);
                    i = (end + 3).min(html.len());
                } else {
                    i = find_from(html, lt, ">").map_or(html.len(), |at| at + 1);
                }
                text_start = i;
            }
            Some(b'?') => {
                builder.raw_text(&html[text_start..lt]);
                i = find_from(html, lt, ">").map_or(html.len(), |at| at + 1);
                text_start = i;
            }
            Some(b'/') if after_next.is_some_and(|b| b.is_ascii_alphabetic()) => {
                builder.raw_text(&html[text_start..lt]);
                let name_end = name_end(bytes, lt + 2);
                let name = html[lt + 2..name_end].to_ascii_lowercase();
                i = find_from(html, name_end, ">").map_or(html.len(), |at| at + 1);
                text_start = i;
                builder.end_tag(&name);
            }
            Some(b) if b.is_ascii_alphabetic() => {
                builder.raw_text(&html[text_start..lt]);
                let name_end = name_end(bytes, lt + 1);
                let name = html[lt + 1..name_end].to_ascii_lowercase();
                let tag_end = tag_end(bytes, name_end);
                let inner = &html[name_end..tag_end.saturating_sub(1).max(name_end)];
                i = tag_end;
                text_start = i;
                if is_skipped(&name) {
                    i = skip_element(html, i, &name);
                    text_start = i;
                    continue;
                }
                let href = match name.as_str() {
                    "a" => attribute(inner, "href"),
                    "img" if !is_pixel(attribute(inner, "width"), attribute(inner, "height")) => {
                        attribute(inner, "src")
                    }
                    _ => None,
                };
                let self_closing = inner.trim_end().ends_with('/');
                builder.start_tag(&name, href.as_deref());
                if self_closing && name == "a" {
                    builder.end_tag(&name);
                }
            }
            _ => {
                // A `<` that opens nothing is text.
                i = lt + 1;
            }
        }
    }
    builder.raw_text(&html[text_start..]);
    builder.finish()
}

/// Text of inline XHTML (Atom `type="xhtml"`, Atom 0.3 `mode="xml"`): the children of `id`.
pub(crate) fn xhtml_to_text(doc: &Document, id: NodeId) -> HtmlText {
    let mut builder = TextBuilder::new(doc.base(id));
    walk_xhtml(doc, id, &mut builder, 0);
    builder.finish()
}

fn walk_xhtml(doc: &Document, id: NodeId, builder: &mut TextBuilder<'_>, depth: usize) {
    if depth > 256 {
        return;
    }
    for child in &doc.node(id).children {
        match child {
            Child::Text(text) => builder.text(text),
            Child::Elem(child_id) => {
                let name = doc.node(*child_id).local.to_ascii_lowercase();
                if is_skipped(&name) {
                    continue;
                }
                let pixel = || {
                    is_pixel(
                        doc.attr(*child_id, "width").map(str::to_string),
                        doc.attr(*child_id, "height").map(str::to_string),
                    )
                };
                let href = match name.as_str() {
                    "a" => doc
                        .attr(*child_id, "href")
                        .map(|href| resolve_href(doc.base(*child_id), href)),
                    "img" if !pixel() => doc
                        .attr(*child_id, "src")
                        .map(|src| resolve_href(doc.base(*child_id), src)),
                    _ => None,
                };
                builder.start_tag_resolved(&name, href.flatten());
                walk_xhtml(doc, *child_id, builder, depth + 1);
                builder.end_tag(&name);
            }
        }
    }
}

/// Icons, smileys and trackers: `.gif`/`.svg` files and URLs that name a pixel or tracking.
fn is_decoration(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    path.ends_with(".gif")
        || path.ends_with(".svg")
        || ["pixel", "/tracking/", "/~r/"]
            .iter()
            .any(|marker| lower.contains(marker))
}

/// A 1×1 (or 0×0) image: a tracking pixel, not media.
fn is_pixel(width: Option<String>, height: Option<String>) -> bool {
    let tiny = |value: Option<String>| {
        value.is_some_and(|value| {
            value
                .trim()
                .trim_end_matches("px")
                .parse::<u32>()
                .is_ok_and(|n| n <= 1)
        })
    };
    tiny(width) || tiny(height)
}

fn name_end(bytes: &[u8], start: usize) -> usize {
    let n = bytes[start.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
        .count();
    start + n
}

/// Index just past the `>` that ends a tag, honoring quoted attribute values.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    // Unterminated quote: fall back to the first `>`.
    bytes[start.min(bytes.len())..]
        .iter()
        .position(|b| *b == b'>')
        .map_or(bytes.len(), |at| start + at + 1)
}

fn find_from(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    haystack.get(from..)?.find(needle).map(|at| from + at)
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "iframe"
            | "svg"
            | "head"
            | "object"
            | "math"
            | "select"
    )
}

/// Index past `</name>` (case-insensitive), or the end of input.
fn skip_element(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|b| *b == b'<'))
    {
        let lt = i + offset;
        let candidate = &bytes[lt + 1..];
        if candidate.first() == Some(&b'/')
            && candidate.len() > name.len()
            && candidate[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return find_from(html, lt, ">").map_or(html.len(), |at| at + 1);
        }
        i = lt + 1;
    }
    html.len()
}

/// Value of attribute `wanted` in the inside of a start tag, entities decoded.
fn attribute(inner: &str, wanted: &str) -> Option<String> {
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'/' | b'>')
        {
            i += 1;
        }
        let name = &inner[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = bytes[start..]
                        .iter()
                        .position(|b| *b == quote)
                        .map_or(bytes.len(), |at| start + at);
                    value = &inner[start..end];
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &inner[start..i];
                }
            }
        }
        if name.eq_ignore_ascii_case(wanted) {
            return Some(decode_html(value.trim()));
        }
        if name.is_empty() {
            i += 1;
        }
    }
    None
}

/// Resolves `href` against `base`; `None` for fragments and non-web schemes.
pub(crate) fn resolve_href(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Line = 1,
    Paragraph = 2,
}

fn block_break(name: &str) -> Option<Break> {
    Some(match name {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "dl" | "table"
        | "blockquote" | "pre" | "figure" | "hr" | "section" | "article" | "header" | "footer"
        | "aside" | "nav" | "main" | "address" | "details" | "fieldset" => Break::Paragraph,
        "div" | "li" | "tr" | "dt" | "dd" | "figcaption" | "caption" | "summary" | "center"
        | "form" | "tbody" | "thead" | "tfoot" => Break::Line,
        _ => return None,
    })
}

struct OpenLink {
    url: Option<String>,
    text: String,
}

struct TextBuilder<'u> {
    base: Option<&'u Url>,
    out: String,
    pending_space: bool,
    pending_break: u8,
    pre_depth: usize,
    links: Vec<Link>,
    open_links: Vec<OpenLink>,
    quotes: Vec<String>,
    open_quotes: Vec<String>,
    images: Vec<String>,
}

/// Images kept per body: enough for hints, not a gallery.
const MAX_IMAGES: usize = 8;

impl<'u> TextBuilder<'u> {
    fn new(base: Option<&'u Url>) -> TextBuilder<'u> {
        TextBuilder {
            base,
            out: String::new(),
            pending_space: false,
            pending_break: 0,
            pre_depth: 0,
            links: Vec::new(),
            open_links: Vec::new(),
            quotes: Vec::new(),
            open_quotes: Vec::new(),
            images: Vec::new(),
        }
    }

    fn emit(&mut self, s: &str) {
        self.out.push_str(s);
        for link in &mut self.open_links {
            link.text.push_str(s);
        }
        for quote in &mut self.open_quotes {
            quote.push_str(s);
        }
    }

    fn emit_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.emit(c.encode_utf8(&mut buf));
    }

    fn flush(&mut self) {
        if self.pending_break > 0 {
            if !self.out.is_empty() {
                self.emit(if self.pending_break >= 2 {
                    "\n\n"
                } else {
                    "\n"
                });
            }
            self.pending_break = 0;
            self.pending_space = false;
        } else if self.pending_space {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.emit(" ");
            }
            self.pending_space = false;
        }
    }

    fn set_break(&mut self, level: Break) {
        self.pending_break = self.pending_break.max(level as u8);
    }

    /// Raw HTML text: entities still encoded.
    fn raw_text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        if raw.contains('&') {
            let decoded = decode_html(raw);
            self.text(&decoded);
        } else {
            self.text(raw);
        }
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre_depth > 0 {
                if c == '\n' {
                    self.flush();
                    self.emit("\n");
                } else if c != '\r' {
                    self.flush();
                    self.emit_char(c);
                }
            } else if c.is_whitespace() {
                self.pending_space = true;
            } else if !c.is_control() {
                self.flush();
                self.emit_char(c);
            }
        }
    }

    fn start_tag(&mut self, name: &str, href: Option<&str>) {
        let url = href.and_then(|href| resolve_href(self.base, href));
        self.start_tag_resolved(name, url);
    }

    fn start_tag_resolved(&mut self, name: &str, url: Option<String>) {
        match name {
            "br" if !self.out.is_empty() => self.pending_break = (self.pending_break + 1).min(2),
            "a" => self.open_links.push(OpenLink {
                url,
                text: String::new(),
            }),
            "img" => {
                if let Some(url) = url.filter(|url| !is_decoration(url))
                    && !self.images.contains(&url)
                    && self.images.len() < MAX_IMAGES
                {
                    self.images.push(url);
                }
            }
            "td" | "th" => self.pending_space = true,
            _ => {}
        }
        if let Some(level) = block_break(name) {
            self.set_break(level);
        }
        match name {
            "pre" => self.pre_depth += 1,
            "blockquote" => self.open_quotes.push(String::new()),
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(level) = block_break(name) {
            self.set_break(level);
        }
        match name {
            "a" => {
                if let Some(link) = self.open_links.pop()
                    && let Some(url) = link.url
                {
                    let text = one_line(&link.text);
                    self.add_link(url, text);
                }
            }
            "pre" => self.pre_depth = self.pre_depth.saturating_sub(1),
            "blockquote" => {
                if let Some(quote) = self.open_quotes.pop() {
                    let quote = plain_text(&quote);
                    if !quote.is_empty() {
                        self.quotes.push(quote);
                    }
                }
            }
            "td" | "th" => self.pending_space = true,
            _ => {}
        }
    }

    fn add_link(&mut self, url: String, text: String) {
        if let Some(existing) = self.links.iter_mut().find(|link| link.url == url) {
            if existing.text.is_empty() {
                existing.text = text;
            }
            return;
        }
        self.links.push(Link { url, text });
    }

    fn finish(mut self) -> HtmlText {
        // Unclosed anchors and quotes still count.
        while !self.open_links.is_empty() {
            self.end_tag("a");
        }
        while !self.open_quotes.is_empty() {
            self.end_tag("blockquote");
        }
        let text = tidy_lines(&self.out);
        HtmlText {
            text,
            links: self.links,
            blockquotes: self.quotes,
            images: self.images,
        }
    }
}

/// Trims each line and keeps at most one blank line in a row.
fn tidy_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut n_blank = 0;
    for line in s.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            n_blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if n_blank > 0 { "\n\n" } else { "\n" });
        }
        n_blank = 0;
        out.push_str(line);
    }
    out
}
