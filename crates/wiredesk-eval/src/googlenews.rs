//! GoogleNews story clustering (`../shared/datasets/googlenews-stories/`): run the pipeline's
//! online clusterer over the stream in file order, one pass, with its default parameters, and
//! report NMI and B-cubed beside the published figures. Also `cluster_jsonl`, which runs the same
//! clusterer over any JSONL file (`wiredesk analyze cluster`).
//!
//! The texts are already lower-cased, lemmatised and stopword-free, so terms are the
//! whitespace-separated words, and there are no entities or times. The 16-batch protocol of
//! MStream only matters to methods that iterate within a batch; a one-pass clusterer processing
//! the file in order is the same run.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::Value;
use wiredesk_analysis::cluster::{ClusterConfig, ClusterDoc, Clusterer};
use wiredesk_model::Post;

use crate::cluster_jsonl::assign;
use crate::metrics::{bcubed, nmi};

#[derive(Debug, thiserror::Error)]
pub enum GoogleNewsError {
    #[error("failed to read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("failed to write {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: invalid json")]
    Json {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{path}:{line}: missing or non-text field {field}")]
    Field {
        path: PathBuf,
        line: usize,
        field: String,
    },
    #[error("{path}:{line}: missing or non-integer label field {field}")]
    Label {
        path: PathBuf,
        line: usize,
        field: String,
    },
    #[error("{path}:{line}: no text field (tried {tried})")]
    NoTextField {
        path: PathBuf,
        line: usize,
        tried: String,
    },
}

/// A figure from the literature, shown beside ours.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub method: &'static str,
    pub nmi: f64,
    pub bcubed_f1: Option<f64>,
}

/// One evaluation run: our figures and the published ones for the same file.
#[derive(Debug, Clone)]
pub struct ClusterReport {
    pub file: String,
    /// How documents were timed: "none" (no clock, no window) or "batch" (the 16-batch
    /// protocol as a clock, one batch a day, so the clusterer's idle window forgets old stories
    /// as MStreamF does).
    pub clock: &'static str,
    pub n_docs: usize,
    pub n_gold_clusters: usize,
    pub n_clusters: usize,
    pub n_merges: usize,
    pub nmi: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    /// NMI and B-cubed F1 of putting every document in its own story, computed on the same file.
    pub singletons_nmi: f64,
    pub singletons_bcubed_f1: f64,
    pub seconds: f64,
    pub docs_per_second: f64,
    pub published: Vec<Published>,
}

/// Run both evaluations: `mstream_News-T.jsonl` (stream order, topic drift) and `gsdmm_T.jsonl`.
pub fn googlenews(dataset_dir: &Path) -> Result<Vec<ClusterReport>, GoogleNewsError> {
    let news_t_published = || {
        vec![
            Published {
                method: "MStream (Yin et al. 2018, 10 iter/batch)",
                nmi: 0.850,
                bcubed_f1: None,
            },
            Published {
                method: "MStreamF (Yin et al. 2018, 10 iter/batch)",
                nmi: 0.873,
                bcubed_f1: None,
            },
            Published {
                method: "Sumblr (one pass)",
                nmi: 0.720,
                bcubed_f1: None,
            },
            Published {
                method: "TF-IDF centroid, threshold tuned on test",
                nmi: 0.869,
                bcubed_f1: Some(0.687),
            },
        ]
    };
    let news_t_path = dataset_dir.join("mstream_News-T.jsonl");
    let news_t = run_file(
        &news_t_path,
        "textCleaned",
        "clusterNo",
        false,
        news_t_published(),
    )?;
    let news_t_batches = run_file(
        &news_t_path,
        "textCleaned",
        "clusterNo",
        true,
        news_t_published(),
    )?;
    let t = run_file(
        &dataset_dir.join("gsdmm_T.jsonl"),
        "text",
        "cluster",
        false,
        vec![
            Published {
                method: "GSDMM (Yin & Wang 2014, 30 iterations)",
                nmi: 0.874,
                bcubed_f1: None,
            },
            Published {
                method: "GSDMM, iterated (issue 4)",
                nmi: 0.884,
                bcubed_f1: Some(0.763),
            },
            Published {
                method: "DMAFP (K = 152 given)",
                nmi: 0.852,
                bcubed_f1: None,
            },
            Published {
                method: "K-means (K = 152 given)",
                nmi: 0.732,
                bcubed_f1: None,
            },
            Published {
                method: "TF-IDF centroid, threshold tuned on test",
                nmi: 0.869,
                bcubed_f1: Some(0.687),
            },
        ],
    )?;
    Ok(vec![news_t, news_t_batches, t])
}

fn run_file(
    path: &Path,
    text_field: &str,
    label_field: &str,
    batch_clock: bool,
    published: Vec<Published>,
) -> Result<ClusterReport, GoogleNewsError> {
    let mut texts = Vec::new();
    let mut gold = Vec::new();
    for (line_idx, record) in read_jsonl(path)? {
        let line = line_idx + 1;
        let text = record
            .get(text_field)
            .and_then(Value::as_str)
            .ok_or_else(|| GoogleNewsError::Field {
                path: path.to_path_buf(),
                line,
                field: text_field.to_string(),
            })?;
        let label = record
            .get(label_field)
            .and_then(Value::as_u64)
            .ok_or_else(|| GoogleNewsError::Label {
                path: path.to_path_buf(),
                line,
                field: label_field.to_string(),
            })?;
        texts.push(text.to_string());
        gold.push(label);
    }

    let started = Instant::now();
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let ids: Vec<String> = (1..=texts.len()).map(|n| n.to_string()).collect();
    let n_docs = texts.len().max(1);
    for (doc_idx, (id, text)) in ids.iter().zip(&texts).enumerate() {
        let terms: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        let time = batch_clock.then(|| batch_time(doc_idx, n_docs));
        clusterer.add(&ClusterDoc {
            id,
            time,
            terms: &terms,
            entities: &[],
            same_as: None,
        });
    }
    let pred: Vec<u64> = ids
        .iter()
        .map(|id| clusterer.story_of(id).unwrap_or(0))
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    let singletons: Vec<u64> = (0..gold.len() as u64).collect();
    let (bcubed_precision, bcubed_recall, bcubed_f1) = bcubed(&gold, &pred);
    let mut gold_labels = gold.clone();
    gold_labels.sort_unstable();
    gold_labels.dedup();
    Ok(ClusterReport {
        file: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        clock: if batch_clock { "batch" } else { "none" },
        n_docs: gold.len(),
        n_gold_clusters: gold_labels.len(),
        n_clusters: clusterer.stories().count(),
        n_merges: clusterer.events().len(),
        nmi: nmi(&gold, &pred),
        bcubed_precision,
        bcubed_recall,
        bcubed_f1,
        singletons_nmi: nmi(&gold, &singletons),
        singletons_bcubed_f1: bcubed(&gold, &singletons).2,
        seconds,
        docs_per_second: if seconds > 0.0 {
            gold.len() as f64 / seconds
        } else {
            f64::INFINITY
        },
        published,
    })
}

/// Number of equal batches in the stream protocol (Yin et al. 2018 §5.1.1).
const N_BATCHES: usize = 16;

/// The batch clock: batch `b` (0-based, 16 equal batches) is day `b` after the snapshot date.
fn batch_time(doc_idx: usize, n_docs: usize) -> DateTime<Utc> {
    let batch = (doc_idx * N_BATCHES / n_docs) as i64;
    let snapshot = DateTime::from_timestamp(1_385_510_400, 0).unwrap_or_default(); // 2013-11-27
    snapshot + chrono::TimeDelta::days(batch)
}

impl fmt::Display for ClusterReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} (clock: {}): {} docs, {} gold stories; one pass, default parameters, no labels used",
            self.file,
            if self.clock == "batch" {
                "16 batches, one a day; 72 h idle window"
            } else {
                "none"
            },
            self.n_docs,
            self.n_gold_clusters
        )?;
        writeln!(f, "  {:<46} {:>6} {:>8}", "method", "NMI", "B3-F1")?;
        writeln!(
            f,
            "  {:<46} {:>6.3} {:>8.3}   (B3 P {:.3} R {:.3}; {} stories, {} merges)",
            "wiredesk online DMM clusterer",
            self.nmi,
            self.bcubed_f1,
            self.bcubed_precision,
            self.bcubed_recall,
            self.n_clusters,
            self.n_merges
        )?;
        writeln!(
            f,
            "  {:<46} {:>6.3} {:>8.3}",
            "every doc its own story (computed)", self.singletons_nmi, self.singletons_bcubed_f1
        )?;
        for published in &self.published {
            let bcubed_f1 = published
                .bcubed_f1
                .map_or_else(|| "-".to_string(), |value| format!("{value:.3}"));
            writeln!(
                f,
                "  {:<46} {:>6.3} {:>8}   (published)",
                published.method, published.nmi, bcubed_f1
            )?;
        }
        write!(
            f,
            "  throughput: {:.0} docs/s ({:.3} s)",
            self.docs_per_second, self.seconds
        )
    }
}

/// Non-blank lines of a JSONL file, parsed, with their 0-based line index.
fn read_jsonl(path: &Path) -> Result<Vec<(usize, Value)>, GoogleNewsError> {
    let file = File::open(path).map_err(|source| GoogleNewsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records = Vec::new();
    for (line_idx, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| GoogleNewsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|source| GoogleNewsError::Json {
            path: path.to_path_buf(),
            line: line_idx + 1,
            source,
        })?;
        records.push((line_idx, record));
    }
    Ok(records)
}

/// Text fields tried, in order, when none is given.
pub const DEFAULT_TEXT_FIELDS: [&str; 3] = ["text", "textCleaned", "title"];
/// Id fields tried, in order, when none is given (else the 1-based line number).
pub const DEFAULT_ID_FIELDS: [&str; 2] = ["id", "Id"];

/// Cluster any JSONL file with the pipeline's clusterer and write one line per input record, in
/// input order: `{"id": <the record's id field, or its 1-based line number>, "story": <id>}`.
/// Blank lines are skipped. Runs exactly the pipeline's chain up to the stories
/// (`wiredesk_analysis::stories::cluster`: normalize, dedupe, cluster). With a time field, records are clustered in time order (a record without a
/// parsable time takes the time of the record before it); without one, in file order. Times are
/// RFC 3339 strings or Unix seconds. Each record's story is its final one, after any merges.
/// When the records carry a gold story label (`label_field`, else the first of
/// [`DEFAULT_LABEL_FIELDS`] present on every record), the result scores the run against it.
/// Nothing is written when `output` is `None`.
pub fn cluster_jsonl(
    input: &Path,
    fields: &JsonlFields<'_>,
    output: Option<&Path>,
) -> Result<ClusterRun, GoogleNewsError> {
    let JsonlFields {
        text: text_field,
        time: time_field,
        id: id_field,
        label: label_field,
    } = *fields;
    struct Record {
        id: Value,
        text: String,
        time: Option<DateTime<Utc>>,
        label: Option<Value>,
    }
    let mut records = Vec::new();
    let mut carried_time = None;
    for (line_idx, value) in read_jsonl(input)? {
        let line = line_idx + 1;
        let text =
            match text_field {
                Some(field) => value.get(field).and_then(Value::as_str).ok_or_else(|| {
                    GoogleNewsError::Field {
                        path: input.to_path_buf(),
                        line,
                        field: field.to_string(),
                    }
                })?,
                None => DEFAULT_TEXT_FIELDS
                    .iter()
                    .find_map(|field| value.get(*field).and_then(Value::as_str))
                    .ok_or_else(|| GoogleNewsError::NoTextField {
                        path: input.to_path_buf(),
                        line,
                        tried: DEFAULT_TEXT_FIELDS.join(", "),
                    })?,
            };
        let id = match id_field {
            Some(field) => value.get(field).cloned(),
            None => DEFAULT_ID_FIELDS
                .iter()
                .find_map(|field| value.get(*field).cloned()),
        }
        .filter(|id| !id.is_null())
        .unwrap_or_else(|| Value::from(line));
        let time = time_field
            .and_then(|field| value.get(field))
            .and_then(parse_time)
            .or(carried_time);
        carried_time = time;
        let label = match label_field {
            Some(field) => value.get(field).cloned(),
            None => DEFAULT_LABEL_FIELDS
                .iter()
                .find_map(|field| value.get(*field).cloned()),
        }
        .filter(|label| !label.is_null());
        records.push(Record {
            id,
            text: text.to_string(),
            time,
            label,
        });
    }

    // The pipeline's own chain: posts in time order (file order breaks ties; without a time
    // field, a second apart in file order), then dedupe and the clusterer.
    let start = DateTime::<Utc>::UNIX_EPOCH;
    let posts: Vec<Post> = records
        .iter()
        .enumerate()
        .map(|(record_idx, record)| {
            let published_at = record
                .time
                .unwrap_or(start + chrono::Duration::seconds(record_idx as i64));
            let mut post = Post::new("jsonl", (record_idx + 1).to_string(), published_at);
            post.text = record.text.clone();
            post
        })
        .collect();
    let stories = assign(&posts);

    if let Some(output) = output {
        let write_error = |source| GoogleNewsError::Write {
            path: output.to_path_buf(),
            source,
        };
        let file = File::create(output).map_err(write_error)?;
        let mut writer = BufWriter::new(file);
        for (record, story) in records.iter().zip(&stories) {
            let line = serde_json::json!({ "id": record.id, "story": story });
            writeln!(writer, "{line}").map_err(write_error)?;
        }
        writer.flush().map_err(write_error)?;
    }

    let mut story_ids = stories.clone();
    story_ids.sort_unstable();
    story_ids.dedup();
    // Scored only when every record has a label: gold stories numbered in order of appearance.
    let score = records
        .iter()
        .all(|record| record.label.is_some())
        .then(|| {
            let mut numbers: HashMap<String, u64> = HashMap::new();
            let gold: Vec<u64> = records
                .iter()
                .map(|record| {
                    let key = record
                        .label
                        .as_ref()
                        .map(Value::to_string)
                        .unwrap_or_default();
                    let next = numbers.len() as u64;
                    *numbers.entry(key).or_insert(next)
                })
                .collect();
            let (precision, recall, f1) = bcubed(&gold, &stories);
            ClusterScore {
                n_gold_stories: numbers.len(),
                nmi: nmi(&gold, &stories),
                bcubed_precision: precision,
                bcubed_recall: recall,
                bcubed_f1: f1,
            }
        });
    Ok(ClusterRun {
        n_records: records.len(),
        n_stories: story_ids.len(),
        score: score.filter(|_| !records.is_empty()),
    })
}

/// Which JSONL fields `cluster_jsonl` reads; `None` tries the defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonlFields<'a> {
    pub text: Option<&'a str>,
    pub time: Option<&'a str>,
    pub id: Option<&'a str>,
    pub label: Option<&'a str>,
}

/// Gold label fields tried, in order, when none is given.
pub const DEFAULT_LABEL_FIELDS: [&str; 3] = ["clusterNo", "cluster", "label"];

/// What `cluster_jsonl` did.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRun {
    pub n_records: usize,
    pub n_stories: usize,
    /// Against the records' gold labels, when they all have one.
    pub score: Option<ClusterScore>,
}

/// NMI (geometric) and B-cubed against gold story labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterScore {
    pub n_gold_stories: usize,
    pub nmi: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
}

impl fmt::Display for ClusterRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records clustered into {} stories (one pass, the pipeline's whole chain, default parameters)",
            self.n_records, self.n_stories
        )?;
        if let Some(score) = &self.score {
            write!(
                f,
                "\nagainst {} gold stories: NMI {:.3}, B3-F1 {:.3} (P {:.3}, R {:.3})",
                score.n_gold_stories,
                score.nmi,
                score.bcubed_f1,
                score.bcubed_precision,
                score.bcubed_recall
            )?;
        }
        Ok(())
    }
}

fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|time| time.with_timezone(&Utc)),
        Value::Number(number) => DateTime::from_timestamp(number.as_i64()?, 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
