//! The replay scenario format (`../shared/scenarios/README.md`): the sources a desk watches,
//! then steps, each with the desk's clock and what every URL answers at that moment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use wiredesk_model::SourceSpec;

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read {path}: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path} is not a valid scenario: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Read through the desk's own `[[sources]]` code path, so scenarios get the same checks.
    #[serde(skip)]
    pub sources: Vec<SourceSpec>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Answers valid at every step (Wikipedia).
    #[serde(default)]
    pub serve_always: BTreeMap<String, PathBuf>,
    /// The scenario folder; files are relative to it.
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Step {
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub serve: BTreeMap<String, PathBuf>,
}

impl Scenario {
    /// Reads `<dir>/scenario.toml`.
    pub fn load(dir: &Path) -> Result<Scenario, ScenarioError> {
        let path = dir.join("scenario.toml");
        let text = std::fs::read_to_string(&path).map_err(|error| ScenarioError::Read {
            path: path.clone(),
            error,
        })?;
        let mut scenario: Scenario =
            toml::from_str(&text).map_err(|error| ScenarioError::Invalid {
                path: path.clone(),
                message: error.to_string(),
            })?;
        if scenario.steps.is_empty() {
            return Err(ScenarioError::Invalid {
                path,
                message: "no [[steps]]".into(),
            });
        }
        if scenario
            .steps
            .windows(2)
            .any(|pair| pair[1].at < pair[0].at)
        {
            return Err(ScenarioError::Invalid {
                path,
                message: "steps go back in time".into(),
            });
        }
        let document: toml::Value =
            toml::from_str(&text).map_err(|error| ScenarioError::Invalid {
                path: path.clone(),
                message: error.to_string(),
            })?;
        let sources = document
            .get("sources")
            .cloned()
            .unwrap_or(toml::Value::Array(Vec::new()));
        scenario.sources = crate::config::sources_from_toml(&sources).map_err(|errors| {
            ScenarioError::Invalid {
                path: path.clone(),
                message: errors.to_string(),
            }
        })?;
        scenario.dir = dir.to_path_buf();
        Ok(scenario)
    }

    /// What the URLs answer at step `step_idx`: the step's own files over `serve_always`, with
    /// keys percent-decoded (URLs are matched after decoding) and paths made absolute.
    pub fn answers(&self, step_idx: usize) -> BTreeMap<String, PathBuf> {
        let mut answers = BTreeMap::new();
        let step = self.steps.get(step_idx);
        let step_files = step.into_iter().flat_map(|step| step.serve.iter());
        for (url, file) in self.serve_always.iter().chain(step_files) {
            answers.insert(url_key(url), self.dir.join(file));
        }
        answers
    }
}

/// The form URLs are compared in: percent-decoded.
pub fn url_key(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned()
}
