//! OPML import and export of sources, so a desk can take its list from a feed reader and give it
//! back.
//!
//! Feeds are `<outline xmlUrl=…>`; Telegram channels travel as ordinary RSS outlines pointing at
//! `https://t.me/s/<channel>` (readers that cannot read them keep the link; wiredesk recognizes
//! them). Trust and interval, which OPML has no word for, ride in `wiredesk:`-prefixed attributes.
//!
//! Decision: import tolerates what feed readers really write: no version, attribute names in any
//! case (`xmlurl`), HTML entities and bare `&` in values, mismatched end tags, categories nested
//! at any depth (flattened). Attribute values are unescaped by a lenient routine of our own,
//! because quick-xml's strict unescape rejects `?a=1&b=2`.

#[cfg(test)]
mod tests;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use wiredesk_model::{SourceKind, SourceSpec, Trust};

use crate::config::{normalize_feed_url, parse_trust, telegram_link_channel, trust_name};

/// The namespace of wiredesk's own outline attributes.
pub const WIREDESK_NAMESPACE: &str = "urn:wiredesk:opml";

/// What an OPML file held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpmlImport {
    /// In document order, without duplicates.
    pub sources: Vec<SourceSpec>,
    /// Outlines that were not taken as sources, each with why: `"Blog" (https://…): …`.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpmlError {
    #[error("not an opml document: the root element is <{root}>")]
    NotOpml { root: String },
    #[error("not an opml document: no element found")]
    Empty,
    #[error("malformed opml at byte {position}: {message}")]
    Xml { position: u64, message: String },
}

/// Reads the sources of an OPML document.
pub fn import_opml(text: &str) -> Result<OpmlImport, OpmlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;

    let mut import = OpmlImport::default();
    let mut seen_root = false;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                return Err(OpmlError::Xml {
                    position: reader.error_position(),
                    message: error.to_string(),
                });
            }
        };
        let (element, has_children) = match &event {
            Event::Start(element) => (element, true),
            Event::Empty(element) => (element, false),
            Event::Eof => break,
            _ => continue,
        };
        let name = element.local_name().as_ref().to_ascii_lowercase();
        if !seen_root {
            if name != "opml" {
                return Err(OpmlError::NotOpml { root: name });
            }
            seen_root = true;
            continue;
        }
        if name == "outline" {
            read_outline(element, has_children, &mut import);
        }
    }
    if !seen_root {
        return Err(OpmlError::Empty);
    }
    Ok(import)
}

/// The attributes of an outline that matter, by lowercase name.
#[derive(Default)]
struct Outline {
    text: Option<String>,
    title: Option<String>,
    kind: Option<String>,
    xml_url: Option<String>,
    html_url: Option<String>,
    url: Option<String>,
    trust: Option<String>,
    interval: Option<String>,
}

impl Outline {
    fn parse(element: &BytesStart<'_>) -> Outline {
        let mut outline = Outline::default();
        for attribute in element.html_attributes().with_checks(false).flatten() {
            let key = attribute.key.as_ref().to_ascii_lowercase();
            let value = unescape_lenient(&attribute.value);
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let slot = match key.as_str() {
                "text" => &mut outline.text,
                "title" => &mut outline.title,
                "type" => &mut outline.kind,
                "xmlurl" => &mut outline.xml_url,
                "htmlurl" => &mut outline.html_url,
                "url" => &mut outline.url,
                "wiredesk:trust" => &mut outline.trust,
                "wiredesk:intervalsecs" => &mut outline.interval,
                _ => continue,
            };
            // The first of duplicated attributes wins.
            if slot.is_none() {
                *slot = Some(value.to_owned());
            }
        }
        outline
    }

    /// The name a person gave it: title, else text, with runs of whitespace collapsed.
    fn name(&self) -> Option<String> {
        [&self.title, &self.text]
            .into_iter()
            .flatten()
            .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|name| !name.is_empty())
    }

    /// How to name it in `skipped`.
    fn label(&self) -> String {
        let url = self
            .xml_url
            .as_ref()
            .or(self.html_url.as_ref())
            .or(self.url.as_ref());
        match (self.name(), url) {
            (Some(name), Some(url)) => format!("{name:?} ({url})"),
            (Some(name), None) => format!("{name:?}"),
            (None, Some(url)) => url.clone(),
            (None, None) => "untitled outline".to_owned(),
        }
    }
}

fn read_outline(element: &BytesStart<'_>, has_children: bool, import: &mut OpmlImport) {
    let outline = Outline::parse(element);
    let is_feed_type = outline
        .kind
        .as_deref()
        .is_some_and(|kind| matches!(kind.to_ascii_lowercase().as_str(), "rss" | "atom" | "feed"));
    // Where a Telegram channel may be named, in order of preference. A broken Telegram link only
    // matters when the outline has no feed to fall back on.
    let telegram_links: Vec<_> = [&outline.xml_url, &outline.html_url, &outline.url]
        .into_iter()
        .flatten()
        .filter_map(|link| telegram_link_channel(link))
        .collect();
    let telegram_channel = telegram_links
        .iter()
        .find_map(|link| link.as_ref().ok())
        .cloned();
    let telegram_error = telegram_links.into_iter().find_map(Result::err);
    let not_telegram = |url: &&String| telegram_link_channel(url).is_none();
    let xml_url = outline.xml_url.as_ref().filter(not_telegram);
    let plain_url = outline.url.as_ref().filter(not_telegram);
    let kind = match (telegram_channel, xml_url, plain_url) {
        (Some(channel), _, _) => SourceKind::Telegram { channel },
        (None, Some(feed_url), _) => match normalize_feed_url(feed_url) {
            Ok(url) => SourceKind::Feed { url },
            Err(message) => {
                import
                    .skipped
                    .push(format!("{}: {message}", outline.label()));
                return;
            }
        },
        // Some exporters write `url` where OPML says `xmlUrl`.
        (None, None, Some(feed_url)) if is_feed_type => match normalize_feed_url(feed_url) {
            Ok(url) => SourceKind::Feed { url },
            Err(message) => {
                import
                    .skipped
                    .push(format!("{}: {message}", outline.label()));
                return;
            }
        },
        _ if telegram_error.is_some() => {
            let error = telegram_error
                .map(|error| error.to_string())
                .unwrap_or_default();
            import.skipped.push(format!("{}: {error}", outline.label()));
            return;
        }
        _ => {
            // A category: its children are read in turn, it is not a source itself.
            if !has_children {
                let why = if outline.url.is_some() || outline.html_url.is_some() {
                    "a link, not a feed (no xmlUrl)"
                } else {
                    "no xmlUrl"
                };
                import.skipped.push(format!("{}: {why}", outline.label()));
            }
            return;
        }
    };

    let key = kind.key();
    if import.sources.iter().any(|spec| spec.kind.key() == key) {
        import.skipped.push(format!(
            "{}: duplicate {} {key:?}",
            outline.label(),
            kind.kind_name()
        ));
        return;
    }
    // A name that only repeats the channel or URL is no name (this keeps export→import exact).
    let name = outline.name().filter(|name| {
        let bare = name.strip_prefix('@').unwrap_or(name);
        match &kind {
            SourceKind::Telegram { channel } => !bare.eq_ignore_ascii_case(channel),
            SourceKind::Feed { url } => name != url && Some(name) != outline.xml_url.as_ref(),
        }
    });
    let trust = outline
        .trust
        .as_deref()
        .and_then(parse_trust)
        .unwrap_or(Trust::Normal);
    let interval_secs = outline
        .interval
        .as_deref()
        .and_then(|interval| interval.parse::<u64>().ok())
        .filter(|interval| *interval > 0);
    import.sources.push(SourceSpec {
        kind,
        name,
        interval_secs,
        trust,
    });
}

/// Replaces character and entity references it knows (XML's five, common HTML ones, numeric)
/// and leaves anything else, such as a bare `&` in a query string, as written.
fn unescape_lenient(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp_idx) = rest.find('&') {
        out.push_str(&rest[..amp_idx]);
        let after = &rest[amp_idx + 1..];
        let resolved = after
            .find(';')
            .filter(|semi_idx| *semi_idx <= 32)
            .and_then(|semi_idx| resolve_entity(&after[..semi_idx]).map(|ch| (ch, semi_idx)));
        match resolved {
            Some((replacement, semi_idx)) => {
                out.push_str(&replacement);
                rest = &after[semi_idx + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn resolve_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        return char::from_u32(code)
            .filter(|ch| *ch != '\0')
            .map(String::from);
    }
    let ch = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "sect" => '§',
        "times" => '×',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "Eacute" => 'É',
        "agrave" => 'à',
        "egrave" => 'è',
        "ograve" => 'ò',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "ocirc" => 'ô',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "oslash" => 'ø',
        "aring" => 'å',
        _ => return None,
    };
    Some(ch.to_string())
}

/// Writes sources as an OPML 2.0 document: feeds as RSS outlines, Telegram channels as RSS
/// outlines on `https://t.me/s/<channel>`, in the order given.
pub fn export_opml(sources: &[SourceSpec], title: &str) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<opml version=\"2.0\" xmlns:wiredesk=\"{WIREDESK_NAMESPACE}\">\n"
    ));
    out.push_str("  <head>\n");
    out.push_str(&format!("    <title>{}</title>\n", escape_xml(title)));
    out.push_str("  </head>\n");
    out.push_str("  <body>\n");
    for spec in sources {
        let (label, xml_url, html_url) = match &spec.kind {
            SourceKind::Telegram { channel } => (
                spec.name.clone().unwrap_or_else(|| channel.clone()),
                format!("https://t.me/s/{channel}"),
                Some(format!("https://t.me/{channel}")),
            ),
            SourceKind::Feed { url } => (
                spec.name.clone().unwrap_or_else(|| url.clone()),
                url.clone(),
                None,
            ),
        };
        let label = escape_xml(&label);
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{label}\" title=\"{label}\""
        ));
        out.push_str(&format!(" xmlUrl=\"{}\"", escape_xml(&xml_url)));
        if let Some(html_url) = html_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape_xml(&html_url)));
        }
        if spec.trust != Trust::Normal {
            out.push_str(&format!(" wiredesk:trust=\"{}\"", trust_name(spec.trust)));
        }
        if let Some(interval) = spec.interval_secs {
            out.push_str(&format!(" wiredesk:intervalSecs=\"{interval}\""));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n");
    out.push_str("</opml>\n");
    out
}

/// Escapes for attribute values and text alike; drops characters XML 1.0 cannot carry and writes
/// tabs and line breaks as references so attribute normalization keeps them.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{fffe}' | '\u{ffff}' => {}
            ch if ch.is_control() && (ch as u32) < 0x20 => {}
            ch => out.push(ch),
        }
    }
    out
}
