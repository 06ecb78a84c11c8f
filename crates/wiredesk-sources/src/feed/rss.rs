//! RSS 0.90/0.91/0.92/1.0 (RDF)/2.0: channel and items, with the extensions feeds use for
//! attribution (`dc:creator`, `<source>`, `dc:source`, Media RSS, `content:encoded`, Atom links).

use url::Url;
use wiredesk_model::{FeedInfo, Media, OriginSource, Post};

use super::xml::{Document, NodeId, Ns};
use super::{
    Ctx, Draft, body_text, finish_post, html, normalize_language, resolve_link, title_text,
};

/// Elements of the RSS vocabulary: no namespace, an RSS namespace, or an unknown default one.
fn is_rss(doc: &Document, id: NodeId) -> bool {
    let node = doc.node(id);
    matches!(node.ns, Ns::None | Ns::Rss | Ns::Rss090) || (node.ns == Ns::Other && !node.prefixed)
}

fn rss_children<'d>(
    doc: &'d Document,
    id: NodeId,
    local: &'d str,
) -> impl Iterator<Item = NodeId> + 'd {
    doc.elements(id).filter(move |child| {
        is_rss(doc, *child) && doc.node(*child).local.eq_ignore_ascii_case(local)
    })
}

fn rss_child(doc: &Document, id: NodeId, local: &str) -> Option<NodeId> {
    rss_children(doc, id, local).next()
}

pub(crate) fn ns_children<'d>(
    doc: &'d Document,
    id: NodeId,
    ns: Ns,
    local: &'d str,
) -> impl Iterator<Item = NodeId> + 'd {
    doc.elements(id)
        .filter(move |child| doc.node(*child).ns == ns && doc.node(*child).local == local)
}

pub(crate) fn ns_child(doc: &Document, id: NodeId, ns: Ns, local: &str) -> Option<NodeId> {
    ns_children(doc, id, ns, local).next()
}

/// Trimmed text of the first matching child, if not empty.
fn text_of(doc: &Document, id: Option<NodeId>) -> Option<String> {
    let text = doc.text(id?);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Returns the feed head, the complete items as posts, and how many incomplete items were dropped.
pub(crate) fn extract(
    doc: &Document,
    root: NodeId,
    ctx: &mut Ctx<'_>,
) -> (FeedInfo, Vec<Post>, usize) {
    let root_node = doc.node(root);
    let root_local = root_node.local.to_ascii_lowercase();
    let channel = if root_local == "channel" {
        Some(root)
    } else {
        rss_child(doc, root, "channel")
    };

    let format = match root_local.as_str() {
        "rdf" => {
            let rss090 = channel.is_some_and(|id| doc.node(id).ns == Ns::Rss090);
            if rss090 { "rss0.9x" } else { "rss1" }
        }
        _ => match doc.attr(root, "version").map(str::trim) {
            Some(version) if version.starts_with("0.9") => "rss0.9x",
            Some(version) if version.starts_with("1.") => "rss1",
            _ => "rss2",
        },
    };

    let mut info = FeedInfo {
        format: format.to_string(),
        ..FeedInfo::default()
    };
    if let Some(channel) = channel {
        let base = doc.base(channel);
        info.title = text_of(doc, rss_child(doc, channel, "title"))
            .and_then(|title| title_text(&title, base));
        info.link = text_of(doc, rss_child(doc, channel, "link"))
            .and_then(|link| resolve_link(base, &link))
            .or_else(|| alternate_atom_link(doc, channel));
        info.description = text_of(doc, rss_child(doc, channel, "description"))
            .or_else(|| text_of(doc, ns_child(doc, channel, Ns::Itunes, "subtitle")))
            .map(|description| body_text(&description, base).text)
            .filter(|description| !description.is_empty());
        info.language = text_of(doc, rss_child(doc, channel, "language"))
            .or_else(|| text_of(doc, ns_child(doc, channel, Ns::Dc, "language")))
            .or_else(|| doc.lang(channel).map(str::to_string))
            .and_then(|language| normalize_language(&language));
        let updated = text_of(doc, rss_child(doc, channel, "lastBuildDate"))
            .or_else(|| text_of(doc, rss_child(doc, channel, "pubDate")))
            .or_else(|| text_of(doc, ns_child(doc, channel, Ns::Dc, "date")))
            .or_else(|| text_of(doc, ns_child(doc, channel, Ns::Atom, "updated")));
        if let Some(updated) = updated {
            info.updated_at = super::date::parse_date(&updated);
            if info.updated_at.is_none() {
                ctx.warn(
                    Some("channel".into()),
                    format!("unreadable date {updated:?}"),
                );
            }
        }
        info.ttl_minutes =
            text_of(doc, rss_child(doc, channel, "ttl")).and_then(|ttl| ttl.parse().ok());
    }
    ctx.feed_language = info.language.clone();

    // Items sit in the channel (RSS 0.9x/2.0) or beside it (RSS 0.90/1.0); accept both.
    let mut items: Vec<NodeId> = Vec::new();
    if let Some(channel) = channel {
        items.extend(rss_children(doc, channel, "item"));
    }
    if channel != Some(root) {
        items.extend(rss_children(doc, root, "item"));
    }

    let mut posts = Vec::with_capacity(items.len());
    let mut n_incomplete = 0;
    for (index, item) in items.into_iter().enumerate() {
        if !doc.node(item).complete {
            n_incomplete += 1;
            continue;
        }
        let draft = item_draft(doc, item, index + 1);
        posts.push(finish_post(draft, ctx));
    }
    (info, posts, n_incomplete)
}

fn alternate_atom_link(doc: &Document, id: NodeId) -> Option<String> {
    ns_children(doc, id, Ns::Atom, "link")
        .find(|link| {
            doc.attr(*link, "rel")
                .is_none_or(|rel| rel.trim() == "alternate")
        })
        .and_then(|link| resolve_link(doc.base(link), doc.attr(link, "href")?))
}

fn item_draft(doc: &Document, item: NodeId, index: usize) -> Draft {
    let base = doc.base(item);
    let mut draft = Draft {
        index,
        ..Draft::default()
    };

    draft.title = text_of(doc, rss_child(doc, item, "title"))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::Dc, "title")))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::Atom, "title")))
        .and_then(|title| title_text(&title, base));

    let guid_node = rss_child(doc, item, "guid");
    draft.guid = text_of(doc, guid_node)
        .or_else(|| {
            doc.attr_ns(item, Ns::Rdf, "about")
                .map(|about| about.trim().to_string())
        })
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::Atom, "id")));
    let guid_is_link = guid_node.is_some_and(|guid| {
        doc.attr(guid, "isPermaLink")
            .is_none_or(|permalink| !permalink.trim().eq_ignore_ascii_case("false"))
    });
    draft.link = rss_children(doc, item, "link")
        .find_map(|link| {
            text_of(doc, Some(link)).and_then(|href| resolve_link(doc.base(link), &href))
        })
        .or_else(|| alternate_atom_link(doc, item))
        .or_else(|| {
            let guid = draft.guid.as_deref().filter(|_| guid_is_link)?;
            let url = Url::parse(guid.trim()).ok()?;
            matches!(url.scheme(), "http" | "https").then(|| url.to_string())
        })
        .or_else(|| {
            let about = doc.attr_ns(item, Ns::Rdf, "about")?;
            resolve_link(base, about)
        });

    draft.published = text_of(doc, rss_child(doc, item, "pubDate"))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::Dc, "date")))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::DcTerms, "issued")))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::DcTerms, "created")))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::Atom, "published")));
    draft.updated = text_of(doc, ns_child(doc, item, Ns::Atom, "updated"))
        .or_else(|| text_of(doc, ns_child(doc, item, Ns::DcTerms, "modified")));

    // The RSS <author> element's value as written ("name@example.com (Name)").
    for author in rss_children(doc, item, "author") {
        draft.add_author(&doc.text(author));
    }
    if draft.authors.is_empty() {
        for creator in ns_children(doc, item, Ns::Dc, "creator") {
            draft.add_author(&doc.text(creator));
        }
    }
    if draft.authors.is_empty() {
        for author in ns_children(doc, item, Ns::Itunes, "author") {
            draft.add_author(&doc.text(author));
        }
    }
    if draft.authors.is_empty() {
        for author in ns_children(doc, item, Ns::Atom, "author") {
            if let Some(name) = text_of(doc, ns_child(doc, author, Ns::Atom, "name")) {
                draft.add_author(&name);
            }
        }
    }

    for category in rss_children(doc, item, "category") {
        draft.add_category(&doc.text(category));
    }
    for subject in ns_children(doc, item, Ns::Dc, "subject") {
        draft.add_category(&doc.text(subject));
    }
    for category in ns_children(doc, item, Ns::Atom, "category") {
        let label = doc
            .attr(category, "label")
            .or_else(|| doc.attr(category, "term"))
            .unwrap_or("");
        draft.add_category(label);
    }

    for encoded in ns_children(doc, item, Ns::Content, "encoded") {
        draft
            .bodies
            .push(html::html_to_text(&doc.text(encoded), doc.base(encoded)));
    }
    for content in ns_children(doc, item, Ns::Atom, "content") {
        draft.bodies.push(super::atom::text_construct(doc, content));
    }
    for description in rss_children(doc, item, "description") {
        draft
            .bodies
            .push(body_text(&doc.text(description), doc.base(description)));
    }
    for summary in ns_children(doc, item, Ns::Itunes, "summary") {
        draft
            .bodies
            .push(body_text(&doc.text(summary), doc.base(summary)));
    }
    if draft.bodies.iter().all(|body| body.text.is_empty())
        && let Some(description) = media_description(doc, item)
    {
        draft
            .bodies
            .push(body_text(&doc.text(description), doc.base(description)));
    }

    for node in rss_children(doc, item, "enclosure") {
        if let Some(enclosure) = enclosure(doc, node, "url") {
            draft.add_media(enclosure);
        }
    }
    collect_media(doc, item, &mut draft, 0);

    draft.origin = rss_child(doc, item, "source")
        .map(|source| OriginSource {
            name: text_of(doc, Some(source)).map(|name| html::one_line(&name)),
            url: doc
                .attr(source, "url")
                .and_then(|url| resolve_link(doc.base(source), url)),
        })
        .filter(|origin| origin.name.is_some() || origin.url.is_some())
        .or_else(|| {
            let source = text_of(doc, ns_child(doc, item, Ns::Dc, "source"))?;
            let is_url =
                Url::parse(&source).is_ok_and(|url| matches!(url.scheme(), "http" | "https"));
            Some(if is_url {
                OriginSource {
                    name: None,
                    url: Some(source),
                }
            } else {
                OriginSource {
                    name: Some(html::one_line(&source)),
                    url: None,
                }
            })
        });

    draft.language = text_of(doc, ns_child(doc, item, Ns::Dc, "language")).or_else(|| {
        let own = doc.lang(item)?;
        Some(own.to_string())
    });
    draft
}

fn media_description(doc: &Document, item: NodeId) -> Option<NodeId> {
    ns_child(doc, item, Ns::Media, "description").or_else(|| {
        ns_children(doc, item, Ns::Media, "group")
            .find_map(|group| ns_child(doc, group, Ns::Media, "description"))
    })
}

/// An RSS `<enclosure url>` or an Atom `<link rel="enclosure" href>`, resolved, with its type
/// and length when they say something.
pub(crate) fn enclosure(doc: &Document, node: NodeId, url_attribute: &str) -> Option<Media> {
    let url = doc
        .attr(node, url_attribute)
        .and_then(|url| resolve_link(doc.base(node), url))?;
    let mime_type = doc
        .attr(node, "type")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let length = doc
        .attr(node, "length")
        .and_then(|length| length.trim().parse().ok())
        .filter(|n| *n > 0);
    Some(Media::Enclosure {
        url,
        mime_type,
        length,
    })
}

/// Media RSS: `media:content` as enclosures, `media:thumbnail` as thumbnails, inside
/// `media:group` and `media:content` too.
pub(crate) fn collect_media(doc: &Document, id: NodeId, draft: &mut Draft, depth: usize) {
    if depth > 3 {
        return;
    }
    for child in doc.elements(id) {
        let node = doc.node(child);
        if node.ns != Ns::Media {
            continue;
        }
        let url = || {
            doc.attr(child, "url")
                .and_then(|url| resolve_link(doc.base(child), url))
        };
        match node.local.as_str() {
            "content" => {
                if let Some(url) = url() {
                    let mime_type = doc
                        .attr(child, "type")
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .or_else(|| {
                            doc.attr(child, "medium")
                                .map(|medium| format!("{}/*", medium.trim()))
                        });
                    let length = doc
                        .attr(child, "fileSize")
                        .and_then(|size| size.trim().parse().ok())
                        .filter(|n| *n > 0);
                    draft.add_media(Media::Enclosure {
                        url,
                        mime_type,
                        length,
                    });
                }
                collect_media(doc, child, draft, depth + 1);
            }
            "thumbnail" => {
                if let Some(url) = url() {
                    draft.add_media(Media::Thumbnail { url });
                }
            }
            "group" => collect_media(doc, child, draft, depth + 1),
            _ => {}
        }
    }
}
