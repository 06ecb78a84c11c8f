//! Small helpers over scraper's tree: class tests, descendant search and browser-like text.
//!
//! Class and attribute tests scan the element's attribute list by string instead of going through
//! scraper's `has_class`/`attr`, which intern every class name as an atom on first use; on
//! preview pages that costs more than the lookups themselves. Every walk is depth-limited so a
//! hostile, absurdly nested page cannot overflow the stack.

use scraper::ElementRef;
use scraper::node::Node;
use wiredesk_model::Link;

/// Deeper than any real Telegram markup; beyond it walks stop descending.
pub(crate) const MAX_DEPTH: usize = 256;

/// Value of attribute `name` (lowercase), without interning it.
pub(crate) fn attr<'a>(el: ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value()
        .attrs()
        .find(|(attr_name, _)| *attr_name == name)
        .map(|(_, value)| value)
}

/// True when the `class` attribute holds `class` as a whole token.
pub(crate) fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    attr(el, "class")
        .is_some_and(|classes| classes.split_ascii_whitespace().any(|token| token == class))
}

/// The tokens of a `class` attribute, split once (walks test each element for dozens of classes).
pub(crate) struct ClassTokens<'a> {
    tokens: [&'a str; 12],
    n_tokens: usize,
}

impl<'a> ClassTokens<'a> {
    pub(crate) fn new(classes: &'a str) -> ClassTokens<'a> {
        let mut tokens = [""; 12];
        let mut n_tokens = 0;
        for token in classes.split_ascii_whitespace().take(tokens.len()) {
            tokens[n_tokens] = token;
            n_tokens += 1;
        }
        ClassTokens { tokens, n_tokens }
    }

    pub(crate) fn contains(&self, class: &str) -> bool {
        self.tokens[..self.n_tokens].contains(&class)
    }
}

/// Child elements of `el`, in document order.
pub(crate) fn child_elements<'a>(el: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    el.children().filter_map(ElementRef::wrap)
}

/// First descendant (not `el` itself) for which `pred` holds, in document order.
pub(crate) fn find<'a>(
    el: ElementRef<'a>,
    pred: &dyn Fn(ElementRef<'a>) -> bool,
) -> Option<ElementRef<'a>> {
    el.descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|candidate| pred(*candidate))
}

/// First descendant carrying class `class`.
pub(crate) fn find_class<'a>(el: ElementRef<'a>, class: &str) -> Option<ElementRef<'a>> {
    find(el, &|candidate| has_class(candidate, class))
}

/// First descendant with tag `name`.
pub(crate) fn find_tag<'a>(el: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    find(el, &|candidate| candidate.value().name() == name)
}

/// Every descendant carrying class `class`, not looking inside the matches.
pub(crate) fn find_all_class<'a>(el: ElementRef<'a>, class: &str) -> Vec<ElementRef<'a>> {
    let mut found = Vec::new();
    let mut stack: Vec<ElementRef<'a>> = child_elements(el).collect();
    stack.reverse();
    while let Some(next) = stack.pop() {
        if has_class(next, class) {
            found.push(next);
            continue;
        }
        let start = stack.len();
        stack.extend(child_elements(next));
        stack[start..].reverse();
    }
    found
}

/// The URL inside the first `url(…)` of an inline style, quoted with `'`, `"` or not at all
/// (browser-saved copies rewrite `url('…')` to `url(&quot;…&quot;)`).
pub(crate) fn style_url(style: &str) -> Option<String> {
    let start = style.find("url(")? + 4;
    let rest = style[start..].trim_start();
    let (quote, rest) = match rest.chars().next()? {
        quote @ ('\'' | '"') => (Some(quote), &rest[1..]),
        _ => (None, rest),
    };
    let end = match quote {
        Some(quote) => rest.find(quote)?,
        None => rest.find(')')?,
    };
    let url = rest[..end].trim();
    (!url.is_empty()).then(|| absolute_url(url))
}

/// `//host/x` → `https://host/x`; `/x` → `https://t.me/x`; anything else unchanged.
pub(crate) fn absolute_url(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("//") {
        format!("https://{rest}")
    } else if url.starts_with('/') {
        format!("https://t.me{url}")
    } else {
        url.to_string()
    }
}

/// A media URL hint from `url`, or `None` for empty values and `data:` placeholders.
pub(crate) fn media_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    if url.is_empty() || url.starts_with("data:") {
        None
    } else {
        Some(absolute_url(url))
    }
}

/// The background image URL of `el`'s inline style.
pub(crate) fn background_url(el: ElementRef<'_>) -> Option<String> {
    attr(el, "style")
        .and_then(style_url)
        .filter(|url| !url.starts_with("data:"))
}

/// Text of `el` as a browser shows it, without entities.
pub(crate) fn plain_text(el: ElementRef<'_>) -> String {
    let mut renderer = Renderer::default();
    renderer.walk(el, false, 0);
    renderer.finish().text
}

/// Like [`plain_text`], `None` when empty.
pub(crate) fn text_of(el: Option<ElementRef<'_>>) -> Option<String> {
    let text = plain_text(el?);
    (!text.is_empty()).then_some(text)
}

/// What a message body says, as plain text plus the entities found in it.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub text: String,
    pub links: Vec<Link>,
    pub hashtags: Vec<String>,
    pub mentions: Vec<String>,
    pub blockquotes: Vec<String>,
}

/// Text of `el` as a browser shows it plus links, hashtags, mentions and blockquotes.
pub(crate) fn render(el: ElementRef<'_>) -> Rendered {
    let mut renderer = Renderer::default();
    renderer.walk(el, false, 0);
    renderer.finish()
}

/// Browser-like text layout: runs of whitespace collapse to one space, `<br>` is a line break,
/// block elements start and end lines, `<pre>` keeps its whitespace, lines are trimmed.
#[derive(Default)]
struct Renderer {
    out: Rendered,
    pending_space: bool,
}

impl Renderer {
    fn walk(&mut self, el: ElementRef<'_>, pre: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(text) => self.push_text(text, pre),
                Node::Element(element) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    match element.name() {
                        "br" => self.line_break(),
                        "script" | "style" | "svg" | "template" | "noscript" | "video"
                        | "audio" => {}
                        "img" => {
                            if has_class(child_el, "emoji")
                                && let Some(alt) = attr(child_el, "alt")
                            {
                                self.push_text(alt, false);
                            }
                        }
                        "blockquote" => {
                            self.block_break();
                            let start = self.out.text.len();
                            self.walk(child_el, pre, depth + 1);
                            let quote = clean_lines(&self.out.text[start..]);
                            if !quote.is_empty() {
                                self.out.blockquotes.push(quote);
                            }
                            self.block_break();
                        }
                        "pre" => {
                            self.block_break();
                            self.walk(child_el, true, depth + 1);
                            self.block_break();
                        }
                        "div" | "p" | "ul" | "ol" | "li" | "h1" | "h2" | "h3" | "h4" | "h5"
                        | "h6" | "table" | "tr" | "section" | "header" | "footer" => {
                            self.block_break();
                            self.walk(child_el, pre, depth + 1);
                            self.block_break();
                        }
                        "a" => {
                            let start = self.out.text.len();
                            self.walk(child_el, pre, depth + 1);
                            let anchor = collapse(&self.out.text[start..]);
                            self.classify_link(child_el, anchor);
                        }
                        "i" if has_class(child_el, "verified-icon") => {}
                        "i" if has_class(child_el, "emoji") => {
                            let start = self.out.text.len();
                            self.walk(child_el, pre, depth + 1);
                            if self.out.text.len() == start
                                && let Some(glyph) =
                                    attr(child_el, "style").and_then(emoji_from_style)
                            {
                                self.push_text(&glyph, false);
                            }
                        }
                        _ => self.walk(child_el, pre, depth + 1),
                    }
                }
                _ => {}
            }
        }
    }

    fn classify_link(&mut self, anchor_el: ElementRef<'_>, anchor: String) {
        let Some(href) = attr(anchor_el, "href").map(str::trim) else {
            return;
        };
        if href.is_empty() {
            return;
        }
        if href.starts_with("?q=") && (anchor.starts_with('#') || anchor.starts_with('$')) {
            if !self.out.hashtags.contains(&anchor) {
                self.out.hashtags.push(anchor);
            }
            return;
        }
        let url = absolute_url(&repair_amp(href));
        if anchor.starts_with('@') && is_telegram_url(&url) && !self.out.mentions.contains(&anchor)
        {
            self.out.mentions.push(anchor.clone());
        }
        self.out.links.push(Link { url, text: anchor });
    }

    fn push_text(&mut self, text: &str, pre: bool) {
        let out = &mut self.out.text;
        if pre {
            out.push_str(&text.replace("\r\n", "\n"));
            self.pending_space = false;
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space
                    && !out.is_empty()
                    && !out.ends_with('\n')
                    && !out.ends_with(' ')
                {
                    out.push(' ');
                }
                self.pending_space = false;
                out.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        trim_trailing_spaces(&mut self.out.text);
        self.out.text.push('\n');
        self.pending_space = false;
    }

    fn block_break(&mut self) {
        trim_trailing_spaces(&mut self.out.text);
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.out.text.push('\n');
        }
        self.pending_space = false;
    }

    fn finish(mut self) -> Rendered {
        self.out.text = clean_lines(&self.out.text);
        self.out
    }
}

fn trim_trailing_spaces(text: &mut String) {
    let trimmed = text.trim_end_matches(' ').len();
    text.truncate(trimmed);
}

/// Lines trimmed, leading and trailing blank lines dropped.
fn clean_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Whitespace runs (line breaks included) collapsed to one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Since 2024 t.me double-escapes `&` in hyperlinks (`&amp;amp;` in the source, `&amp;` after
/// decoding); a literal `&amp;` inside a real URL is far rarer than this bug.
pub(crate) fn repair_amp(href: &str) -> String {
    href.replace("&amp;", "&")
}

fn is_telegram_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        host.as_str(),
        "t.me" | "www.t.me" | "telegram.me" | "www.telegram.me"
    )
}

/// The glyph an emoji image stands for: `…/emoji/40/F09F94A5.png` is the UTF-8 of 🔥 in hex.
fn emoji_from_style(style: &str) -> Option<String> {
    let url = style_url(style)?;
    let file = url.rsplit('/').next()?;
    let hex = file.split('.').next()?;
    if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// `(channel, id)` named by a t.me post link: `https://t.me/name/12`, `/s/name/12`,
/// `https://t.me/c/123/45` (a private chat, kept as `c/123`), `https://t.me/name` (no id).
pub(crate) fn parse_tme_link(href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    let rest = href.split_once("://").map_or(href, |(_, rest)| rest);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (host, path) = match rest.split_once('/') {
        Some((host, path)) => (host, path),
        None => (rest, ""),
    };
    let host = host.to_ascii_lowercase();
    if !host.is_empty()
        && !matches!(
            host.as_str(),
            "t.me" | "www.t.me" | "telegram.me" | "www.telegram.me"
        )
    {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    if segments.first() == Some(&"s") {
        segments.remove(0);
    }
    let is_id = |segment: &&str| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    match segments.as_slice() {
        ["c", chat, id, ..] if is_id(chat) && is_id(id) => {
            Some((format!("c/{chat}"), Some(id.to_string())))
        }
        [name, id, ..] if is_id(id) && is_username(name) => {
            Some((name.to_string(), Some(id.to_string())))
        }
        [name] if is_username(name) => Some((name.to_string(), None)),
        _ => None,
    }
}

/// Telegram usernames: letters, digits and underscores.
pub(crate) fn is_username(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
