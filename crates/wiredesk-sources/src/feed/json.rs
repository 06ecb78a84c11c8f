//! JSON Feed 1.0 and 1.1 (<https://www.jsonfeed.org/version/1.1/>), read from `serde_json::Value`
//! so that a `null` item, a numeric id or a wrongly typed field costs a warning, not the feed.

use serde_json::Value;
use url::Url;
use wiredesk_model::{FeedInfo, Media, OriginSource, Post};

use super::html::{self, HtmlText};
use super::{Ctx, Draft, FeedError, finish_post, normalize_language, resolve_link, title_text};

pub(crate) fn parse(
    text: &str,
    feed_base: Option<&Url>,
    ctx: &mut Ctx<'_>,
) -> Result<(FeedInfo, Vec<Post>), FeedError> {
    let value: Value = serde_json::from_str(text).map_err(|error| FeedError::Malformed {
        line: error.line(),
        column: error.column(),
        message: format!("invalid JSON: {error}"),
    })?;
    let Value::Object(feed) = &value else {
        return Err(FeedError::NotAFeed {
            found: "JSON that is not an object".to_string(),
        });
    };
    let version = feed.get("version").and_then(Value::as_str).unwrap_or("");
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(Value::Null) | None if version.contains("jsonfeed.org") => &[],
        _ => {
            return Err(FeedError::NotAFeed {
                found: "a JSON object without a JSON Feed version or items".to_string(),
            });
        }
    };
    let format = if version.ends_with("/1") || version.ends_with("/1.0") {
        "json1.0"
    } else {
        "json1.1"
    };

    let mut info = FeedInfo {
        format: format.to_string(),
        ..FeedInfo::default()
    };
    info.title = string(feed.get("title")).and_then(|title| title_text(&title, feed_base));
    info.link = string(feed.get("home_page_url")).and_then(|link| resolve_link(feed_base, &link));
    info.description = string(feed.get("description"))
        .map(|text| html::plain_text(&text))
        .filter(|d| !d.is_empty());
    info.language = string(feed.get("language")).and_then(|language| normalize_language(&language));
    ctx.feed_language = info.language.clone();
    let feed_authors = authors(feed.get("authors"), feed.get("author"));

    let mut posts = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Value::Object(item) = item else {
            ctx.warn(
                Some(format!("item {}", index + 1)),
                format!("item is {} rather than an object; skipped", kind(item)),
            );
            continue;
        };
        let mut draft = Draft {
            index: index + 1,
            ..Draft::default()
        };
        draft.guid = match item.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        };
        let url = string(item.get("url")).and_then(|url| resolve_link(feed_base, &url));
        let external =
            string(item.get("external_url")).and_then(|url| resolve_link(feed_base, &url));
        draft.link = url.clone().or_else(|| external.clone());
        if let Some(external) = external.filter(|external| Some(external) != url.as_ref()) {
            // A link-blog item points at the page it relays.
            draft.origin = Some(OriginSource {
                name: None,
                url: Some(external),
            });
        }
        draft.title = string(item.get("title")).and_then(|title| title_text(&title, feed_base));
        draft.published = string(item.get("date_published"));
        draft.updated = string(item.get("date_modified"));
        for author in authors(item.get("authors"), item.get("author")) {
            draft.add_author(&author);
        }
        if draft.authors.is_empty() {
            for author in &feed_authors {
                draft.add_author(author);
            }
        }
        if let Some(Value::Array(tags)) = item.get("tags") {
            for tag in tags.iter().filter_map(Value::as_str) {
                draft.add_category(tag);
            }
        }
        if let Some(content) = string(item.get("content_html")) {
            draft.bodies.push(html::html_to_text(&content, feed_base));
        }
        if let Some(content) = string(item.get("content_text")) {
            draft.bodies.push(HtmlText {
                text: html::plain_text(&content),
                ..HtmlText::default()
            });
        }
        if let Some(summary) = string(item.get("summary")) {
            draft.bodies.push(HtmlText {
                text: html::plain_text(&summary),
                ..HtmlText::default()
            });
        }
        for key in ["image", "banner_image"] {
            if let Some(url) = string(item.get(key)).and_then(|url| resolve_link(feed_base, &url)) {
                draft.add_media(Media::Thumbnail { url });
            }
        }
        if let Some(Value::Array(attachments)) = item.get("attachments") {
            for attachment in attachments {
                let Some(url) =
                    string(attachment.get("url")).and_then(|url| resolve_link(feed_base, &url))
                else {
                    continue;
                };
                let mime_type = string(attachment.get("mime_type"));
                let length = attachment
                    .get("size_in_bytes")
                    .and_then(Value::as_u64)
                    .filter(|n| *n > 0);
                draft.add_media(Media::Enclosure {
                    url,
                    mime_type,
                    length,
                });
            }
        }
        draft.language = string(item.get("language"));
        posts.push(finish_post(draft, ctx));
    }
    Ok((info, posts))
}

fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Names from 1.1 `authors` or 1.0 `author` (name, else url).
fn authors(list: Option<&Value>, single: Option<&Value>) -> Vec<String> {
    let name = |author: &Value| string(author.get("name")).or_else(|| string(author.get("url")));
    match (list, single) {
        (Some(Value::Array(list)), _) if !list.is_empty() => list.iter().filter_map(name).collect(),
        (_, Some(author)) => name(author).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
