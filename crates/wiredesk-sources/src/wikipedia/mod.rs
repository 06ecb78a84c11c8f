//! Wikipedia answers: REST `page/summary`, `action=query` search (`list=search`, and the
//! `generator=search`/`prefixsearch` `pages` forms), langlinks and Wikidata labels; plus the URLs
//! that ask for them. Pure: bytes in, values out.
//!
//! Decisions:
//! - A summary without a title (`title` and `titles.canonical` both missing, as in the Android
//!   app's `rb_page_summary_malformed.json`) is `WikiError::Malformed`, even when it carries an
//!   extract: the desk cites a page by its URL, and without a title there is no URL to cite.
//!   A missing `type` alone is tolerated (`page_type: None`).
//! - REST error bodies (`https://mediawiki.org/wiki/HyperSwitch/errors/not_found`) and action
//!   API `{"error": …}` bodies are `WikiError::Api`, never mistaken for a page.
//! - Titles are normalized as MediaWiki does for the main namespace: percent-escapes decoded
//!   (MediaWiki forbids `%XX` in titles, so this is safe), spaces to underscores, runs collapsed,
//!   first letter upper-cased. Paths are percent-encoded as UTF-8, keeping the characters the
//!   REST API's own `content_urls` keep (`'`, `(`, `)`, `,`, `:`, `!`, `*`, `@`, `$`, `;`):
//!   `Russia–Ukraine relations` → `…/wiki/Russia%E2%80%93Ukraine_relations`. `page_url` keeps
//!   `/` (subpages read naturally); `summary_url` encodes it (`AC%2FDC`), as the REST route needs.

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wiredesk_model::WikiSummary;

/// Why a Wikipedia answer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WikiError {
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("malformed answer: missing {missing}")]
    Malformed { missing: String },
    #[error("wikipedia answered with an error: {code}: {info}")]
    Api { code: String, info: String },
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub title: String,
    /// Plain text: the search snippet with its highlighting removed, or the page description.
    pub snippet: String,
    pub pageid: Option<u64>,
}

/// The same page in another language edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangLink {
    pub lang: String,
    pub title: String,
}

fn parse_json(bytes: &[u8]) -> Result<Value, WikiError> {
    serde_json::from_slice(bytes).map_err(|error| WikiError::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })
}

fn str_at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v str> {
    let mut current = value;
    for key in path {
        current = current.get(key)?;
    }
    current.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// `{"error": {"code", "info"}}` (action API) or a HyperSwitch problem document (REST).
fn api_error(value: &Value) -> Option<WikiError> {
    if let Some(error) = value.get("error").filter(|error| error.is_object()) {
        return Some(WikiError::Api {
            code: str_at(error, &["code"]).unwrap_or("unknown").to_string(),
            info: str_at(error, &["info"]).unwrap_or("").to_string(),
        });
    }
    let kind = str_at(value, &["type"])?;
    let code = kind.strip_prefix("https://mediawiki.org/wiki/HyperSwitch/errors/")?;
    let info = str_at(value, &["detail"])
        .or_else(|| str_at(value, &["title"]))
        .unwrap_or("");
    Some(WikiError::Api {
        code: code.to_string(),
        info: info.to_string(),
    })
}

/// A REST `page/summary` answer for the `lang` edition.
pub fn parse_summary(bytes: &[u8], lang: &str) -> Result<WikiSummary, WikiError> {
    let value = parse_json(bytes)?;
    if !value.is_object() {
        return Err(WikiError::Malformed {
            missing: "a JSON object".to_string(),
        });
    }
    if let Some(error) = api_error(&value) {
        return Err(error);
    }
    summary_from_value(&value, lang)
}

fn summary_from_value(value: &Value, lang: &str) -> Result<WikiSummary, WikiError> {
    let title = str_at(value, &["titles", "canonical"])
        .map(str::to_string)
        .or_else(|| str_at(value, &["title"]).map(normalize_title))
        .ok_or_else(|| WikiError::Malformed {
            missing: "title (neither `title` nor `titles.canonical`)".to_string(),
        })?;
    let lang = str_at(value, &["lang"])
        .filter(|_| lang.trim().is_empty())
        .unwrap_or(lang.trim())
        .to_string();
    let display_title = str_at(value, &["titles", "display"])
        .or_else(|| str_at(value, &["displaytitle"]))
        .or_else(|| str_at(value, &["titles", "normalized"]))
        .map(strip_tags)
        .filter(|display| !display.is_empty());
    let coordinates = value.get("coordinates").and_then(|coordinates| {
        Some((
            coordinates.get("lat")?.as_f64()?,
            coordinates.get("lon")?.as_f64()?,
        ))
    });
    let revision = match value.get("revision") {
        Some(Value::String(revision)) if !revision.is_empty() => Some(revision.clone()),
        Some(Value::Number(revision)) => Some(revision.to_string()),
        _ => None,
    };
    Ok(WikiSummary {
        url: page_url(&lang, &title),
        lang,
        title,
        display_title,
        description: str_at(value, &["description"]).map(str::to_string),
        extract: str_at(value, &["extract"]).unwrap_or("").to_string(),
        wikidata_id: str_at(value, &["wikibase_item"]).map(str::to_string),
        revision,
        timestamp: str_at(value, &["timestamp"]).and_then(parse_timestamp),
        page_type: str_at(value, &["type"]).map(str::to_string),
        coordinates,
        thumbnail: str_at(value, &["thumbnail", "source"]).map(str::to_string),
    })
}

fn parse_timestamp(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|date| date.with_timezone(&Utc))
}

/// `<span class="mw-page-title-main">Russia</span>` → `Russia`.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = decode_basic_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_basic_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Search results: `query.pages` (generator forms, as an array or an object keyed by page id,
/// ordered by `index`), else `query.search[]` (`list=search`), else a REST `pages[]` list.
pub fn parse_search(bytes: &[u8]) -> Result<Vec<SearchHit>, WikiError> {
    let value = parse_json(bytes)?;
    if let Some(error) = api_error(&value) {
        return Err(error);
    }
    // With a generator the results are the pages; a `search` list beside them is only the
    // spelling suggestion's (`srinfo=suggestion`).
    let has_pages = value
        .get("query")
        .and_then(|query| query.get("pages"))
        .is_some_and(|pages| !pages.is_null());
    let search_list = value
        .get("query")
        .and_then(|query| query.get("search"))
        .filter(|_| !has_pages);
    if let Some(Value::Array(results)) = search_list {
        return Ok(results
            .iter()
            .filter_map(|result| {
                Some(SearchHit {
                    title: str_at(result, &["title"])?.to_string(),
                    snippet: str_at(result, &["snippet"])
                        .map(strip_tags)
                        .unwrap_or_default(),
                    pageid: result.get("pageid").and_then(Value::as_u64),
                })
            })
            .collect());
    }
    let pages = value
        .get("query")
        .and_then(|query| query.get("pages"))
        .or_else(|| value.get("pages"));
    let pages: Vec<&Value> = match pages {
        Some(Value::Array(pages)) => pages.iter().collect(),
        Some(Value::Object(pages)) => pages.values().collect(),
        Some(Value::Null) | None
            if value.get("query").is_some() || value.get("batchcomplete").is_some() =>
        {
            Vec::new()
        }
        _ => {
            return Err(WikiError::Malformed {
                missing: "query.search or query.pages".to_string(),
            });
        }
    };
    let mut hits: Vec<(i64, SearchHit)> = pages
        .into_iter()
        .filter(|page| page.get("missing").is_none() && page.get("invalid").is_none())
        .filter_map(|page| {
            let title = str_at(page, &["title"])?.to_string();
            let snippet = page
                .get("terms")
                .and_then(|terms| terms.get("description"))
                .and_then(Value::as_array)
                .and_then(|descriptions| descriptions.iter().find_map(Value::as_str))
                .or_else(|| str_at(page, &["description"]))
                .or_else(|| str_at(page, &["snippet"]))
                .or_else(|| str_at(page, &["extract"]))
                .map(strip_tags)
                .unwrap_or_default();
            let index = page
                .get("index")
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX);
            Some((
                index,
                SearchHit {
                    title,
                    snippet,
                    pageid: page.get("pageid").and_then(Value::as_u64),
                },
            ))
        })
        .collect();
    hits.sort_by_key(|(index, _)| *index); // stable: pages without an index keep their order
    Ok(hits.into_iter().map(|(_, hit)| hit).collect())
}

/// `prop=langlinks` answers, `formatversion=2` (`pages` array, `title`) or 1 (`pages` object,
/// `"*"`); the links of every page in the answer, in order.
pub fn parse_langlinks(bytes: &[u8]) -> Result<Vec<LangLink>, WikiError> {
    let value = parse_json(bytes)?;
    if let Some(error) = api_error(&value) {
        return Err(error);
    }
    let pages: Vec<&Value> = match value.get("query").and_then(|query| query.get("pages")) {
        Some(Value::Array(pages)) => pages.iter().collect(),
        Some(Value::Object(pages)) => pages.values().collect(),
        _ => {
            return Err(WikiError::Malformed {
                missing: "query.pages".to_string(),
            });
        }
    };
    let mut links = Vec::new();
    for page in pages {
        let Some(Value::Array(langlinks)) = page.get("langlinks") else {
            continue;
        };
        for link in langlinks {
            let lang = str_at(link, &["lang"]);
            let title = str_at(link, &["title"]).or_else(|| str_at(link, &["*"]));
            if let (Some(lang), Some(title)) = (lang, title) {
                links.push(LangLink {
                    lang: lang.to_string(),
                    title: title.to_string(),
                });
            }
        }
    }
    Ok(links)
}

/// Wikidata `wbgetentities` labels: `(entity id, language, label)` for every label present,
/// entities and languages in answer order.
pub fn parse_wikidata_labels(bytes: &[u8]) -> Result<Vec<(String, String, String)>, WikiError> {
    let value = parse_json(bytes)?;
    if let Some(error) = api_error(&value) {
        return Err(error);
    }
    let Some(Value::Object(entities)) = value.get("entities") else {
        return Err(WikiError::Malformed {
            missing: "entities".to_string(),
        });
    };
    let mut labels = Vec::new();
    for (key, entity) in entities {
        let id = str_at(entity, &["id"]).unwrap_or(key).to_string();
        let Some(Value::Object(entity_labels)) = entity.get("labels") else {
            continue;
        };
        for (lang_key, label) in entity_labels {
            let lang = str_at(label, &["language"]).unwrap_or(lang_key).to_string();
            if let Some(text) = str_at(label, &["value"]) {
                labels.push((id.clone(), lang, text.to_string()));
            }
        }
    }
    Ok(labels)
}

/// A title as MediaWiki stores it in the main namespace: `russia–Ukraine relations` →
/// `Russia–Ukraine_relations`.
pub fn normalize_title(title: &str) -> String {
    let decoded = percent_decode(title.trim());
    let mut words = decoded
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|word| !word.is_empty());
    let mut joined = String::with_capacity(decoded.len());
    if let Some(first) = words.next() {
        joined.push_str(first);
        for word in words {
            joined.push('_');
            joined.push_str(word);
        }
    }
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => {
            let mut upper = first.to_uppercase();
            let mut out = String::with_capacity(joined.len() + 2);
            // Only a one-to-one mapping: MediaWiki leaves ß and the like alone.
            match (upper.next(), upper.next()) {
                (Some(single), None) => out.push(single),
                _ => out.push(first),
            }
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// Decodes `%XX` escapes (UTF-8, lossy); other text passes through.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a normalized title for a URL path; `keep_slash` for `/wiki/` paths.
fn encode_title(title: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(title.len() * 3);
    for byte in normalize_title(title).bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b','
                    | b';'
                    | b':'
                    | b'@'
            )
            || (keep_slash && byte == b'/');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn query_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `https://en.wikipedia.org/api/rest_v1/page/summary/Russia%E2%80%93Ukraine_relations`.
pub fn summary_url(base: &str, title: &str) -> String {
    format!(
        "{}/api/rest_v1/page/summary/{}",
        base.trim_end_matches('/'),
        encode_title(title, false)
    )
}

/// A full-text search (`list=search`) for `query`, at most `limit` results.
pub fn search_url(base: &str, query: &str, limit: u32) -> String {
    format!(
        "{}/w/api.php?action=query&list=search&srsearch={}&format=json&srlimit={limit}",
        base.trim_end_matches('/'),
        query_encode(query.trim())
    )
}

/// Every interlanguage link of `title`.
pub fn langlinks_url(base: &str, title: &str) -> String {
    format!(
        "{}/w/api.php?action=query&prop=langlinks&titles={}&lllimit=max&format=json",
        base.trim_end_matches('/'),
        query_encode(&normalize_title(title))
    )
}

/// The article itself: `https://{lang}.wikipedia.org/wiki/{Title}`, percent-encoded.
pub fn page_url(lang: &str, title: &str) -> String {
    format!(
        "https://{}.wikipedia.org/wiki/{}",
        lang.trim().to_ascii_lowercase(),
        encode_title(title, true)
    )
}
