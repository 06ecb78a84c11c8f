//! A tolerant XML tree on quick-xml's tokenizer, built for feeds rather than for XML in general.
//!
//! quick-xml is told to forgive what feeds get wrong (dangling `&`, mismatched or unmatched end
//! tags); this module forgives the rest: namespaces are resolved by hand, so an undeclared
//! `itunes:` prefix falls back to its well-known URI; `xml:base` and `xml:lang` are carried down
//! the tree; references are decoded here (HTML named entities, DTD entities, see `entities`); a
//! stray `<` in text stays text; and a document that ends early (truncated download, unclosed
//! CDATA) keeps every element that was complete before the cut, marking the open ones incomplete.
//! The tree lives in one arena (`Vec<Node>`), so dropping and walking it never recurses deeply.

use std::fmt::Write as _;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use url::Url;
use wiredesk_model::ParseWarning;

use super::entities::{Decoder, Dtd};

pub(crate) type NodeId = usize;

/// Namespaces the feed parsers care about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// No namespace (RSS 2.0, or unprefixed attributes).
    None,
    /// RSS 1.0 and Userland RSS 2 namespaces: same vocabulary as RSS 2.0 for our purposes.
    Rss,
    /// RSS 0.90 (`my.netscape.com/rdf/simple/0.9`).
    Rss090,
    Rdf,
    Atom,
    Atom03,
    Dc,
    DcTerms,
    Content,
    Media,
    Itunes,
    Xhtml,
    Xml,
    Other,
}

impl Ns {
    fn from_uri(uri: &str) -> Ns {
        let uri = uri.trim();
        let uri = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))
            .unwrap_or(uri);
        let uri = uri.trim_end_matches('/').to_ascii_lowercase();
        match uri.as_str() {
            "" => Ns::None,
            "www.w3.org/2005/atom" => Ns::Atom,
            "purl.org/atom/ns#" | "purl.org/atom/ns" => Ns::Atom03,
            "purl.org/rss/1.0" | "backend.userland.com/rss2" | "backend.userland.com/rss" => {
                Ns::Rss
            }
            "my.netscape.com/rdf/simple/0.9" => Ns::Rss090,
            "www.w3.org/1999/02/22-rdf-syntax-ns#" => Ns::Rdf,
            "purl.org/dc/elements/1.1" => Ns::Dc,
            "purl.org/dc/terms" => Ns::DcTerms,
            "purl.org/rss/1.0/modules/content" => Ns::Content,
            "search.yahoo.com/mrss"
            | "video.search.yahoo.com/mrss"
            | "tools.search.yahoo.com/mrss" => Ns::Media,
            "www.itunes.com/dtds/podcast-1.0.dtd" | "www.itunes.com/dtds/podcast-1.0.dtd#" => {
                Ns::Itunes
            }
            "www.w3.org/1999/xhtml" => Ns::Xhtml,
            "www.w3.org/xml/1998/namespace" => Ns::Xml,
            _ => Ns::Other,
        }
    }

    /// The namespace a prefix conventionally stands for, used when a feed forgets `xmlns:`.
    fn from_conventional_prefix(prefix: &str) -> Ns {
        match prefix.to_ascii_lowercase().as_str() {
            "atom" | "a10" | "atom10" => Ns::Atom,
            "atom03" => Ns::Atom03,
            "rdf" => Ns::Rdf,
            "dc" => Ns::Dc,
            "dcterms" => Ns::DcTerms,
            "content" => Ns::Content,
            "media" => Ns::Media,
            "itunes" => Ns::Itunes,
            "xhtml" => Ns::Xhtml,
            "xml" => Ns::Xml,
            _ => Ns::Other,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Attr {
    pub ns: Ns,
    pub local: String,
    pub value: String,
}

#[derive(Debug)]
pub(crate) enum Child {
    Elem(NodeId),
    Text(String),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub ns: Ns,
    /// Written with a prefix (`atom:link`), as opposed to in the default namespace.
    pub prefixed: bool,
    pub local: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Child>,
    /// Index into `Document::bases`: the effective `xml:base`.
    pub base: usize,
    /// Index into `Document::langs`: the effective `xml:lang` (0 = none).
    pub lang: usize,
    /// False when the document ended before this element's end tag.
    pub complete: bool,
}

/// A structural problem: where it is and what it is.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug)]
pub(crate) struct Document {
    /// `nodes[0]` is the document itself; top-level elements are its children.
    pub nodes: Vec<Node>,
    pub bases: Vec<Option<Url>>,
    pub langs: Vec<String>,
    /// The first problem that stopped reading or left elements open, if any.
    pub problem: Option<Problem>,
    pub warnings: Vec<ParseWarning>,
}

pub(crate) const ROOT: NodeId = 0;
/// Deeper elements are folded into their ancestor at this depth (their text is kept).
const MAX_DEPTH: usize = 256;
/// After this many recoverable errors the reader gives up on the rest of the document.
const MAX_ERRORS: usize = 64;

struct Open {
    id: NodeId,
    raw_name: String,
    ns_scope_len: usize,
}

/// Parses `text` into a tree; `base` is the feed URL, the base of everything relative.
pub(crate) fn parse(text: &str, base: Option<Url>) -> Document {
    let mut builder = Builder {
        doc: Document {
            nodes: vec![Node {
                ns: Ns::None,
                prefixed: false,
                local: String::new(),
                attrs: Vec::new(),
                children: Vec::new(),
                base: 0,
                lang: 0,
                complete: true,
            }],
            bases: vec![base],
            langs: vec![String::new()],
            problem: None,
            warnings: Vec::new(),
        },
        text,
        stack: Vec::new(),
        ns_scopes: Vec::new(),
        overflow_depth: 0,
        dtd: Dtd::default(),
        undeclared: Vec::new(),
        n_stray_lt: 0,
        n_unmatched_ends: 0,
        stats: Default::default(),
        expansion_budget: super::entities::EXPANSION_BUDGET,
    };
    builder.run();
    builder.finish()
}

struct Builder<'t> {
    doc: Document,
    text: &'t str,
    stack: Vec<Open>,
    ns_scopes: Vec<(String, Ns)>,
    overflow_depth: usize,
    dtd: Dtd,
    undeclared: Vec<String>,
    n_stray_lt: usize,
    n_unmatched_ends: usize,
    stats: super::entities::EntityStats,
    /// Characters DTD entities may still expand to in this document.
    expansion_budget: usize,
}

impl Builder<'_> {
    fn run(&mut self) {
        let mut reader = Reader::from_str(self.text);
        let config = reader.config_mut();
        config.allow_dangling_amp = true;
        config.allow_unmatched_ends = true;
        config.check_end_names = false;
        config.check_comments = false;
        let mut n_errors = 0;
        loop {
            let event = reader.read_event();
            match event {
                Ok(Event::Start(start)) => self.open(&start, false),
                Ok(Event::Empty(start)) => self.open(&start, true),
                Ok(Event::End(end)) => {
                    let name = end.name().as_ref().to_string();
                    self.close(name.trim());
                }
                Ok(Event::Text(text)) => {
                    let raw: &str = &text;
                    if raw.contains('&') {
                        let decoded = self.decode(raw);
                        self.push_text(&decoded);
                    } else {
                        self.push_text(raw);
                    }
                }
                Ok(Event::CData(cdata)) => self.push_text(&cdata),
                Ok(Event::GeneralRef(reference)) => {
                    let mut raw = String::with_capacity(reference.len() + 2);
                    raw.push('&');
                    raw.push_str(&reference);
                    raw.push(';');
                    let decoded = self.decode(&raw);
                    self.push_text(&decoded);
                }
                Ok(Event::DocType(doctype)) => {
                    let (dtd, n_skipped) = Dtd::parse(&doctype);
                    if n_skipped > 0 {
                        self.warn(
                            None,
                            format!(
                                "{n_skipped} external or parameter entity declarations ignored"
                            ),
                        );
                    }
                    self.dtd = dtd;
                }
                Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
                Ok(Event::Eof) => break,
                Err(error) => {
                    let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    let fatal = matches!(error, quick_xml::Error::Syntax(_));
                    let message = describe_error(&error);
                    if fatal || n_errors >= MAX_ERRORS {
                        self.set_problem(offset, message);
                        break;
                    }
                    n_errors += 1;
                    let (line, column) = line_column(self.text, offset);
                    self.warn(
                        None,
                        format!("{message} at line {line}, column {column}; skipped"),
                    );
                }
            }
        }
        if let Some(open) = self.stack.last() {
            let names: Vec<&str> = self
                .stack
                .iter()
                .map(|open| open.raw_name.as_str())
                .collect();
            let message = format!(
                "document ends inside <{}> (truncated?); open: {}",
                open.raw_name,
                names.join(" > ")
            );
            let offset = self.text.len();
            self.set_problem(offset, message);
        }
    }

    fn finish(mut self) -> Document {
        let stats = std::mem::take(&mut self.stats);
        if stats.bare_amp > 0 {
            self.warn(None, format!("{} bare '&' kept as text", stats.bare_amp));
        }
        if stats.html_named > 0 {
            self.warn(
                None,
                format!(
                    "{} HTML named entities decoded without a declaration",
                    stats.html_named
                ),
            );
        }
        if !stats.unknown.is_empty() {
            let names: Vec<String> = stats
                .unknown
                .iter()
                .map(|name| format!("&{name};"))
                .collect();
            self.warn(
                None,
                format!("unknown entities kept as text: {}", names.join(" ")),
            );
        }
        if stats.expansion_limited {
            self.warn(
                None,
                "DTD entity expansion stopped at its size or depth limit",
            );
        }
        if !self.undeclared.is_empty() {
            let prefixes = self.undeclared.join(", ");
            self.warn(
                None,
                format!("undeclared namespace prefixes resolved by convention: {prefixes}"),
            );
        }
        if self.n_stray_lt > 0 {
            self.warn(None, format!("{} stray '<' kept as text", self.n_stray_lt));
        }
        if self.n_unmatched_ends > 0 {
            self.warn(
                None,
                format!(
                    "{} end tags without a start tag ignored",
                    self.n_unmatched_ends
                ),
            );
        }
        self.doc
    }

    /// Decodes references, drawing DTD expansions from the one budget of the whole document.
    fn decode(&mut self, raw: &str) -> String {
        let mut decoder = Decoder::new(Some(&self.dtd), self.expansion_budget);
        let decoded = decoder.decode(raw);
        self.expansion_budget = decoder.budget();
        let stats = decoder.stats;
        self.merge_stats(stats);
        decoded
    }

    fn merge_stats(&mut self, stats: super::entities::EntityStats) {
        self.stats.bare_amp += stats.bare_amp;
        self.stats.html_named += stats.html_named;
        self.stats.expansion_limited |= stats.expansion_limited;
        for name in stats.unknown {
            if self.stats.unknown.len() < 8 && !self.stats.unknown.contains(&name) {
                self.stats.unknown.push(name);
            }
        }
    }

    fn warn(&mut self, at: Option<String>, message: impl Into<String>) {
        self.doc.warnings.push(ParseWarning::new(at, message));
    }

    fn set_problem(&mut self, offset: usize, message: String) {
        if self.doc.problem.is_none() {
            let (line, column) = line_column(self.text, offset);
            self.doc.problem = Some(Problem {
                line,
                column,
                message,
            });
        }
    }

    fn current(&self) -> NodeId {
        self.stack.last().map_or(ROOT, |open| open.id)
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let id = self.current();
        if id == ROOT {
            return; // Text outside the root element: whitespace or junk.
        }
        let node = &mut self.doc.nodes[id];
        if let Some(Child::Text(last)) = node.children.last_mut() {
            last.push_str(text);
        } else {
            node.children.push(Child::Text(text.to_string()));
        }
    }

    fn open(&mut self, start: &BytesStart<'_>, empty: bool) {
        let raw_name = start.name().as_ref().to_string();
        let valid_start = raw_name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':');
        if !valid_start {
            // `a < b` in text: quick-xml reads a tag; it was text.
            self.n_stray_lt += 1;
            let raw: &str = start;
            let text = format!("<{raw}{}>", if empty { "/" } else { "" });
            self.push_text(&text);
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            if !empty {
                self.overflow_depth += 1;
            }
            return;
        }

        // Attributes, with namespace declarations pushed before anything is resolved.
        let ns_scope_len = self.ns_scopes.len();
        let mut raw_attrs: Vec<(String, String)> = Vec::new();
        let mut attributes = start.html_attributes();
        attributes.with_checks(false);
        for attribute in attributes.flatten() {
            let key = attribute.key.as_ref().to_string();
            let raw_value = attribute.value;
            let value = if raw_value.contains('&') {
                self.decode(&raw_value)
            } else {
                raw_value.into_owned()
            };
            if key == "xmlns" {
                self.ns_scopes.push((String::new(), Ns::from_uri(&value)));
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                self.ns_scopes
                    .push((prefix.to_string(), Ns::from_uri(&value)));
            } else {
                raw_attrs.push((key, value));
            }
        }

        let (ns, prefixed, local) = match raw_name.split_once(':') {
            Some((prefix, local)) => (self.resolve_prefix(prefix), true, local.to_string()),
            None => (self.resolve_default(), false, raw_name.clone()),
        };
        let parent = self.current();
        let mut base = self.doc.nodes[parent].base;
        let mut lang = self.doc.nodes[parent].lang;
        let mut attrs = Vec::with_capacity(raw_attrs.len());
        for (key, value) in raw_attrs {
            let (attr_ns, attr_local) = match key.split_once(':') {
                Some((prefix, local)) => (self.resolve_prefix(prefix), local.to_string()),
                None => (Ns::None, key),
            };
            if attr_ns == Ns::Xml && attr_local == "base" {
                let resolved = match &self.doc.bases[base] {
                    Some(parent_base) => parent_base.join(value.trim()).ok(),
                    None => Url::parse(value.trim()).ok(),
                };
                if resolved.is_some() {
                    self.doc.bases.push(resolved);
                    base = self.doc.bases.len() - 1;
                }
            } else if attr_ns == Ns::Xml && attr_local == "lang" {
                self.doc.langs.push(value.trim().to_string());
                lang = self.doc.langs.len() - 1;
            }
            attrs.push(Attr {
                ns: attr_ns,
                local: attr_local,
                value,
            });
        }

        let id = self.doc.nodes.len();
        self.doc.nodes.push(Node {
            ns,
            prefixed,
            local,
            attrs,
            children: Vec::new(),
            base,
            lang,
            complete: empty,
        });
        self.doc.nodes[parent].children.push(Child::Elem(id));
        if empty {
            self.ns_scopes.truncate(ns_scope_len);
        } else {
            self.stack.push(Open {
                id,
                raw_name,
                ns_scope_len,
            });
        }
    }

    fn close(&mut self, raw_name: &str) {
        if self.overflow_depth > 0 {
            self.overflow_depth -= 1;
            return;
        }
        let position = self
            .stack
            .iter()
            .rposition(|open| open.raw_name == raw_name)
            .or_else(|| {
                self.stack
                    .iter()
                    .rposition(|open| open.raw_name.eq_ignore_ascii_case(raw_name))
            });
        let Some(position) = position else {
            self.n_unmatched_ends += 1;
            return;
        };
        // Elements left open inside (`<p><b></p>`) end with their parent.
        for open in self.stack.drain(position..) {
            self.doc.nodes[open.id].complete = true;
            self.ns_scopes.truncate(open.ns_scope_len);
        }
    }

    fn resolve_prefix(&mut self, prefix: &str) -> Ns {
        if prefix == "xml" {
            return Ns::Xml;
        }
        if let Some((_, ns)) = self
            .ns_scopes
            .iter()
            .rev()
            .find(|(known, _)| known == prefix)
        {
            return *ns;
        }
        if !self.undeclared.iter().any(|known| known == prefix) && self.undeclared.len() < 16 {
            self.undeclared.push(prefix.to_string());
        }
        Ns::from_conventional_prefix(prefix)
    }

    fn resolve_default(&self) -> Ns {
        self.ns_scopes
            .iter()
            .rev()
            .find(|(prefix, _)| prefix.is_empty())
            .map_or(Ns::None, |(_, ns)| *ns)
    }
}

fn describe_error(error: &quick_xml::Error) -> String {
    use quick_xml::errors::SyntaxError;
    match error {
        quick_xml::Error::Syntax(SyntaxError::UnclosedCData) => {
            "unclosed CDATA section (truncated?)".to_string()
        }
        quick_xml::Error::Syntax(SyntaxError::UnclosedComment) => {
            "unclosed comment (truncated?)".to_string()
        }
        quick_xml::Error::Syntax(SyntaxError::UnclosedTag) => {
            "unclosed tag (truncated?)".to_string()
        }
        quick_xml::Error::Syntax(SyntaxError::UnclosedDoctype) => {
            "unclosed DOCTYPE (truncated?)".to_string()
        }
        other => {
            let mut message = String::new();
            let _ = write!(message, "{other}");
            message
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Element children of `id`.
    pub fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id]
            .children
            .iter()
            .filter_map(|child| match child {
                Child::Elem(child_id) => Some(*child_id),
                Child::Text(_) => None,
            })
    }

    /// All text below `id`, in document order.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.collect_text(id, &mut out, 0);
        out
    }

    fn collect_text(&self, id: NodeId, out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in &self.nodes[id].children {
            match child {
                Child::Text(text) => out.push_str(text),
                Child::Elem(child_id) => self.collect_text(*child_id, out, depth + 1),
            }
        }
    }

    pub fn attr(&self, id: NodeId, local: &str) -> Option<&str> {
        self.nodes[id]
            .attrs
            .iter()
            .find(|attr| attr.ns == Ns::None && attr.local == local)
            .map(|attr| attr.value.as_str())
    }

    pub fn attr_ns(&self, id: NodeId, ns: Ns, local: &str) -> Option<&str> {
        self.nodes[id]
            .attrs
            .iter()
            .find(|attr| attr.ns == ns && attr.local == local)
            .map(|attr| attr.value.as_str())
    }

    pub fn base(&self, id: NodeId) -> Option<&Url> {
        self.bases.get(self.nodes[id].base).and_then(Option::as_ref)
    }

    pub fn lang(&self, id: NodeId) -> Option<&str> {
        self.langs
            .get(self.nodes[id].lang)
            .map(String::as_str)
            .filter(|lang| !lang.is_empty())
    }
}
