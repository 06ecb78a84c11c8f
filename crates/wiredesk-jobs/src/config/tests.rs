//! Tests for `wiredesk.toml` parsing: defaults, the starter file, every kind of error with its
//! key, channel normalization, and the scenarios' `[[sources]]`.

use wiredesk_model::{SourceKind, SourceSpec, Trust};

use super::keys::edit_distance;
use super::*;

#[track_caller]
fn parse_ok(text: &str) -> Config {
    match Config::from_toml_str(text) {
        Ok(config) => config,
        Err(errors) => panic!("expected a valid config, got:\n{errors}"),
    }
}

#[track_caller]
fn parse_err(text: &str) -> ConfigErrors {
    match Config::from_toml_str(text) {
        Ok(config) => panic!("expected errors, got {config:#?}"),
        Err(errors) => errors,
    }
}

/// Asserts the error at `key` exists and its message contains `needle`.
#[track_caller]
fn check_error(errors: &ConfigErrors, key: &str, needle: &str) {
    let Some(error) = errors.get(key) else {
        panic!("no error for {key:?}; errors:\n{errors}")
    };
    assert!(
        error.message.contains(needle),
        "error for {key:?} is {:?}, expected it to contain {needle:?}",
        error.message
    );
}

#[track_caller]
fn check_one_error(text: &str, key: &str, needle: &str) {
    let errors = parse_err(text);
    check_error(&errors, key, needle);
    assert_eq!(errors.0.len(), 1, "expected one error, got:\n{errors}");
}

fn telegram(channel: &str) -> SourceSpec {
    SourceSpec {
        kind: SourceKind::Telegram {
            channel: channel.to_owned(),
        },
        name: None,
        interval_secs: None,
        trust: Trust::Normal,
    }
}

#[test]
fn empty_text_is_the_default() {
    assert_eq!(parse_ok(""), Config::default());
}

#[test]
fn default_config_is_sane() {
    let config = Config::default();
    assert!(config.store.url.is_none());
    assert!(config.fetch.user_agent.starts_with("wiredesk/"));
    assert!(config.fetch.connect_timeout_secs <= config.fetch.timeout_secs);
    assert!(!config.fetch.allow_private_addresses);
    assert_eq!(config.telegram.base_url, "https://t.me");
    assert_eq!(config.telegram.page_delay_ms, 1500);
    let feeds = &config.feeds;
    assert!((feeds.min_interval_secs..=feeds.max_interval_secs).contains(&feeds.interval_secs));
    assert_eq!(config.wikipedia.languages, ["en"]);
    assert!(config.wikipedia.base_url_template.contains("{lang}"));
    assert_eq!(config.archive.retention_days, None);
    assert!(config.sources.is_empty());
}

#[test]
fn starter_config_parses_to_the_defaults() {
    assert_eq!(parse_ok(Config::starter_toml()), Config::default());
}

#[test]
fn starter_config_examples_parse_when_uncommented() {
    let starter = Config::starter_toml();
    let Some(tail_idx) = starter.find("# Sources:") else {
        panic!("starter has no sources section")
    };
    let (head, tail) = starter.split_at(tail_idx);
    let uncommented: Vec<&str> = tail
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") || rest.starts_with("[[") => rest,
            _ => line,
        })
        .collect();
    let text = format!("{head}{}", uncommented.join("\n"));
    let config = parse_ok(&text);
    assert_eq!(config.sources.len(), 2);
    assert_eq!(config.sources[0], telegram("durov"));
    assert_eq!(config.sources[1].trust, Trust::Primary);
    assert_eq!(config.sources[1].name.as_deref(), Some("Example News"));

    // The commented store and archive examples are valid too.
    parse_ok("[store]\nurl = \"sqlite://wiredesk.db\"\n[archive]\nretention_days = 365\n");
    parse_ok("[store]\nurl = \"postgres://wiredesk@localhost/wiredesk\"\n");
}

#[test]
fn full_config_parses() {
    let config = parse_ok(
        r#"
[store]
url = "postgres://desk:secret@db.internal:5432/wiredesk"

[fetch]
user_agent = "desk-bot/1.0 (+mailto:ops@example.org)"
timeout_secs = 20
connect_timeout_secs = 5
max_body_bytes = 1000000
max_redirects = 0
allow_private_addresses = true
per_host_concurrency = 4
max_consecutive_failures = 3

[telegram]
base_url = "http://127.0.0.1:8080/"
interval_secs = 120
page_delay_ms = 0
backfill_max_pages = 0

[feeds]
interval_secs = 600
min_interval_secs = 60
max_interval_secs = 3600

[wikipedia]
base_url_template = "http://127.0.0.1:8081/{lang}/"
languages = ["en", "uk", "zh-min-nan"]
refresh_after_hours = 24

[archive]
retention_days = 90

[[sources]]
kind = "telegram"
channel = "@OSINTbrief"
trust = "leads-only"
interval_secs = 300

[[sources]]
kind = "feed"
url = "https://afp-wire.example/world.xml"
name = "  AFP "
trust = "primary"
"#,
    );
    assert_eq!(
        config.store.url.as_deref(),
        Some("postgres://desk:secret@db.internal:5432/wiredesk")
    );
    assert_eq!(config.fetch.timeout_secs, 20);
    assert_eq!(config.fetch.max_redirects, 0);
    assert!(config.fetch.allow_private_addresses);
    assert_eq!(config.fetch.max_consecutive_failures, 3);
    assert_eq!(config.telegram.base_url, "http://127.0.0.1:8080");
    assert_eq!(config.telegram.backfill_max_pages, 0);
    assert_eq!(config.feeds.min_interval_secs, 60);
    assert_eq!(
        config.wikipedia.base_url_template,
        "http://127.0.0.1:8081/{lang}"
    );
    assert_eq!(config.wikipedia.languages, ["en", "uk", "zh-min-nan"]);
    assert_eq!(config.archive.retention_days, Some(90));
    assert_eq!(
        config.sources,
        [
            SourceSpec {
                kind: SourceKind::Telegram {
                    channel: "OSINTbrief".to_owned()
                },
                name: None,
                interval_secs: Some(300),
                trust: Trust::LeadsOnly,
            },
            SourceSpec {
                kind: SourceKind::Feed {
                    url: "https://afp-wire.example/world.xml".to_owned()
                },
                name: Some("AFP".to_owned()),
                interval_secs: None,
                trust: Trust::Primary,
            },
        ]
    );
}

#[test]
fn syntax_error_has_empty_key_and_position() {
    let errors = parse_err("[fetch]\ntimeout_secs = 30\nuser_agent = \"unterminated\n");
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].key, "");
    assert!(
        errors.0[0].message.contains("line 3"),
        "{}",
        errors.0[0].message
    );
    assert!(!errors.to_string().contains('\n'), "one line: {errors}");
}

#[test]
fn unknown_keys_suggest_the_close_one() {
    check_one_error(
        "[fetch]\ntimout_secs = 5\n",
        "fetch.timout_secs",
        "did you mean `timeout_secs`?",
    );
    check_one_error(
        "[fetch]\ntimeout = 5\n",
        "fetch.timeout",
        "did you mean `timeout_secs`?",
    );
    check_one_error(
        "[telegram]\nbase-url = \"https://t.me\"\n",
        "telegram.base-url",
        "`base_url`",
    );
    check_one_error(
        "[feed]\ninterval_secs = 5\n",
        "feed",
        "did you mean `feeds`?",
    );
    check_one_error(
        "[[source]]\nkind = \"feed\"\n",
        "source",
        "did you mean `sources`?",
    );
    check_one_error(
        "[fetch]\ncolour = 5\n",
        "fetch.colour",
        "expected one of: user_agent",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchanel = \"durov\"\nchannel = \"durov\"\n",
        "sources[0].chanel",
        "did you mean `channel`?",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\nurl = \"https://t.me/durov\"\n",
        "sources[0].url",
        "channel = \"name\"",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\nurl = \"https://a.example/rss\"\nchannel = \"durov\"\n",
        "sources[0].channel",
        "kind = \"telegram\"",
    );
}

#[test]
fn wrong_types_name_what_was_expected() {
    check_one_error(
        "[fetch]\ntimeout_secs = \"30\"\n",
        "fetch.timeout_secs",
        "write it without quotes: 30",
    );
    check_one_error(
        "[fetch]\ntimeout_secs = 2.5\n",
        "fetch.timeout_secs",
        "expected an integer, found float 2.5",
    );
    check_one_error(
        "[fetch]\nallow_private_addresses = \"yes\"\n",
        "fetch.allow_private_addresses",
        "true or false",
    );
    check_one_error(
        "[fetch]\nuser_agent = 7\n",
        "fetch.user_agent",
        "expected a string, found integer 7",
    );
    check_one_error("fetch = 3\n", "fetch", "expected a table ([fetch])");
    check_one_error(
        "[wikipedia]\nlanguages = \"en\"\n",
        "wikipedia.languages",
        "an array of strings",
    );
    check_one_error(
        "[wikipedia]\nlanguages = [\"en\", 2]\n",
        "wikipedia.languages[1]",
        "a string",
    );
    check_one_error("[sources]\nkind = \"feed\"\n", "sources", "[[sources]]");
    check_one_error("sources = [1]\n", "sources[0]", "expected a table");
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = 12345\n",
        "sources[0].channel",
        "a string",
    );
}

#[test]
fn zero_and_negative_numbers_are_rejected() {
    check_one_error(
        "[fetch]\ntimeout_secs = 0\n",
        "fetch.timeout_secs",
        "must be at least 1, found 0",
    );
    check_one_error(
        "[fetch]\nconnect_timeout_secs = -3\n",
        "fetch.connect_timeout_secs",
        "found -3",
    );
    check_one_error(
        "[fetch]\nmax_redirects = -1\n",
        "fetch.max_redirects",
        "must not be negative",
    );
    check_one_error(
        "[fetch]\nper_host_concurrency = 0\n",
        "fetch.per_host_concurrency",
        "at least 1",
    );
    check_one_error(
        "[fetch]\nmax_redirects = 5000000000\n",
        "fetch.max_redirects",
        "at most 100",
    );
    check_one_error(
        "[telegram]\ninterval_secs = 0\n",
        "telegram.interval_secs",
        "at least 1",
    );
    check_one_error(
        "[feeds]\nmin_interval_secs = 0\n",
        "feeds.min_interval_secs",
        "at least 1",
    );
    check_one_error(
        "[archive]\nretention_days = 0\n",
        "archive.retention_days",
        "at least 1",
    );
    check_one_error(
        "[wikipedia]\nrefresh_after_hours = -1\n",
        "wikipedia.refresh_after_hours",
        "at least 1",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\ninterval_secs = 0\n",
        "sources[0].interval_secs",
        "at least 1",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\ninterval_secs = 99999999999\n",
        "sources[0].interval_secs",
        "at most",
    );
}

#[test]
fn cross_checks_between_keys() {
    check_one_error(
        "[fetch]\ntimeout_secs = 5\nconnect_timeout_secs = 10\n",
        "fetch.connect_timeout_secs",
        "must not exceed fetch.timeout_secs (5)",
    );
    check_one_error(
        "[feeds]\nmin_interval_secs = 600\nmax_interval_secs = 60\ninterval_secs = 100\n",
        "feeds.min_interval_secs",
        "exceeds feeds.max_interval_secs",
    );
    check_one_error(
        "[feeds]\ninterval_secs = 100\n",
        "feeds.interval_secs",
        "outside",
    );
}

#[test]
fn store_urls() {
    for url in [
        "sqlite://data/wiredesk.db",
        "sqlite::memory:",
        "sqlite:wiredesk.db?mode=rwc",
        "postgresql:///desk",
    ] {
        assert_eq!(
            parse_ok(&format!("[store]\nurl = \"{url}\"\n"))
                .store
                .url
                .as_deref(),
            Some(url)
        );
    }
    check_one_error(
        "[store]\nurl = \"mysql://root:hunter2@db/desk\"\n",
        "store.url",
        "unsupported store url scheme \"mysql\"",
    );
    let errors = parse_err("[store]\nurl = \"mysql://root:hunter2@db/desk\"\n");
    assert!(
        !errors.to_string().contains("hunter2"),
        "password leaked: {errors}"
    );
    check_one_error("[store]\nurl = \"\"\n", "store.url", "must not be empty");
    check_one_error(
        "[store]\nurl = \"wiredesk.db\"\n",
        "store.url",
        "not a database url",
    );
    check_one_error(
        "[store]\nurl = \"sqlite://\"\n",
        "store.url",
        "names no file",
    );
}

#[test]
fn base_urls_and_templates() {
    check_one_error(
        "[telegram]\nbase_url = \"ftp://t.me\"\n",
        "telegram.base_url",
        "http or https",
    );
    check_one_error(
        "[telegram]\nbase_url = \"t.me\"\n",
        "telegram.base_url",
        "invalid url",
    );
    check_one_error(
        "[telegram]\nbase_url = \"https://t.me/?x=1\"\n",
        "telegram.base_url",
        "query",
    );
    check_one_error(
        "[wikipedia]\nbase_url_template = \"https://en.wikipedia.org\"\n",
        "wikipedia.base_url_template",
        "does not contain {lang}",
    );
    check_one_error(
        "[wikipedia]\nbase_url_template = \"{lang}.wikipedia.org\"\n",
        "wikipedia.base_url_template",
        "invalid url",
    );
    check_one_error(
        "[wikipedia]\nlanguages = [\"EN\"]\n",
        "wikipedia.languages[0]",
        "did you mean \"en\"?",
    );
    check_one_error(
        "[wikipedia]\nlanguages = [\"en\", \"en\"]\n",
        "wikipedia.languages[1]",
        "listed twice",
    );
    assert!(
        parse_ok("[wikipedia]\nlanguages = []\n")
            .wikipedia
            .languages
            .is_empty()
    );
}

#[test]
fn source_errors() {
    check_one_error(
        "[[sources]]\nchannel = \"durov\"\n",
        "sources[0].kind",
        "add kind = \"telegram\"",
    );
    check_one_error(
        "[[sources]]\nkind = \"rss\"\nurl = \"https://a.example/\"\n",
        "sources[0].kind",
        "did you mean \"feed\"?",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegran\"\nchannel = \"durov\"\n",
        "sources[0].kind",
        "did you mean \"telegram\"?",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\n",
        "sources[0].channel",
        "missing key",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\n",
        "sources[0].url",
        "missing key",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\nurl = \"ftp://a.example/rss\"\n",
        "sources[0].url",
        "http or https",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\nurl = \"a.example/rss\"\n",
        "sources[0].url",
        "not an absolute url",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\nurl = \"feed://a.example/rss\"\n",
        "sources[0].url",
        "feed: scheme",
    );
    check_one_error(
        "[[sources]]\nkind = \"feed\"\nurl = \"https://t.me/s/durov\"\n",
        "sources[0].url",
        "kind = \"telegram\", channel = \"durov\"",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\ntrust = \"leads_only\"\n",
        "sources[0].trust",
        "did you mean \"leads-only\"?",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\ntrust = \"gospel\"\n",
        "sources[0].trust",
        "unknown trust \"gospel\"",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\nname = \" \"\n",
        "sources[0].name",
        "must not be empty",
    );
}

#[test]
fn duplicate_sources_are_reported_at_the_second() {
    let errors = parse_err(
        r#"
[[sources]]
kind = "telegram"
channel = "FrontDigest"

[[sources]]
kind = "feed"
url = "https://a.example/rss"

[[sources]]
kind = "telegram"
channel = "https://t.me/s/frontdigest"

[[sources]]
kind = "feed"
url = "https://A.example/rss"
"#,
    );
    check_error(&errors, "sources[2].channel", "is already sources[0]");
    check_error(&errors, "sources[3].url", "is already sources[1]");
    assert_eq!(errors.0.len(), 2, "{errors}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let errors = parse_err(
        r#"
colour = "blue"

[store]
url = "redis://cache"

[fetch]
timeout_secs = 0
user_agent = ""

[wikipedia]
base_url_template = "https://wikipedia.org"

[[sources]]
kind = "telegram"
channel = "ab"

[[sources]]
kind = "feed"
url = "not a url"
trust = "high"

[[sources]]
kind = "telegram"
channel = "valid_name"
"#,
    );
    let keys: Vec<&str> = errors.0.iter().map(|error| error.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "colour",
            "store.url",
            "fetch.user_agent",
            "fetch.timeout_secs",
            "wikipedia.base_url_template",
            "sources[0].channel",
            "sources[1].url",
            "sources[1].trust",
        ]
    );
    // One line per problem, each starting with its key.
    let display = errors.to_string();
    assert_eq!(display.lines().count(), keys.len());
    for (line, key) in display.lines().zip(&keys) {
        assert!(line.starts_with(&format!("{key}: ")), "{line:?}");
    }
}

#[test]
fn channel_normalization() {
    #[track_caller]
    fn check(input: &str, expected: Result<&str, &str>) {
        let actual = normalize_telegram_channel(input).map_err(|error| error.to_string());
        match (&actual, expected) {
            (Ok(name), Ok(expected)) => assert_eq!(name, expected, "input {input:?}"),
            (Err(message), Err(needle)) => {
                assert!(message.contains(needle), "input {input:?}: {message}")
            }
            _ => panic!("input {input:?}: got {actual:?}, expected {expected:?}"),
        }
    }
    check("osintbrief", Ok("osintbrief"));
    check(" @OSINTbrief ", Ok("OSINTbrief"));
    check("https://t.me/s/osintbrief", Ok("osintbrief"));
    check("https://t.me/osintbrief", Ok("osintbrief"));
    check("http://t.me/s/osintbrief/", Ok("osintbrief"));
    check("t.me/osintbrief", Ok("osintbrief"));
    check("https://telegram.me/osintbrief", Ok("osintbrief"));
    check("HTTPS://T.ME/s/osintbrief?before=120#x", Ok("osintbrief"));
    check("https://t.me/osintbrief/4821", Ok("osintbrief"));
    check("regionadmin_official", Ok("regionadmin_official"));
    check("abcd", Ok("abcd"));
    check(&"a".repeat(32), Ok(&"a".repeat(32)));

    check("", Err("empty"));
    check("@", Err("empty"));
    check("abc", Err("has 3 characters"));
    check(&"a".repeat(33), Err("has 33 characters"));
    check("1channel", Err("must start with a letter"));
    check("_channel", Err("must start with a letter"));
    check("front-digest", Err("contains '-'"));
    check("канал_новостей", Err("contains 'к'"));
    check("https://t.me/+AbCdEf123", Err("private link"));
    check("https://t.me/joinchat/AbCdEf123", Err("private link"));
    check("https://t.me/c/1234567/89", Err("private link"));
    check("https://t.me/", Err("not a link to a telegram channel"));
    check(
        "https://t.me/s/osintbrief/extra/path",
        Err("not a link to a telegram channel"),
    );
    check("https://example.org/osintbrief", Err("contains ':'"));
}

#[test]
fn channel_errors_carry_the_source_key() {
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"t.me/joinchat/xyz\"\n",
        "sources[0].channel",
        "private link",
    );
    check_one_error(
        "[[sources]]\nkind = \"telegram\"\nchannel = \"abc\"\n",
        "sources[0].channel",
        "4 to 32",
    );
}

#[test]
fn scenario_sources_parse_through_the_same_path() {
    let scenarios = wiredesk_test_support::shared_dir().join("scenarios");
    let Ok(entries) = std::fs::read_dir(&scenarios) else {
        panic!("cannot read {}", scenarios.display())
    };
    let mut n_scenarios = 0;
    for entry in entries.flatten() {
        let path = entry.path().join("scenario.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let table: toml::Table = match text.parse() {
            Ok(table) => table,
            Err(error) => panic!("{}: {error}", path.display()),
        };
        let Some(value) = table.get("sources") else {
            panic!("{} has no sources", path.display())
        };
        let specs = match sources_from_toml(value) {
            Ok(specs) => specs,
            Err(errors) => panic!("{}:\n{errors}", path.display()),
        };
        let Some(toml::Value::Array(items)) = table.get("sources") else {
            unreachable!()
        };
        assert_eq!(specs.len(), items.len(), "{}", path.display());
        for spec in &specs {
            match &spec.kind {
                SourceKind::Telegram { channel } => assert_eq!(*channel, spec.kind.key()),
                SourceKind::Feed { url } => assert!(url.starts_with("https://")),
            }
        }
        n_scenarios += 1;
    }
    assert!(
        n_scenarios >= 2,
        "found {n_scenarios} scenarios under {}",
        scenarios.display()
    );
}

#[test]
fn istanbul_scenario_sources() {
    let path =
        wiredesk_test_support::shared_dir().join("scenarios/istanbul-shipping-talks/scenario.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        panic!("cannot read {}", path.display())
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        panic!("bad toml in {}", path.display())
    };
    let Some(value) = table.get("sources") else {
        panic!("no sources")
    };
    let specs = sources_from_toml(value).unwrap_or_default();
    let expected_afp = SourceSpec {
        kind: SourceKind::Feed {
            url: "https://afp-wire.example/world.xml".to_owned(),
        },
        name: Some("AFP".to_owned()),
        interval_secs: None,
        trust: Trust::Normal,
    };
    assert_eq!(
        specs,
        [
            telegram("osintbrief"),
            telegram("wartracker"),
            telegram("frontdigest"),
            expected_afp
        ]
    );
}

#[test]
fn sources_from_toml_reports_keys() {
    let value: toml::Value =
        match "sources = [{ kind = \"telegram\", channel = \"x\" }]".parse::<toml::Table>() {
            Ok(mut table) => table
                .remove("sources")
                .unwrap_or(toml::Value::Boolean(false)),
            Err(error) => panic!("{error}"),
        };
    let Err(errors) = sources_from_toml(&value) else {
        panic!("expected an error")
    };
    check_error(&errors, "sources[0].channel", "has 1 characters");
}

#[test]
fn suggestions() {
    assert_eq!(
        suggest("timout_secs", &["timeout_secs", "user_agent"]),
        Some("timeout_secs")
    );
    assert_eq!(
        suggest("USER-AGENT", &["timeout_secs", "user_agent"]),
        Some("user_agent")
    );
    assert_eq!(
        suggest("interval", &["interval_secs", "name"]),
        Some("interval_secs")
    );
    assert_eq!(suggest("zzz", &["interval_secs", "name"]), None);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
}

#[test]
fn briefs_and_server_sections() {
    let config = Config::from_toml_str("[briefs]\nmin_posts = 3\n[server]\naddress = \"127.0.0.1:9090\"\nwrite_token = \"0123456789abcdef0123\"\n").unwrap();
    assert_eq!(config.briefs.min_posts, 3);
    assert_eq!(config.server.address, "127.0.0.1:9090");
    assert_eq!(
        config.server.write_token.as_deref(),
        Some("0123456789abcdef0123")
    );
    let errors = Config::from_toml_str(
        "[briefs]\nmin_posts = 0\n[server]\naddress = \"nowhere\"\nwrite_token = \"short\"\n",
    )
    .unwrap_err();
    for key in ["briefs.min_posts", "server.address", "server.write_token"] {
        assert!(errors.get(key).is_some(), "{key} not reported: {errors}");
    }
}

/// Issue 10: the background lookups' budget, concurrency and retry time are read, checked, and
/// default to what a config without them meant.
#[test]
fn wikipedia_lookup_limits_are_read_and_checked() {
    let defaults = Config::default().wikipedia;
    assert_eq!(
        (
            defaults.lookups_per_pass,
            defaults.concurrency,
            defaults.retry_after_minutes
        ),
        (100, 4, 30)
    );
    let config =
        parse_ok("[wikipedia]\nlookups_per_pass = 0\nconcurrency = 8\nretry_after_minutes = 120\n");
    assert_eq!(config.wikipedia.lookups_per_pass, 0);
    assert_eq!(config.wikipedia.concurrency, 8);
    assert_eq!(config.wikipedia.retry_after_minutes, 120);
    check_one_error(
        "[wikipedia]\nconcurrency = 0\n",
        "wikipedia.concurrency",
        "at least 1",
    );
    check_one_error(
        "[wikipedia]\nretry_after_minutes = 0\n",
        "wikipedia.retry_after_minutes",
        "at least 1",
    );
    check_one_error(
        "[wikipedia]\nlookups_per_pass = -3\n",
        "wikipedia.lookups_per_pass",
        "not be negative",
    );
}

#[test]
fn analysis_section_is_off_by_default_and_checked() {
    assert!(!Config::default().analysis.enabled);
    let config = parse_ok(
        "[analysis]\nenabled = true\nbase_url = \"http://127.0.0.1:8088/\"\nmodel = \"qwen\"\napi_key_env = \"LLM_KEY\"\ntimeout_secs = 5\nconcurrency = 3\ndaily_budget = 10\nseed = 42\nmax_tokens = 800\n",
    );
    assert!(config.analysis.enabled);
    assert_eq!(
        config.analysis.endpoint(),
        "http://127.0.0.1:8088/v1/chat/completions"
    );
    assert_eq!(
        (
            config.analysis.model.as_str(),
            config.analysis.api_key_env.as_deref(),
            config.analysis.timeout_secs,
            config.analysis.concurrency,
            config.analysis.daily_budget,
            config.analysis.seed,
            config.analysis.max_tokens
        ),
        ("qwen", Some("LLM_KEY"), 5, 3, 10, 42, 800)
    );
    check_one_error(
        "[analysis]\nbase_url = \"ftp://example.org\"\n",
        "analysis.base_url",
        "http",
    );
    check_one_error(
        "[analysis]\nconcurency = 2\n",
        "analysis.concurency",
        "concurrency",
    );
    check_one_error(
        "[analysis]\ntimeout_secs = 0\n",
        "analysis.timeout_secs",
        "",
    );
}

/// Issue 12: `[run] role` says what one `wiredesk run` process does; `all` by default.
#[test]
fn run_role_is_read_and_checked() {
    assert_eq!(parse_ok("").run.role, Role::All);
    assert_eq!(parse_ok("[run]\nrole = \"fetch\"\n").run.role, Role::Fetch);
    assert_eq!(parse_ok("[run]\nrole = \"desk\"\n").run.role, Role::Desk);
    check_one_error(
        "[run]\nrole = \"worker\"\n",
        "run.role",
        "unknown role \"worker\"",
    );
    check_one_error("[run]\nrole = 3\n", "run.role", "a string");
    assert!(Role::Fetch.fetches() && !Role::Fetch.builds_stories());
    assert!(!Role::Desk.fetches() && Role::Desk.builds_stories());
    assert!(Role::All.fetches() && Role::All.builds_stories());

    // How the work is shared: the worker's name, the lease, sources at once.
    let run = parse_ok("").run;
    assert_eq!(
        (&run.worker, run.lease_secs, run.sources_in_flight),
        (&None, 120, 4)
    );
    assert!(
        run.worker_name()
            .ends_with(&format!("-{}", std::process::id()))
    );
    let run =
        parse_ok("[run]\nworker = \"fetch-a\"\nlease_secs = 20\nsources_in_flight = 16\n").run;
    assert_eq!(run.worker_name(), "fetch-a");
    assert_eq!((run.lease_secs, run.sources_in_flight), (20, 16));
    check_one_error("[run]\nlease_secs = 0\n", "run.lease_secs", "");
    check_one_error("[run]\nleases = 3\n", "run.leases", "");
}
