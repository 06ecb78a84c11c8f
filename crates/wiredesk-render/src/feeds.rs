//! Atom 1.0 and JSON Feed 1.1 of briefs, site-wide or for one story (the caller picks the briefs).
//!
//! One entry per brief version: a revision is news, so a reader sees "tightened" briefs as new
//! entries. Ids are `urn:wiredesk:story:<id>:v<version>`, stable whatever host serves the feed.
//! Entry content is the brief as HTML from the same template as the story page, citations linked
//! straight to their sources, then run through ammonia. The Atom is written by hand: every text
//! goes through one escape that also drops characters XML cannot carry.

use std::fmt::Write;

use minijinja::context;
use serde_json::json;
use wiredesk_model::{Brief, Story};

use crate::html::{CiteTarget, brief_view, try_render};
use crate::text::{encode_segment, one_line, rfc3339, xml_escape};
use crate::{Site, sanitize_html};

fn story_href(site: &Site, story_id: &str) -> String {
    site.url(&format!("/story/{}", encode_segment(story_id)))
}

fn entry_id(brief: &Brief) -> String {
    format!(
        "urn:wiredesk:story:{}:v{}",
        encode_segment(&brief.story_id),
        brief.version
    )
}

/// The feed's id, from `self_url` with the site's base removed, so it survives a change of host.
fn feed_id(site: &Site, self_url: &str) -> String {
    let path = self_url
        .strip_prefix(site.base_url.trim_end_matches('/'))
        .unwrap_or(self_url)
        .trim_start_matches('/');
    let encoded = path
        .split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/");
    format!("urn:wiredesk:feed:{encoded}")
}

/// The brief as sanitised HTML for a feed entry's content.
fn entry_html(site: &Site, brief: &Brief) -> String {
    let view = brief_view(brief, CiteTarget::Source);
    let rendered = try_render(
        "feed_entry.html",
        context! { brief => view, story_href => story_href(site, &brief.story_id) },
    )
    .unwrap_or_else(|error| {
        debug_assert!(false, "{error}");
        format!("<p>{}</p>", xml_escape(&brief.standfirst.text))
    });
    sanitize_html(&rendered)
}

fn feed_title(site: &Site, briefs: &[(Brief, Story)], self_url: &str) -> String {
    // A feed whose entries all belong to one story is that story's feed.
    match briefs.first() {
        Some((_, story))
            if self_url.contains("/story/") && briefs.iter().all(|(_, s)| s.id == story.id) =>
        {
            format!("{}: {}", site.title, one_line(&story.title))
        }
        _ => format!("{}: briefs", site.title),
    }
}

/// Atom 1.0; `updated` is the newest brief's `generated_at` (the epoch for an empty feed).
pub fn atom(site: &Site, briefs: &[(Brief, Story)], self_url: &str) -> String {
    let updated = briefs
        .iter()
        .map(|(brief, _)| brief.generated_at)
        .max()
        .unwrap_or_default();
    let mut xml = String::with_capacity(4096 + briefs.len() * 8192);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n");
    let _ = writeln!(
        xml,
        "  <title>{}</title>",
        xml_escape(&feed_title(site, briefs, self_url))
    );
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&feed_id(site, self_url)));
    let _ = writeln!(xml, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&site.url("/"))
    );
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(&site.title)
    );
    xml.push_str("  <generator>wiredesk</generator>\n");
    for (brief, story) in briefs {
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&entry_id(brief)));
        let _ = writeln!(
            xml,
            "    <title type=\"text\">{}</title>",
            xml_escape(&one_line(&brief.headline.text))
        );
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&story_href(site, &brief.story_id))
        );
        let _ = writeln!(
            xml,
            "    <published>{}</published>",
            rfc3339(story.first_seen)
        );
        let _ = writeln!(
            xml,
            "    <updated>{}</updated>",
            rfc3339(brief.generated_at)
        );
        if !story.kind.trim().is_empty() {
            let _ = writeln!(
                xml,
                "    <category term=\"{}\"/>",
                xml_escape(&one_line(&story.kind))
            );
        }
        let _ = writeln!(
            xml,
            "    <summary type=\"text\">{}</summary>",
            xml_escape(&one_line(&brief.standfirst.text))
        );
        let _ = writeln!(
            xml,
            "    <content type=\"html\">{}</content>",
            xml_escape(&entry_html(site, brief))
        );
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// JSON Feed 1.1.
pub fn json_feed(site: &Site, briefs: &[(Brief, Story)], self_url: &str) -> String {
    let items: Vec<serde_json::Value> = briefs
        .iter()
        .map(|(brief, story)| {
            let mut item = json!({
                "id": entry_id(brief),
                "url": story_href(site, &brief.story_id),
                "title": one_line(&brief.headline.text),
                "summary": one_line(&brief.standfirst.text),
                "content_html": entry_html(site, brief),
                "date_published": rfc3339(story.first_seen),
                "date_modified": rfc3339(brief.generated_at),
            });
            if !story.kind.trim().is_empty() {
                item["tags"] = json!([one_line(&story.kind)]);
            }
            item
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(site, briefs, self_url),
        "home_page_url": site.url("/"),
        "feed_url": self_url,
        "description": "Sourced briefs: every sentence cites the posts it rests on.",
        "language": "en",
        "authors": [{ "name": site.title }],
        "items": items,
    });
    serde_json::to_string_pretty(&feed).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests;
