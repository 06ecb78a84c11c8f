//! Atom 1.0 and Atom 0.3: feed head and entries. Atom 0.3 differs in names (`issued`,
//! `modified`, `created`, `tagline`), in its namespace (`http://purl.org/atom/ns#`) and in
//! content (`mode="escaped|xml|base64"` with MIME `type`s); both read through the same code.

use base64::Engine as _;
use url::Url;
use wiredesk_model::{FeedInfo, OriginSource, Post};

use super::html::{self, HtmlText};
use super::rss::{collect_media, enclosure};
use super::xml::{Document, NodeId, Ns};
use super::{Ctx, Draft, finish_post, normalize_language, resolve_link};

/// Elements of the Atom vocabulary: either Atom namespace, or none (feeds that forget `xmlns`).
fn is_atom(doc: &Document, id: NodeId) -> bool {
    let node = doc.node(id);
    matches!(node.ns, Ns::Atom | Ns::Atom03 | Ns::None) || (node.ns == Ns::Other && !node.prefixed)
}

fn atom_children<'d>(
    doc: &'d Document,
    id: NodeId,
    local: &'d str,
) -> impl Iterator<Item = NodeId> + 'd {
    doc.elements(id)
        .filter(move |child| is_atom(doc, *child) && doc.node(*child).local == local)
}

fn atom_child(doc: &Document, id: NodeId, local: &str) -> Option<NodeId> {
    atom_children(doc, id, local).next()
}

fn text_of(doc: &Document, id: Option<NodeId>) -> Option<String> {
    let text = doc.text(id?);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

pub(crate) fn extract(
    doc: &Document,
    root: NodeId,
    ctx: &mut Ctx<'_>,
) -> (FeedInfo, Vec<Post>, usize) {
    let is_03 = doc.node(root).ns == Ns::Atom03
        || doc.attr(root, "version").is_some_and(|v| v.trim() == "0.3");
    let mut info = FeedInfo {
        format: if is_03 { "atom0.3" } else { "atom1" }.to_string(),
        ..FeedInfo::default()
    };
    info.title = atom_child(doc, root, "title").and_then(|title| one_line_construct(doc, title));
    info.link = alternate_link(doc, root);
    info.description = atom_child(doc, root, "subtitle")
        .or_else(|| atom_child(doc, root, "tagline"))
        .map(|subtitle| text_construct(doc, subtitle).text)
        .filter(|description| !description.is_empty());
    info.language = doc.lang(root).and_then(normalize_language);
    let updated = text_of(doc, atom_child(doc, root, "updated"))
        .or_else(|| text_of(doc, atom_child(doc, root, "modified")));
    if let Some(updated) = updated {
        info.updated_at = super::date::parse_date(&updated);
        if info.updated_at.is_none() {
            ctx.warn(Some("feed".into()), format!("unreadable date {updated:?}"));
        }
    }
    ctx.feed_language = info.language.clone();
    let feed_authors = author_names(doc, root);

    let mut posts = Vec::new();
    let mut n_incomplete = 0;
    for (index, entry) in atom_children(doc, root, "entry").enumerate() {
        if !doc.node(entry).complete {
            n_incomplete += 1;
            continue;
        }
        let mut draft = entry_draft(doc, entry, index + 1);
        if draft.authors.is_empty() {
            for author in &feed_authors {
                draft.add_author(author);
            }
        }
        posts.push(finish_post(draft, ctx));
    }
    (info, posts, n_incomplete)
}

fn entry_draft(doc: &Document, entry: NodeId, index: usize) -> Draft {
    let mut draft = Draft {
        index,
        ..Draft::default()
    };
    draft.title = atom_child(doc, entry, "title").and_then(|title| one_line_construct(doc, title));
    draft.link = alternate_link(doc, entry);
    draft.guid = text_of(doc, atom_child(doc, entry, "id"));
    if draft.link.is_none() {
        // An entry without a link whose id is a web address: that address is its page.
        draft.link = draft
            .guid
            .as_deref()
            .and_then(|id| Url::parse(id).ok())
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .map(|url| url.to_string());
    }
    draft.published = text_of(doc, atom_child(doc, entry, "published"))
        .or_else(|| text_of(doc, atom_child(doc, entry, "issued")))
        .or_else(|| text_of(doc, atom_child(doc, entry, "created")))
        .or_else(|| text_of(doc, super::rss::ns_child(doc, entry, Ns::Dc, "date")));
    draft.updated = text_of(doc, atom_child(doc, entry, "updated"))
        .or_else(|| text_of(doc, atom_child(doc, entry, "modified")));

    for name in author_names(doc, entry) {
        draft.add_author(&name);
    }
    if draft.authors.is_empty() {
        for creator in super::rss::ns_children(doc, entry, Ns::Dc, "creator") {
            draft.add_author(&doc.text(creator));
        }
    }
    if draft.authors.is_empty()
        && let Some(source) = atom_child(doc, entry, "source")
    {
        for name in author_names(doc, source) {
            draft.add_author(&name);
        }
    }

    for category in atom_children(doc, entry, "category") {
        let label = doc
            .attr(category, "label")
            .filter(|label| !label.trim().is_empty());
        draft.add_category(label.or_else(|| doc.attr(category, "term")).unwrap_or(""));
    }
    for subject in super::rss::ns_children(doc, entry, Ns::Dc, "subject") {
        draft.add_category(&doc.text(subject));
    }

    for content in atom_children(doc, entry, "content") {
        draft.bodies.push(text_construct(doc, content));
    }
    for summary in atom_children(doc, entry, "summary") {
        draft.bodies.push(text_construct(doc, summary));
    }
    if draft.bodies.iter().all(|body| body.text.is_empty()) {
        let description =
            super::rss::ns_child(doc, entry, Ns::Media, "description").or_else(|| {
                super::rss::ns_children(doc, entry, Ns::Media, "group")
                    .find_map(|group| super::rss::ns_child(doc, group, Ns::Media, "description"))
            });
        if let Some(description) = description {
            draft.bodies.push(super::body_text(
                &doc.text(description),
                doc.base(description),
            ));
        }
    }

    for link in atom_children(doc, entry, "link") {
        if doc.attr(link, "rel").map(str::trim) != Some("enclosure") {
            continue;
        }
        if let Some(enclosure) = enclosure(doc, link, "href") {
            draft.add_media(enclosure);
        }
    }
    collect_media(doc, entry, &mut draft, 0);

    draft.origin = atom_child(doc, entry, "source")
        .map(|source| OriginSource {
            name: atom_child(doc, source, "title").and_then(|title| one_line_construct(doc, title)),
            url: alternate_link(doc, source).or_else(|| {
                let id = text_of(doc, atom_child(doc, source, "id"))?;
                Url::parse(&id)
                    .ok()
                    .filter(|url| matches!(url.scheme(), "http" | "https"))
                    .map(|url| url.to_string())
            }),
        })
        .filter(|origin| origin.name.is_some() || origin.url.is_some());

    draft.language = doc.lang(entry).map(str::to_string);
    draft
}

/// Names in `<author>` elements of `id` (the email when a name is missing).
fn author_names(doc: &Document, id: NodeId) -> Vec<String> {
    atom_children(doc, id, "author")
        .filter_map(|author| {
            text_of(doc, atom_child(doc, author, "name"))
                .or_else(|| text_of(doc, atom_child(doc, author, "email")))
                .or_else(|| text_of(doc, Some(author)))
        })
        .collect()
}

/// The `rel="alternate"` (or rel-less) link, preferring an HTML one, resolved.
fn alternate_link(doc: &Document, id: NodeId) -> Option<String> {
    let alternates: Vec<NodeId> = atom_children(doc, id, "link")
        .filter(|link| {
            doc.attr(*link, "rel")
                .is_none_or(|rel| rel.trim() == "alternate" || rel.trim().is_empty())
        })
        .filter(|link| {
            doc.attr(*link, "href")
                .is_some_and(|href| !href.trim().is_empty())
        })
        .collect();
    let html_link = alternates
        .iter()
        .copied()
        .find(|link| doc.attr(*link, "type").is_none_or(|t| t.contains("html")));
    let link = html_link.or_else(|| alternates.first().copied())?;
    resolve_link(doc.base(link), doc.attr(link, "href")?)
}

fn one_line_construct(doc: &Document, id: NodeId) -> Option<String> {
    let text = html::one_line(&text_construct(doc, id).text);
    (!text.is_empty()).then_some(text)
}

/// An Atom text construct (or Atom 0.3 content) as text: `type="text|html|xhtml"` or a MIME
/// type, and in Atom 0.3 `mode="xml|escaped|base64"`.
pub(crate) fn text_construct(doc: &Document, id: NodeId) -> HtmlText {
    let kind = doc
        .attr(id, "type")
        .unwrap_or("text")
        .trim()
        .to_ascii_lowercase();
    let mode = doc
        .attr(id, "mode")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let base = doc.base(id);
    let is_html = kind == "html" || kind.contains("html");
    let has_elements = doc.elements(id).next().is_some();
    if mode == "base64" {
        let raw = doc.text(id);
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(cleaned.as_bytes())
            .ok();
        let text = decoded
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        return if is_html {
            html::html_to_text(&text, base)
        } else {
            HtmlText {
                text: html::plain_text(&text),
                ..HtmlText::default()
            }
        };
    }
    if has_elements && mode != "escaped" {
        return html::xhtml_to_text(doc, id);
    }
    let text = doc.text(id);
    if is_html {
        html::html_to_text(&text, base)
    } else if mode == "escaped" {
        super::body_text(&text, base)
    } else if kind == "text" || kind.starts_with("text/") || kind.is_empty() {
        // Text that still carries entities (`&amp;nbsp;` escaped twice) is decoded once more.
        HtmlText {
            text: html::plain_text(&super::entities::decode_html(&text)),
            ..HtmlText::default()
        }
    } else {
        // Some other media type (an image, say): nothing to read as text.
        HtmlText::default()
    }
}
