//! `wiredesk posts`: list and search stored posts. `--json` prints JSON Lines, one post a line,
//! every match unless `--limit` is given.

use wiredesk_store::PostQuery;

use crate::Outcome;
use crate::args::{Global, PostsArgs};
use crate::commands::{parse_date, print_json};
use crate::setup;

/// Rows shown in the table when no `--limit` is given.
const TABLE_LIMIT: u64 = 20;

pub async fn run(global: &Global, args: PostsArgs) -> anyhow::Result<Outcome> {
    let desk = setup::desk(global).await?;
    let source_key = args.source.as_deref().map(source_key_of);
    let query = PostQuery {
        text: args.query.clone().filter(|query| !query.trim().is_empty()),
        source_key,
        since: args.since.as_deref().map(parse_date).transpose()?,
        until: args.until.as_deref().map(parse_date).transpose()?,
        include_gone: args.include_gone,
        limit: if args.json {
            args.limit
        } else {
            Some(args.limit.unwrap_or(TABLE_LIMIT))
        },
    };
    let posts = desk.store.posts(&query).await?;
    if args.json {
        for stored in &posts {
            print_json(stored)?;
        }
        return Ok(Outcome::Ok);
    }
    if posts.is_empty() {
        println!("no posts");
    }
    for stored in &posts {
        let post = &stored.post;
        let line: String = post
            .title
            .as_deref()
            .unwrap_or(&post.text)
            .replace('\n', " ")
            .chars()
            .take(100)
            .collect();
        let gone = if stored.gone_at.is_some() {
            " [gone]"
        } else {
            ""
        };
        let edited = if post.edited || stored.n_versions > 1 {
            " [edited]"
        } else {
            ""
        };
        println!(
            "{}  {:<24} {line}{gone}{edited}",
            post.published_at.format("%Y-%m-%d %H:%M UTC"),
            post.reference()
        );
    }
    Ok(Outcome::Ok)
}

/// The store key a user means by `source`: a channel in any of its spellings, or a feed URL.
pub fn source_key_of(source: &str) -> String {
    match wiredesk_jobs::config::normalize_telegram_channel(source) {
        Ok(channel) => channel.to_lowercase(),
        Err(_) => source.to_string(),
    }
}
