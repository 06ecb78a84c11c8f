//! `[[sources]]` entries, shared by `wiredesk.toml`, replay scenarios and OPML import: one code
//! path turns a TOML table into a `SourceSpec`, so a scenario's sources are read exactly like the
//! desk's own.
//!
//! Telegram channels may be written as `name`, `@name`, `t.me/name` or `https://t.me/s/name`;
//! all normalize to the bare username, keeping the case the user wrote (`SourceKind::key`
//! lowercases it for identity).

use toml::{Table, Value};
use wiredesk_model::{SourceKind, SourceSpec, Trust};

use super::{
    ConfigError, ConfigErrors, MAX_INTERVAL_SECS, check_int, join_key, suggest, wrong_type,
};

const KINDS: &[&str] = &["telegram", "feed"];
const TELEGRAM_KEYS: &[&str] = &["kind", "channel", "name", "interval_secs", "trust"];
const FEED_KEYS: &[&str] = &["kind", "url", "name", "interval_secs", "trust"];
const TRUST_NAMES: &[&str] = &["normal", "leads-only", "state-affiliated", "primary"];
const TELEGRAM_HOSTS: &[&str] = &[
    "t.me",
    "www.t.me",
    "telegram.me",
    "www.telegram.me",
    "telegram.dog",
];

/// Why a string is not a public Telegram channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelNameError {
    #[error("channel name is empty")]
    Empty,
    #[error("{link:?} is a private link; only public channels with a username can be read")]
    PrivateLink { link: String },
    #[error("{link:?} is not a link to a telegram channel")]
    NotChannelLink { link: String },
    #[error("channel name {name:?} has {len} characters; telegram usernames have 4 to 32")]
    Length { name: String, len: usize },
    #[error("channel name {name:?} must start with a letter")]
    Start { name: String },
    #[error(
        "channel name {name:?} contains {ch:?}; telegram usernames use only letters, digits and underscores"
    )]
    Character { name: String, ch: char },
}

/// The bare username of a public channel given as `name`, `@name`, `t.me/name`,
/// `https://t.me/s/name` (a post link `t.me/name/123` is accepted too).
pub fn normalize_telegram_channel(input: &str) -> Result<String, ChannelNameError> {
    let input = input.trim();
    let name = match telegram_link_channel(input) {
        Some(from_link) => from_link?,
        None => input.strip_prefix('@').unwrap_or(input).to_owned(),
    };
    check_channel_name(&name)?;
    Ok(name)
}

/// `Some` when `input` is a link on a Telegram host (with or without scheme): the channel it
/// names, or why it names none. `None` for anything that is not a Telegram link.
pub(crate) fn telegram_link_channel(input: &str) -> Option<Result<String, ChannelNameError>> {
    let input = input.trim();
    let lower = input.to_ascii_lowercase();
    let without_scheme = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &input[scheme.len()..]))
        .unwrap_or(input);
    let (host, path) = without_scheme
        .split_once('/')
        .unwrap_or((without_scheme, ""));
    if !TELEGRAM_HOSTS.contains(&host.to_ascii_lowercase().as_str()) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut segments = path.split('/').filter(|segment| !segment.is_empty());
    let not_channel = || ChannelNameError::NotChannelLink {
        link: input.to_owned(),
    };
    let mut first = segments.next();
    if first == Some("s") {
        first = segments.next();
    }
    let Some(name) = first else {
        return Some(Err(not_channel()));
    };
    if name.starts_with('+') || matches!(name, "joinchat" | "c") {
        return Some(Err(ChannelNameError::PrivateLink {
            link: input.to_owned(),
        }));
    }
    // An optional post id, nothing else.
    let rest: Vec<&str> = segments.collect();
    let is_post_link = rest.len() == 1 && rest[0].chars().all(|ch| ch.is_ascii_digit());
    if !rest.is_empty() && !is_post_link {
        return Some(Err(not_channel()));
    }
    let name = name.strip_prefix('@').unwrap_or(name);
    Some(check_channel_name(name).map(|()| name.to_owned()))
}

/// Telegram's username rules: 4 to 32 characters (5 for new names; 4-letter names are sold on
/// Fragment), ASCII letters, digits and underscores, starting with a letter.
fn check_channel_name(name: &str) -> Result<(), ChannelNameError> {
    if name.is_empty() {
        return Err(ChannelNameError::Empty);
    }
    if let Some(ch) = name
        .chars()
        .find(|ch| !(ch.is_ascii_alphanumeric() || *ch == '_'))
    {
        return Err(ChannelNameError::Character {
            name: name.to_owned(),
            ch,
        });
    }
    if !(4..=32).contains(&name.len()) {
        return Err(ChannelNameError::Length {
            name: name.to_owned(),
            len: name.len(),
        });
    }
    if !name.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
        return Err(ChannelNameError::Start {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// An absolute http(s) feed URL in `url`'s serialization, or why not.
pub(crate) fn normalize_feed_url(input: &str) -> Result<String, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("feed url is empty".to_owned());
    }
    let parsed = match url::Url::parse(input) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(format!(
                "{input:?} is not an absolute url; write it with https://"
            ));
        }
        Err(error) => return Err(format!("invalid url {input:?}: {error}")),
    };
    match parsed.scheme() {
        "http" | "https" => {}
        "feed" => {
            return Err(format!(
                "{input:?} uses the feed: scheme; write it with https:// instead"
            ));
        }
        other => {
            return Err(format!(
                "feed urls must use http or https, found scheme {other:?}"
            ));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("url {input:?} has no host"));
    }
    Ok(parsed.to_string())
}

/// Reads a `sources` array (from `wiredesk.toml` or a scenario) into specs, reporting every
/// problem at once with keys like `sources[2].url`.
pub fn sources_from_toml(value: &Value) -> Result<Vec<SourceSpec>, ConfigErrors> {
    let mut errors = Vec::new();
    let specs = read_sources(value, "sources", &mut errors);
    if errors.is_empty() {
        Ok(specs)
    } else {
        Err(ConfigErrors(errors))
    }
}

pub(super) fn read_sources(
    value: &Value,
    key: &str,
    errors: &mut Vec<ConfigError>,
) -> Vec<SourceSpec> {
    let items = match value {
        Value::Array(items) => items,
        Value::Table(_) => {
            errors.push(ConfigError::new(
                key,
                "expected an array of tables; write each source under its own [[sources]] header",
            ));
            return Vec::new();
        }
        other => {
            errors.push(wrong_type(key, "an array of tables ([[sources]])", other));
            return Vec::new();
        }
    };
    let mut specs: Vec<SourceSpec> = Vec::new();
    // Key and where it was first seen, to report duplicates.
    let mut seen: Vec<(String, String)> = Vec::new();
    for (source_idx, item) in items.iter().enumerate() {
        let prefix = format!("{key}[{source_idx}]");
        let Value::Table(table) = item else {
            errors.push(wrong_type(&prefix, "a table", item));
            continue;
        };
        let Some(spec) = read_source(table, &prefix, errors) else {
            continue;
        };
        let source_key = spec.kind.key();
        let name_key = match spec.kind {
            SourceKind::Telegram { .. } => join_key(&prefix, "channel"),
            SourceKind::Feed { .. } => join_key(&prefix, "url"),
        };
        if let Some((_, first)) = seen.iter().find(|(seen_key, _)| *seen_key == source_key) {
            errors.push(ConfigError::new(
                name_key,
                format!(
                    "duplicate source: {} {source_key:?} is already {first}",
                    spec.kind.kind_name()
                ),
            ));
            continue;
        }
        seen.push((source_key, prefix));
        specs.push(spec);
    }
    specs
}

/// One `[[sources]]` table; `None` when it has any problem (all recorded in `errors`).
fn read_source(table: &Table, prefix: &str, errors: &mut Vec<ConfigError>) -> Option<SourceSpec> {
    let before = errors.len();
    let kind_key = join_key(prefix, "kind");
    let kind_name = match table.get("kind") {
        Some(Value::String(kind)) if KINDS.contains(&kind.as_str()) => Some(kind.as_str()),
        Some(Value::String(kind)) => {
            let hint = match kind.to_lowercase().as_str() {
                "rss" | "atom" | "json" | "jsonfeed" | "json_feed" => Some("feed"),
                "tg" | "channel" => Some("telegram"),
                _ => suggest(kind, KINDS),
            };
            let hint = hint
                .map(|kind| format!("; did you mean {kind:?}?"))
                .unwrap_or_default();
            errors.push(ConfigError::new(
                &kind_key,
                format!("unknown source kind {kind:?}; expected \"telegram\" or \"feed\"{hint}"),
            ));
            None
        }
        Some(other) => {
            errors.push(wrong_type(&kind_key, "\"telegram\" or \"feed\"", other));
            None
        }
        None => {
            let hint = if table.contains_key("channel") {
                "; add kind = \"telegram\""
            } else if table.contains_key("url") {
                "; add kind = \"feed\""
            } else {
                ""
            };
            errors.push(ConfigError::new(
                &kind_key,
                format!("missing key (\"telegram\" or \"feed\"){hint}"),
            ));
            None
        }
    };

    let kind = match kind_name {
        Some("telegram") => read_telegram_kind(table, prefix, errors),
        Some(_) => read_feed_kind(table, prefix, errors),
        None => None,
    };

    let name = match table.get("name") {
        None => None,
        Some(Value::String(name)) if name.trim().is_empty() => {
            errors.push(ConfigError::new(
                join_key(prefix, "name"),
                "must not be empty; leave it out instead",
            ));
            None
        }
        Some(Value::String(name)) => Some(name.trim().to_owned()),
        Some(other) => {
            errors.push(wrong_type(&join_key(prefix, "name"), "a string", other));
            None
        }
    };

    let interval_secs = table.get("interval_secs").and_then(|value| {
        check_int(value, 1, MAX_INTERVAL_SECS)
            .map_err(|message| {
                errors.push(ConfigError::new(join_key(prefix, "interval_secs"), message))
            })
            .ok()
    });

    let trust = match table.get("trust") {
        None => Trust::default(),
        Some(Value::String(trust)) => match parse_trust(trust) {
            Some(trust) => trust,
            None => {
                let hint = suggest(trust, TRUST_NAMES)
                    .map(|name| format!("; did you mean {name:?}?"))
                    .unwrap_or_default();
                errors.push(ConfigError::new(
                    join_key(prefix, "trust"),
                    format!(
                        "unknown trust {trust:?}; expected one of \"normal\", \"leads-only\", \
                         \"state-affiliated\", \"primary\"{hint}"
                    ),
                ));
                Trust::default()
            }
        },
        Some(other) => {
            errors.push(wrong_type(&join_key(prefix, "trust"), "a string", other));
            Trust::default()
        }
    };

    if errors.len() > before {
        return None;
    }
    Some(SourceSpec {
        kind: kind?,
        name,
        interval_secs,
        trust,
    })
}

/// The model's kebab-case names.
pub(crate) fn parse_trust(text: &str) -> Option<Trust> {
    match text {
        "normal" => Some(Trust::Normal),
        "leads-only" => Some(Trust::LeadsOnly),
        "state-affiliated" => Some(Trust::StateAffiliated),
        "primary" => Some(Trust::Primary),
        _ => None,
    }
}

pub(crate) fn trust_name(trust: Trust) -> &'static str {
    match trust {
        Trust::Normal => "normal",
        Trust::LeadsOnly => "leads-only",
        Trust::StateAffiliated => "state-affiliated",
        Trust::Primary => "primary",
    }
}

/// An error for every key of a source table that its kind does not take, with a hint for the
/// one key people confuse across kinds and a suggestion for near misses.
fn report_unknown_keys(
    table: &Table,
    prefix: &str,
    allowed: &[&str],
    (confused_key, confused_message): (&str, &str),
    what: &str,
    errors: &mut Vec<ConfigError>,
) {
    for key in table.keys().filter(|key| !allowed.contains(&key.as_str())) {
        let message = if key == confused_key {
            confused_message.to_owned()
        } else {
            match suggest(key, allowed) {
                Some(candidate) => format!("unknown key; did you mean `{candidate}`?"),
                None => format!("unknown key; {what} takes: {}", allowed.join(", ")),
            }
        };
        errors.push(ConfigError::new(join_key(prefix, key), message));
    }
}

fn read_telegram_kind(
    table: &Table,
    prefix: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<SourceKind> {
    report_unknown_keys(
        table,
        prefix,
        TELEGRAM_KEYS,
        (
            "url",
            "unknown key for a telegram source; write the channel as channel = \"name\"",
        ),
        "a telegram source",
        errors,
    );
    let channel_key = join_key(prefix, "channel");
    match table.get("channel") {
        None => {
            errors.push(ConfigError::new(
                channel_key,
                "missing key: the channel's username",
            ));
            None
        }
        Some(Value::String(channel)) => match normalize_telegram_channel(channel) {
            Ok(channel) => Some(SourceKind::Telegram { channel }),
            Err(error) => {
                errors.push(ConfigError::new(channel_key, error.to_string()));
                None
            }
        },
        Some(other) => {
            errors.push(wrong_type(&channel_key, "a string", other));
            None
        }
    }
}

fn read_feed_kind(
    table: &Table,
    prefix: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<SourceKind> {
    report_unknown_keys(
        table,
        prefix,
        FEED_KEYS,
        (
            "channel",
            "unknown key for a feed source; did you mean kind = \"telegram\"?",
        ),
        "a feed source",
        errors,
    );
    let url_key = join_key(prefix, "url");
    match table.get("url") {
        None => {
            errors.push(ConfigError::new(url_key, "missing key: the feed's url"));
            None
        }
        Some(Value::String(url)) => {
            if let Some(channel) = telegram_link_channel(url) {
                let hint = match channel {
                    Ok(channel) => format!("; write kind = \"telegram\", channel = {channel:?}"),
                    Err(_) => String::new(),
                };
                errors.push(ConfigError::new(
                    url_key,
                    format!("telegram pages are not feeds{hint}"),
                ));
                return None;
            }
            match normalize_feed_url(url) {
                Ok(url) => Some(SourceKind::Feed { url }),
                Err(message) => {
                    errors.push(ConfigError::new(url_key, message));
                    None
                }
            }
        }
        Some(other) => {
            errors.push(wrong_type(&url_key, "a string", other));
            None
        }
    }
}
