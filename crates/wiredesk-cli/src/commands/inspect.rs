//! `wiredesk inspect <file or URL>`: parse one Telegram page, feed or Wikipedia summary and print
//! what the desk sees as one JSON object `{kind, channel | feed | page, posts, warnings}`.
//! A page that cannot be read prints `{kind, error}` and exits non-zero.

use anyhow::{Context, bail};
use chrono::Utc;
use serde_json::{Value, json};
use wiredesk_fetch::FetchRequest;
use wiredesk_sources::{feed, telegram, wikipedia};

use crate::Outcome;
use crate::args::{Global, InspectKind};
use crate::commands::print_json;
use crate::setup;

/// Guesses what a body is when the user does not say: JSON is a JSON Feed or a Wikipedia
/// answer, a feed root is a feed, and a page with Telegram's `tgme_` classes is Telegram.
fn sniff(body: &[u8], content_type: Option<&str>) -> InspectKind {
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let is_feed = head.contains("jsonfeed.org") || head.contains("\"items\"");
        return if is_feed {
            InspectKind::Feed
        } else {
            InspectKind::Wikipedia
        };
    }
    if ["<rss", "<feed", "<rdf:rdf", "<channel"]
        .iter()
        .any(|root| head.contains(root))
    {
        return InspectKind::Feed;
    }
    let is_html = head.contains("<html")
        || head.contains("<div")
        || content_type.is_some_and(|kind| kind.contains("html"));
    let mentions_telegram = body.windows(5).any(|window| window == b"tgme_");
    if mentions_telegram || is_html {
        return InspectKind::Telegram;
    }
    InspectKind::Feed
}

fn kind_name(kind: InspectKind) -> &'static str {
    match kind {
        InspectKind::Telegram => "telegram",
        InspectKind::Feed => "feed",
        InspectKind::Wikipedia => "wikipedia",
    }
}

/// What the desk sees in `body`, or why it cannot read it.
pub fn inspect_body(
    body: &[u8],
    content_type: Option<&str>,
    url: &str,
    kind: Option<InspectKind>,
) -> Result<Value, Value> {
    let kind = kind.unwrap_or_else(|| sniff(body, content_type));
    let name = kind_name(kind);
    match kind {
        InspectKind::Telegram => {
            let page = telegram::parse_page(&String::from_utf8_lossy(body));
            if page.front_end_changed() {
                return Err(json!({
                    "kind": name,
                    "error": format!("front-end change suspected: {} message blocks but no parsable data-post", page.n_wraps),
                    "warnings": page.warnings,
                }));
            }
            if page.posts.is_empty() && page.channel.is_none() && page.landing.is_none() {
                return Err(
                    json!({"kind": name, "error": "no Telegram preview, landing page or post found", "warnings": page.warnings}),
                );
            }
            Ok(json!({
                "kind": name,
                "page_kind": page.kind,
                "channel": page.channel,
                "landing": page.landing,
                "before": page.before,
                "after": page.after,
                "posts": page.posts,
                "warnings": page.warnings,
            }))
        }
        InspectKind::Feed => match feed::parse_feed(body, content_type, url, Utc::now()) {
            Ok(parsed) => Ok(
                json!({"kind": name, "feed": parsed.info, "posts": parsed.posts, "warnings": parsed.warnings}),
            ),
            Err(error) => Err(json!({"kind": name, "error": error.to_string()})),
        },
        InspectKind::Wikipedia => {
            let lang = url::Url::parse(url)
                .ok()
                .and_then(|url| {
                    url.host_str()
                        .and_then(|host| host.split('.').next())
                        .map(str::to_string)
                })
                .filter(|lang| lang.len() <= 12 && !lang.is_empty() && lang != "www")
                .unwrap_or_else(|| "en".to_string());
            match wikipedia::parse_summary(body, &lang) {
                Ok(summary) => {
                    Ok(json!({"kind": name, "page": summary, "posts": [], "warnings": []}))
                }
                Err(error) => Err(json!({"kind": name, "error": error.to_string()})),
            }
        }
    }
}

pub async fn run(
    global: &Global,
    target: &str,
    kind: Option<InspectKind>,
) -> anyhow::Result<Outcome> {
    let (body, content_type, url) =
        if target.starts_with("http://") || target.starts_with("https://") {
            let config = setup::load_config(&global.config)?;
            let fetcher = setup::build_fetcher(&config)?;
            let url = url::Url::parse(target).with_context(|| format!("bad URL {target}"))?;
            let response = fetcher
                .get(&FetchRequest {
                    url,
                    etag: None,
                    last_modified: None,
                })
                .await;
            match response {
                Ok(response) => (
                    response.body.to_vec(),
                    response.content_type,
                    response.final_url.to_string(),
                ),
                Err(error) => {
                    print_json(&json!({"kind": kind.map(kind_name), "error": error.to_string()}))?;
                    bail!("could not fetch {target}");
                }
            }
        } else {
            let body = std::fs::read(target).with_context(|| format!("cannot read {target}"))?;
            let absolute = std::path::absolute(target).unwrap_or_else(|_| target.into());
            (body, None, format!("file://{}", absolute.display()))
        };
    match inspect_body(&body, content_type.as_deref(), &url, kind) {
        Ok(value) => {
            println!("{}", serde_json::to_string_pretty(&value)?);
            Ok(Outcome::Ok)
        }
        Err(value) => {
            println!("{}", serde_json::to_string_pretty(&value)?);
            bail!(
                "{target} could not be read: {}",
                value
                    .get("error")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error")
            )
        }
    }
}
