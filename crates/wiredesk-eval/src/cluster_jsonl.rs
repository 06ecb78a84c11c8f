//! JSONL lines as posts, and the pipeline's dedupe and clusterer
//! (`wiredesk_analysis::stories::cluster`) over them: what `wiredesk analyze cluster`
//! (`googlenews::cluster_jsonl`) and the throughput measure run.

use std::io::BufRead;
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;
use wiredesk_analysis::stories::{Analyzed, PostInput, analyze, cluster};
use wiredesk_model::Post;

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("cannot read {path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// One JSONL line as a post: the id field (or the line number), the text, the time.
pub struct Line {
    pub id: Value,
    pub post: Post,
}

/// Reads `input` into posts. Without a time field, posts are a second apart in file order.
pub fn read_lines(
    input: &Path,
    text_field: Option<&str>,
    time_field: Option<&str>,
) -> Result<Vec<Line>, JsonlError> {
    let path = input.display().to_string();
    let file = std::fs::File::open(input).map_err(|error| JsonlError::Read {
        path: path.clone(),
        error,
    })?;
    let start = Utc
        .with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut lines = Vec::new();
    for (idx, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|error| JsonlError::Read {
            path: path.clone(),
            error,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line).map_err(|error| JsonlError::Line {
            line: idx + 1,
            message: error.to_string(),
        })?;
        let text = match text_field {
            Some(field) => value.get(field).and_then(Value::as_str),
            None => ["text", "textCleaned", "title"]
                .iter()
                .find_map(|field| value.get(*field).and_then(Value::as_str)),
        }
        .unwrap_or_default();
        let published_at = time_field
            .and_then(|field| value.get(field))
            .and_then(Value::as_str)
            .and_then(|time| DateTime::parse_from_rfc3339(time).ok())
            .map(|time| time.with_timezone(&Utc))
            .unwrap_or(start + Duration::seconds(idx as i64));
        let id = ["id", "Id"]
            .iter()
            .find_map(|field| value.get(*field).cloned())
            .unwrap_or(Value::from(idx + 1));
        let mut post = Post::new("jsonl", format!("{}", idx + 1), published_at);
        post.text = text.to_string();
        lines.push(Line { id, post });
    }
    Ok(lines)
}

/// The story number of each post, in the given order (stories numbered 1, 2… by first post).
pub fn assign(posts: &[Post]) -> Vec<u64> {
    let inputs: Vec<PostInput> = posts
        .iter()
        .map(|post| PostInput {
            post,
            source_name: "jsonl",
        })
        .collect();
    // The pipeline takes posts in time order; keep the index to write back in the given order.
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by_key(|&idx| (posts[idx].published_at, idx));
    let analyzed: Vec<Analyzed> = order.iter().map(|&idx| analyze(inputs[idx])).collect();
    let clusters = cluster(&analyzed);
    let mut story_of_line = vec![0u64; posts.len()];
    for (story, members) in clusters.groups.iter().enumerate() {
        for &member in members {
            story_of_line[order[member]] = story as u64 + 1;
        }
    }
    story_of_line
}
