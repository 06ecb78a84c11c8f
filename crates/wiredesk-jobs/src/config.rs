//! `wiredesk.toml`: the desk's configuration, parsed and checked without IO.
//!
//! Decision: the text is parsed into a `toml::Table` and every key is read by hand instead of
//! deriving `Deserialize`, because serde stops at the first problem while a user fixing a config
//! wants every problem at once, each with its key (`sources[2].url`) and a "did you mean" for
//! typos (Vector `config/compiler.rs`). Connectivity is probed separately by `wiredesk check`.

mod analysis;
mod keys;
mod run;
mod sources;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;
use toml::{Table, Value};
use wiredesk_model::SourceSpec;

pub use analysis::AnalysisConfig;
use keys::{
    check_int, check_unknown_keys, join_key, read_bool, read_int, read_opt_string, read_u32,
    suggest, wrong_type,
};
use run::read_run;
pub use run::{Role, RunConfig};
pub use sources::{ChannelNameError, normalize_telegram_channel, sources_from_toml};
pub(crate) use sources::{normalize_feed_url, parse_trust, telegram_link_channel, trust_name};

/// Everything `wiredesk.toml` can say. `Config::default()` is a working desk with no sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Config {
    pub store: StoreConfig,
    pub fetch: FetchConfig,
    pub telegram: TelegramConfig,
    pub feeds: FeedsConfig,
    pub wikipedia: WikipediaConfig,
    pub archive: ArchiveConfig,
    pub server: ServerConfig,
    pub briefs: BriefsConfig,
    pub analysis: AnalysisConfig,
    pub run: RunConfig,
    pub sources: Vec<SourceSpec>,
}

/// Where posts and state are kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoreConfig {
    /// `sqlite://…` or `postgres://…`; `None` lets the CLI pick an embedded SQLite file in the
    /// data directory.
    pub url: Option<String>,
    /// The most connections this process opens to PostgreSQL (`max_connections`; `None`: 8).
    pub max_connections: Option<u32>,
}

/// Outbound HTTP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Whole-request timeout.
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
    /// Bodies larger than this are cut off and the fetch fails.
    pub max_body_bytes: u64,
    /// 0 follows no redirect at all.
    pub max_redirects: u32,
    /// Allow loopback, private and link-local addresses (tests, mirrors on a LAN).
    pub allow_private_addresses: bool,
    pub per_host_concurrency: u32,
    /// A source that fails this many times in a row is paused until `source resume`.
    pub max_consecutive_failures: u32,
}

/// Telegram public channels, read through `<base_url>/s/<channel>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TelegramConfig {
    /// `https://t.me`, or a mirror; no trailing slash.
    pub base_url: String,
    /// Default poll interval for channels.
    pub interval_secs: u64,
    /// Polite delay between two pages of one channel.
    pub page_delay_ms: u64,
    /// How many older pages a backfill reads at most; 0 disables backfill.
    pub backfill_max_pages: u32,
}

/// RSS, Atom and JSON feeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedsConfig {
    /// Default poll interval for feeds.
    pub interval_secs: u64,
    /// Bounds for intervals the feed itself asks for (`<ttl>`, `Retry-After`).
    pub min_interval_secs: u64,
    pub max_interval_secs: u64,
}

/// Background lookups on Wikipedia.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WikipediaConfig {
    /// `https://{lang}.wikipedia.org`; `{lang}` is replaced by each language code.
    pub base_url_template: String,
    /// Language editions to ask, in order; empty disables lookups.
    pub languages: Vec<String>,
    /// A cached summary older than this is fetched again.
    pub refresh_after_hours: u64,
    /// How many lookups that go to Wikipedia one pass may start, names and the pages briefs
    /// cite alike (cached answers are free); the rest wait for a later pass, and the briefs
    /// that wanted them get their background in a later revision. 0 looks nothing up.
    pub lookups_per_pass: usize,
    /// How many lookups are in flight at once.
    pub concurrency: usize,
    /// After a failed lookup (unreachable, timeout, 5xx), how long the title is left alone:
    /// until then the cache answers (the stale summary, or nothing).
    pub retry_after_minutes: u64,
}

/// Which stories get a brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefsConfig {
    /// A story gets a brief from this many posts on (a post from a source with
    /// `trust = "primary"` is enough on its own).
    pub min_posts: usize,
}

impl Default for BriefsConfig {
    fn default() -> BriefsConfig {
        BriefsConfig { min_posts: 2 }
    }
}

/// `wiredesk serve`: where it listens, what the site is called, the token for writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerConfig {
    /// `host:port` to listen on.
    pub address: String,
    pub site_title: String,
    /// The bearer token the write endpoints (add, pause, resume a source) require; `None`
    /// disables them.
    pub write_token: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            address: "127.0.0.1:8080".to_string(),
            site_title: "wiredesk".to_string(),
            write_token: None,
        }
    }
}

/// How long posts are kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArchiveConfig {
    /// `None` keeps everything forever.
    pub retention_days: Option<u64>,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            user_agent: default_user_agent(),
            timeout_secs: 30,
            connect_timeout_secs: 10,
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private_addresses: false,
            per_host_concurrency: 2,
            max_consecutive_failures: 10,
        }
    }
}

impl Default for TelegramConfig {
    fn default() -> TelegramConfig {
        TelegramConfig {
            base_url: "https://t.me".to_owned(),
            interval_secs: 600,
            page_delay_ms: 1500,
            backfill_max_pages: 20,
        }
    }
}

impl Default for FeedsConfig {
    fn default() -> FeedsConfig {
        FeedsConfig {
            interval_secs: 900,
            min_interval_secs: 300,
            max_interval_secs: 86_400,
        }
    }
}

impl Default for WikipediaConfig {
    fn default() -> WikipediaConfig {
        WikipediaConfig {
            base_url_template: "https://{lang}.wikipedia.org".to_owned(),
            languages: vec!["en".to_owned()],
            refresh_after_hours: 168,
            lookups_per_pass: 100,
            concurrency: 4,
            retry_after_minutes: 30,
        }
    }
}

/// `wiredesk/<version>`.
pub fn default_user_agent() -> String {
    format!("wiredesk/{}", env!("CARGO_PKG_VERSION"))
}

/// One problem in a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where: `fetch.timeout_secs`, `sources[2].url`; empty for a TOML syntax error.
    pub key: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Every problem found in a configuration; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl ConfigErrors {
    /// The problem reported for `key`, if any (handy in tests and in the CLI).
    pub fn get(&self, key: &str) -> Option<&ConfigError> {
        self.0.iter().find(|error| error.key == key)
    }
}

impl fmt::Display for ConfigErrors {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (error_idx, error) in self.0.iter().enumerate() {
            if error_idx > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

const STARTER_TOML: &str = include_str!("config/starter.toml");

const SECTIONS: &[&str] = &[
    "store",
    "fetch",
    "telegram",
    "feeds",
    "wikipedia",
    "archive",
    "server",
    "briefs",
    "analysis",
    "run",
    "sources",
];

/// Upper bound for every interval: one year (keeps `now + interval` far from overflow).
const MAX_INTERVAL_SECS: u64 = 365 * 24 * 3600;

impl Config {
    /// Parses and checks a `wiredesk.toml`, reporting every problem at once.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigErrors> {
        let table = match text.parse::<Table>() {
            Ok(table) => table,
            Err(error) => return Err(ConfigErrors(vec![syntax_error(text, &error)])),
        };
        let mut errors = Vec::new();
        let config = read_config(&table, &mut errors);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// The commented configuration `wiredesk init` writes; it parses to `Config::default()`.
    pub fn starter_toml() -> &'static str {
        STARTER_TOML
    }
}

/// A TOML syntax error as one line: `line 3, column 7: invalid string`.
fn syntax_error(text: &str, error: &toml::de::Error) -> ConfigError {
    let message = error.message().trim().to_owned();
    let Some(span) = error.span() else {
        return ConfigError::new("", format!("invalid toml: {message}"));
    };
    let offset = span.start.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    ConfigError::new(
        "",
        format!("invalid toml at line {line}, column {column}: {message}"),
    )
}

fn read_config(table: &Table, errors: &mut Vec<ConfigError>) -> Config {
    check_unknown_keys(table, "", SECTIONS, errors);
    let defaults = Config::default();
    let empty = Table::new();

    let store = match section(table, "store", errors) {
        Some(store) => read_store(store, errors),
        None => defaults.store,
    };
    let fetch = read_fetch(section(table, "fetch", errors).unwrap_or(&empty), errors);
    let telegram = read_telegram(section(table, "telegram", errors).unwrap_or(&empty), errors);
    let feeds = read_feeds(section(table, "feeds", errors).unwrap_or(&empty), errors);
    let wikipedia = read_wikipedia(
        section(table, "wikipedia", errors).unwrap_or(&empty),
        errors,
    );
    let archive = read_archive(section(table, "archive", errors).unwrap_or(&empty), errors);
    let server = read_server(section(table, "server", errors).unwrap_or(&empty), errors);
    let briefs = read_briefs(section(table, "briefs", errors).unwrap_or(&empty), errors);
    let analysis =
        analysis::read_analysis(section(table, "analysis", errors).unwrap_or(&empty), errors);
    let run = read_run(section(table, "run", errors).unwrap_or(&empty), errors);
    let sources = match table.get("sources") {
        Some(value) => sources::read_sources(value, "sources", errors),
        None => Vec::new(),
    };
    Config {
        store,
        fetch,
        telegram,
        feeds,
        wikipedia,
        archive,
        server,
        briefs,
        analysis,
        run,
        sources,
    }
}

/// A top-level section, which must be a table when present.
fn section<'t>(table: &'t Table, name: &str, errors: &mut Vec<ConfigError>) -> Option<&'t Table> {
    match table.get(name)? {
        Value::Table(inner) => Some(inner),
        other => {
            errors.push(wrong_type(name, &format!("a table ([{name}])"), other));
            None
        }
    }
}

fn read_store(table: &Table, errors: &mut Vec<ConfigError>) -> StoreConfig {
    check_unknown_keys(table, "store", &["url", "max_connections"], errors);
    let max_connections = table
        .contains_key("max_connections")
        .then(|| read_int(table, "store", "max_connections", 2, 1000, 8, errors) as u32);
    let url =
        read_opt_string(table, "store", "url", errors).and_then(|url| {
            match check_store_url(&url) {
                Ok(()) => Some(url),
                Err(message) => {
                    errors.push(ConfigError::new("store.url", message));
                    None
                }
            }
        });
    StoreConfig {
        url,
        max_connections,
    }
}

/// Accepts `sqlite:…` (including `sqlite::memory:`) and `postgres://` / `postgresql://`. Error
/// messages name the scheme only: the URL may carry a password.
fn check_store_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("must not be empty; leave it out to use the embedded sqlite file".to_owned());
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(
            "not a database url; expected sqlite://<path> or postgres://<host>/<db>".to_owned(),
        );
    };
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => {
            if rest.is_empty() || rest == "//" {
                Err("sqlite url names no file; expected sqlite://<path>".to_owned())
            } else {
                Ok(())
            }
        }
        "postgres" | "postgresql" => match url::Url::parse(url) {
            Ok(_) => Ok(()),
            Err(error) => Err(format!("invalid postgres url: {error}")),
        },
        _ => Err(format!(
            "unsupported store url scheme {scheme:?}; expected \"sqlite\" or \"postgres\""
        )),
    }
}

fn read_fetch(table: &Table, errors: &mut Vec<ConfigError>) -> FetchConfig {
    const KEYS: &[&str] = &[
        "user_agent",
        "timeout_secs",
        "connect_timeout_secs",
        "max_body_bytes",
        "max_redirects",
        "allow_private_addresses",
        "per_host_concurrency",
        "max_consecutive_failures",
    ];
    check_unknown_keys(table, "fetch", KEYS, errors);
    let defaults = FetchConfig::default();
    let user_agent = match read_opt_string(table, "fetch", "user_agent", errors) {
        Some(agent) if agent.trim().is_empty() => {
            errors.push(ConfigError::new("fetch.user_agent", "must not be empty"));
            defaults.user_agent
        }
        Some(agent) if agent.chars().any(|ch| ch.is_control()) => {
            errors.push(ConfigError::new(
                "fetch.user_agent",
                "must not contain control characters (it is sent as an http header)",
            ));
            defaults.user_agent
        }
        Some(agent) => agent.trim().to_owned(),
        None => defaults.user_agent,
    };
    let timeout_secs = read_int(
        table,
        "fetch",
        "timeout_secs",
        1,
        3600,
        defaults.timeout_secs,
        errors,
    );
    let connect_timeout_secs = read_int(
        table,
        "fetch",
        "connect_timeout_secs",
        1,
        3600,
        defaults.connect_timeout_secs,
        errors,
    );
    if table.contains_key("connect_timeout_secs") && connect_timeout_secs > timeout_secs {
        errors.push(ConfigError::new(
            "fetch.connect_timeout_secs",
            format!("must not exceed fetch.timeout_secs ({timeout_secs})"),
        ));
    }
    FetchConfig {
        user_agent,
        timeout_secs,
        connect_timeout_secs,
        max_body_bytes: read_int(
            table,
            "fetch",
            "max_body_bytes",
            1,
            1 << 40,
            defaults.max_body_bytes,
            errors,
        ),
        max_redirects: read_u32(
            table,
            "fetch",
            "max_redirects",
            0,
            100,
            defaults.max_redirects,
            errors,
        ),
        allow_private_addresses: read_bool(
            table,
            "fetch",
            "allow_private_addresses",
            defaults.allow_private_addresses,
            errors,
        ),
        per_host_concurrency: read_u32(
            table,
            "fetch",
            "per_host_concurrency",
            1,
            1024,
            defaults.per_host_concurrency,
            errors,
        ),
        max_consecutive_failures: read_u32(
            table,
            "fetch",
            "max_consecutive_failures",
            1,
            1_000_000,
            defaults.max_consecutive_failures,
            errors,
        ),
    }
}

fn read_telegram(table: &Table, errors: &mut Vec<ConfigError>) -> TelegramConfig {
    const KEYS: &[&str] = &[
        "base_url",
        "interval_secs",
        "page_delay_ms",
        "backfill_max_pages",
    ];
    check_unknown_keys(table, "telegram", KEYS, errors);
    let defaults = TelegramConfig::default();
    let base_url = match read_opt_string(table, "telegram", "base_url", errors) {
        Some(url) => match check_base_url(&url) {
            Ok(url) => url,
            Err(message) => {
                errors.push(ConfigError::new("telegram.base_url", message));
                defaults.base_url
            }
        },
        None => defaults.base_url,
    };
    TelegramConfig {
        base_url,
        interval_secs: read_int(
            table,
            "telegram",
            "interval_secs",
            1,
            MAX_INTERVAL_SECS,
            defaults.interval_secs,
            errors,
        ),
        page_delay_ms: read_int(
            table,
            "telegram",
            "page_delay_ms",
            0,
            600_000,
            defaults.page_delay_ms,
            errors,
        ),
        backfill_max_pages: read_u32(
            table,
            "telegram",
            "backfill_max_pages",
            0,
            100_000,
            defaults.backfill_max_pages,
            errors,
        ),
    }
}

/// An http(s) base URL without query or fragment, returned without its trailing slash.
fn check_base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim();
    let parsed =
        url::Url::parse(trimmed).map_err(|error| format!("invalid url {trimmed:?}: {error}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "must be an http or https url, found scheme {:?}",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("url {trimmed:?} has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("must not have a query or fragment".to_owned());
    }
    Ok(trimmed.trim_end_matches('/').to_owned())
}

fn read_feeds(table: &Table, errors: &mut Vec<ConfigError>) -> FeedsConfig {
    const KEYS: &[&str] = &["interval_secs", "min_interval_secs", "max_interval_secs"];
    check_unknown_keys(table, "feeds", KEYS, errors);
    let defaults = FeedsConfig::default();
    let mut read = |key: &str, default: u64| {
        let before = errors.len();
        let value = read_int(table, "feeds", key, 1, MAX_INTERVAL_SECS, default, errors);
        (value, errors.len() == before)
    };
    let (interval_secs, interval_ok) = read("interval_secs", defaults.interval_secs);
    let (min_interval_secs, min_ok) = read("min_interval_secs", defaults.min_interval_secs);
    let (max_interval_secs, max_ok) = read("max_interval_secs", defaults.max_interval_secs);
    if min_ok && max_ok && min_interval_secs > max_interval_secs {
        errors.push(ConfigError::new(
            "feeds.min_interval_secs",
            format!("{min_interval_secs} exceeds feeds.max_interval_secs ({max_interval_secs})"),
        ));
    } else if interval_ok
        && min_ok
        && max_ok
        && !(min_interval_secs..=max_interval_secs).contains(&interval_secs)
    {
        errors.push(ConfigError::new(
            "feeds.interval_secs",
            format!(
                "{interval_secs} is outside feeds.min_interval_secs..=feeds.max_interval_secs \
                 ({min_interval_secs}..={max_interval_secs})"
            ),
        ));
    }
    FeedsConfig {
        interval_secs,
        min_interval_secs,
        max_interval_secs,
    }
}

fn read_wikipedia(table: &Table, errors: &mut Vec<ConfigError>) -> WikipediaConfig {
    const KEYS: &[&str] = &[
        "base_url_template",
        "languages",
        "refresh_after_hours",
        "lookups_per_pass",
        "concurrency",
        "retry_after_minutes",
    ];
    check_unknown_keys(table, "wikipedia", KEYS, errors);
    let defaults = WikipediaConfig::default();
    let base_url_template = match read_opt_string(table, "wikipedia", "base_url_template", errors) {
        Some(template) => match check_url_template(&template) {
            Ok(template) => template,
            Err(message) => {
                errors.push(ConfigError::new("wikipedia.base_url_template", message));
                defaults.base_url_template
            }
        },
        None => defaults.base_url_template,
    };
    let languages = match table.get("languages") {
        None => defaults.languages,
        Some(Value::Array(items)) => {
            let mut languages: Vec<String> = Vec::new();
            for (lang_idx, item) in items.iter().enumerate() {
                let key = format!("wikipedia.languages[{lang_idx}]");
                let Value::String(lang) = item else {
                    errors.push(wrong_type(&key, "a string", item));
                    continue;
                };
                if !is_language_code(lang) {
                    let hint = if is_language_code(&lang.to_ascii_lowercase()) {
                        format!("; did you mean {:?}?", lang.to_ascii_lowercase())
                    } else {
                        String::new()
                    };
                    errors.push(ConfigError::new(
                        key,
                        format!(
                            "{lang:?} is not a wikipedia language code (lowercase letters, digits and \
                             hyphens, like \"en\" or \"zh-min-nan\"){hint}"
                        ),
                    ));
                } else if languages.contains(lang) {
                    errors.push(ConfigError::new(key, format!("{lang:?} is listed twice")));
                } else {
                    languages.push(lang.clone());
                }
            }
            languages
        }
        Some(other) => {
            errors.push(wrong_type(
                "wikipedia.languages",
                "an array of strings",
                other,
            ));
            defaults.languages
        }
    };
    WikipediaConfig {
        base_url_template,
        languages,
        refresh_after_hours: read_int(
            table,
            "wikipedia",
            "refresh_after_hours",
            1,
            MAX_INTERVAL_SECS / 3600,
            defaults.refresh_after_hours,
            errors,
        ),
        lookups_per_pass: read_int(
            table,
            "wikipedia",
            "lookups_per_pass",
            0,
            10_000,
            defaults.lookups_per_pass as u64,
            errors,
        ) as usize,
        concurrency: read_int(
            table,
            "wikipedia",
            "concurrency",
            1,
            64,
            defaults.concurrency as u64,
            errors,
        ) as usize,
        retry_after_minutes: read_int(
            table,
            "wikipedia",
            "retry_after_minutes",
            1,
            MAX_INTERVAL_SECS / 60,
            defaults.retry_after_minutes,
            errors,
        ),
    }
}

fn check_url_template(template: &str) -> Result<String, String> {
    let template = template.trim();
    if !template.contains("{lang}") {
        return Err(format!(
            "{template:?} does not contain {{lang}}; expected something like \"https://{{lang}}.wikipedia.org\""
        ));
    }
    check_base_url(&template.replace("{lang}", "en"))?;
    Ok(template.trim_end_matches('/').to_owned())
}

/// Wikipedia edition codes: "en", "simple", "zh-min-nan", "be-tarask".
fn is_language_code(code: &str) -> bool {
    (2..=20).contains(&code.len())
        && code.starts_with(|ch: char| ch.is_ascii_lowercase())
        && !code.ends_with('-')
        && code
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}

fn read_briefs(table: &Table, errors: &mut Vec<ConfigError>) -> BriefsConfig {
    check_unknown_keys(table, "briefs", &["min_posts"], errors);
    let defaults = BriefsConfig::default();
    let min_posts = if table.contains_key("min_posts") {
        read_int(
            table,
            "briefs",
            "min_posts",
            1,
            1000,
            defaults.min_posts as u64,
            errors,
        ) as usize
    } else {
        defaults.min_posts
    };
    BriefsConfig { min_posts }
}

fn read_server(table: &Table, errors: &mut Vec<ConfigError>) -> ServerConfig {
    check_unknown_keys(
        table,
        "server",
        &["address", "site_title", "write_token"],
        errors,
    );
    let defaults = ServerConfig::default();
    let address = read_opt_string(table, "server", "address", errors).unwrap_or(defaults.address);
    if address.parse::<std::net::SocketAddr>().is_err() {
        errors.push(ConfigError::new(
            "server.address",
            format!("{address:?} is not host:port with an IP address, e.g. 127.0.0.1:8080"),
        ));
    }
    let site_title =
        read_opt_string(table, "server", "site_title", errors).unwrap_or(defaults.site_title);
    let write_token = read_opt_string(table, "server", "write_token", errors);
    if write_token.as_ref().is_some_and(|token| token.len() < 16) {
        errors.push(ConfigError::new(
            "server.write_token",
            "a write token needs at least 16 characters",
        ));
    }
    ServerConfig {
        address,
        site_title,
        write_token,
    }
}

fn read_archive(table: &Table, errors: &mut Vec<ConfigError>) -> ArchiveConfig {
    check_unknown_keys(table, "archive", &["retention_days"], errors);
    let retention_days = table
        .contains_key("retention_days")
        .then(|| read_int(table, "archive", "retention_days", 1, 100 * 366, 0, errors))
        .filter(|days| *days > 0);
    ArchiveConfig { retention_days }
}
