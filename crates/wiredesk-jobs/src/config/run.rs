//! `[run]`: what one `wiredesk run` process does (its role) and how it shares the work with
//! other processes on one database (its name, its leases, sources at once).

use serde::Serialize;
use toml::Table;

use super::keys::{check_unknown_keys, read_int, read_opt_string};
use super::{ConfigError, MAX_INTERVAL_SECS};

/// `wiredesk run`: which part of the work this process does, and how it shares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunConfig {
    pub role: Role,
    /// This process's name in leases, host slots and `/metrics` (`worker`); `None` takes
    /// `<hostname>-<pid>`.
    pub worker: Option<String>,
    /// How long a fetcher's claim on a source lasts (`lease_secs`). A worker that dies
    /// mid-fetch holds its sources this long; a refresh must finish within it, or another
    /// worker may take the source over (and this one's commit is then refused).
    pub lease_secs: u64,
    /// How many sources one process refreshes at once (`sources_in_flight`).
    pub sources_in_flight: usize,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            role: Role::All,
            worker: None,
            lease_secs: 120,
            sources_in_flight: 4,
        }
    }
}

impl RunConfig {
    /// The worker name: the configured one, or `<hostname>-<pid>`.
    pub fn worker_name(&self) -> String {
        match &self.worker {
            Some(name) => name.clone(),
            None => {
                let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
                    .ok()
                    .map(|name| name.trim().to_string())
                    .filter(|name| !name.is_empty())
                    .or_else(|| std::env::var("HOSTNAME").ok())
                    .unwrap_or_else(|| "localhost".to_string());
                format!("{host}-{}", std::process::id())
            }
        }
    }
}

/// What one `wiredesk run` process does. Several processes on one PostgreSQL database split
/// the work: fetchers poll sources and store posts, the desk builds stories and briefs. SQLite
/// takes only `all`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Fetch, then build stories and briefs: one process does everything.
    #[default]
    All,
    /// Poll the due sources and store their posts; no stories.
    Fetch,
    /// Build stories and briefs from what fetchers stored (and do the Wikipedia lookups and
    /// language-model calls); fetch nothing.
    Desk,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::All => "all",
            Role::Fetch => "fetch",
            Role::Desk => "desk",
        }
    }

    pub fn fetches(self) -> bool {
        self != Role::Desk
    }

    pub fn builds_stories(self) -> bool {
        self != Role::Fetch
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        match text {
            "all" => Ok(Role::All),
            "fetch" => Ok(Role::Fetch),
            "desk" => Ok(Role::Desk),
            other => Err(format!(
                "unknown role {other:?}: expected \"all\", \"fetch\" or \"desk\""
            )),
        }
    }
}

pub(super) fn read_run(table: &Table, errors: &mut Vec<ConfigError>) -> RunConfig {
    check_unknown_keys(
        table,
        "run",
        &["role", "worker", "lease_secs", "sources_in_flight"],
        errors,
    );
    let defaults = RunConfig::default();
    let role = match read_opt_string(table, "run", "role", errors) {
        Some(text) => text.parse().unwrap_or_else(|message: String| {
            errors.push(ConfigError::new("run.role", message));
            Role::All
        }),
        None => Role::All,
    };
    let worker = read_opt_string(table, "run", "worker", errors)
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty());
    RunConfig {
        role,
        worker,
        lease_secs: read_int(
            table,
            "run",
            "lease_secs",
            1,
            MAX_INTERVAL_SECS,
            defaults.lease_secs,
            errors,
        ),
        sources_in_flight: read_int(
            table,
            "run",
            "sources_in_flight",
            1,
            256,
            defaults.sources_in_flight as u64,
            errors,
        ) as usize,
    }
}
