//! `[analysis]`: the optional language-model endpoint that writes the brief's analysis
//! sections, off by default.

use serde::Serialize;
use toml::Table;

use super::ConfigError;
use super::keys::{check_unknown_keys, read_bool, read_int, read_opt_string};

/// An OpenAI-compatible chat endpoint (`POST {base_url}/v1/chat/completions`: llama.cpp's
/// server, Ollama, vLLM, hosted APIs). The operator configures it; unlike a source it may be a
/// loopback or private address (a local llama.cpp server).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisConfig {
    pub enabled: bool,
    /// `http://127.0.0.1:8088`: the endpoint's origin, without `/v1/…`.
    pub base_url: String,
    pub model: String,
    /// The name of the environment variable holding the API key (sent as a bearer token);
    /// `None` sends no key (a local server).
    pub api_key_env: Option<String>,
    pub timeout_secs: u64,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests per UTC day, counted in the store and shared by every desk process.
    pub daily_budget: u64,
    /// Sent with every request; the temperature is always 0.
    pub seed: u64,
    /// The longest answer asked for, in tokens (`max_tokens`). The schema also bounds the
    /// sentences, so an answer of the schema's size fits; a cut-off answer is unreadable and
    /// withholds the analysis.
    pub max_tokens: u64,
}

impl Default for AnalysisConfig {
    fn default() -> AnalysisConfig {
        AnalysisConfig {
            enabled: false,
            base_url: "http://127.0.0.1:8088".to_owned(),
            model: "smollm2".to_owned(),
            api_key_env: None,
            timeout_secs: 60,
            concurrency: 2,
            daily_budget: 500,
            seed: 7,
            max_tokens: 1536,
        }
    }
}

impl AnalysisConfig {
    /// `{base_url}/v1/chat/completions`.
    pub fn endpoint(&self) -> String {
        format!(
            "{}/v1/chat/completions",
            self.base_url.trim_end_matches('/')
        )
    }
}

pub(super) fn read_analysis(table: &Table, errors: &mut Vec<ConfigError>) -> AnalysisConfig {
    const KEYS: &[&str] = &[
        "enabled",
        "base_url",
        "model",
        "api_key_env",
        "timeout_secs",
        "concurrency",
        "daily_budget",
        "seed",
        "max_tokens",
    ];
    check_unknown_keys(table, "analysis", KEYS, errors);
    let defaults = AnalysisConfig::default();
    let base_url =
        read_opt_string(table, "analysis", "base_url", errors).unwrap_or(defaults.base_url);
    match url::Url::parse(&base_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {}
        _ => errors.push(ConfigError::new(
            "analysis.base_url",
            format!("{base_url:?} is not an http(s) URL"),
        )),
    }
    AnalysisConfig {
        enabled: read_bool(table, "analysis", "enabled", defaults.enabled, errors),
        base_url,
        model: read_opt_string(table, "analysis", "model", errors).unwrap_or(defaults.model),
        api_key_env: read_opt_string(table, "analysis", "api_key_env", errors),
        timeout_secs: read_int(
            table,
            "analysis",
            "timeout_secs",
            1,
            3600,
            defaults.timeout_secs,
            errors,
        ),
        concurrency: read_int(
            table,
            "analysis",
            "concurrency",
            1,
            64,
            defaults.concurrency as u64,
            errors,
        ) as usize,
        daily_budget: read_int(
            table,
            "analysis",
            "daily_budget",
            0,
            10_000_000,
            defaults.daily_budget,
            errors,
        ),
        seed: read_int(
            table,
            "analysis",
            "seed",
            0,
            u64::from(u32::MAX),
            defaults.seed,
            errors,
        ),
        max_tokens: read_int(
            table,
            "analysis",
            "max_tokens",
            64,
            65_536,
            defaults.max_tokens,
            errors,
        ),
    }
}
