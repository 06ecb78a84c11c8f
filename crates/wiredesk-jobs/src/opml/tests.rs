//! Tests for OPML import (real-world shapes: nesting, odd case, entities, bare `&`) and for the
//! export→import round trip.

use wiredesk_model::{SourceKind, SourceSpec, Trust};

use super::*;

fn feed(url: &str, name: Option<&str>) -> SourceSpec {
    SourceSpec {
        kind: SourceKind::Feed {
            url: url.to_owned(),
        },
        name: name.map(str::to_owned),
        interval_secs: None,
        trust: Trust::Normal,
    }
}

fn telegram(channel: &str, name: Option<&str>) -> SourceSpec {
    SourceSpec {
        kind: SourceKind::Telegram {
            channel: channel.to_owned(),
        },
        name: name.map(str::to_owned),
        interval_secs: None,
        trust: Trust::Normal,
    }
}

#[track_caller]
fn import_ok(text: &str) -> OpmlImport {
    match import_opml(text) {
        Ok(import) => import,
        Err(error) => panic!("import failed: {error}"),
    }
}

/// Written like exports from Feedly, Inoreader and NetNewsWire: no version on one, categories two
/// deep, attribute names in odd case, HTML entities, a bare `&` in a query string.
const REALISTIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a feed reader -->
<opml>
  <head>
    <title>My subscriptions &amp; channels</title>
    <dateCreated>Mon, 01 Jun 2026 10:00:00 GMT</dateCreated>
  </head>
  <body>
    <outline text="News" title="News">
      <outline text="World" title="World">
        <outline type="rss" text="AFP &ndash; World" title="AFP &ndash; World" xmlUrl="https://afp-wire.example/world.xml" htmlUrl="https://afp-wire.example/"/>
        <outline type="rss" text="Caf&eacute; Politique" xmlurl="https://cafe.example/feed?lang=fr&format=rss" />
      </outline>
      <outline text="Agence &laquo;Sud&raquo;" XMLURL="http://sud.example/rss.xml"></outline>
    </outline>
    <outline text="Telegram">
      <outline type="rss" text="OSINT Brief" title="OSINT Brief" xmlUrl="https://t.me/s/osintbrief" htmlUrl="https://t.me/osintbrief"/>
      <outline text="Front Digest" htmlUrl="https://t.me/frontdigest"/>
      <outline type="rss" text="Bridge for wartracker" xmlUrl="https://bridge.example/telegram/wartracker" htmlUrl="https://t.me/s/wartracker"/>
      <outline text="Private chat" htmlUrl="https://t.me/joinchat/AbCdEf"/>
    </outline>
    <outline type="link" text="A web page" url="https://blog.example/about"/>
    <outline text="Empty folder"/>
    <outline type="rss" text="AFP again" xmlUrl="https://afp-wire.example/world.xml"/>
    <outline type="rss" text="FTP feed" xmlUrl="ftp://old.example/feed.xml"/>
    <outline type="rss" title="" text="" xmlUrl="https://untitled.example/atom"/>
  </body>
</opml>
"#;

#[test]
fn realistic_import_flattens_and_reports_what_it_skipped() {
    let import = import_ok(REALISTIC);
    assert_eq!(
        import.sources,
        [
            feed("https://afp-wire.example/world.xml", Some("AFP – World")),
            feed(
                "https://cafe.example/feed?lang=fr&format=rss",
                Some("Café Politique")
            ),
            feed("http://sud.example/rss.xml", Some("Agence «Sud»")),
            telegram("osintbrief", Some("OSINT Brief")),
            telegram("frontdigest", Some("Front Digest")),
            telegram("wartracker", Some("Bridge for wartracker")),
            feed("https://untitled.example/atom", None),
        ]
    );
    assert_eq!(
        import.skipped,
        [
            "\"Private chat\" (https://t.me/joinchat/AbCdEf): \"https://t.me/joinchat/AbCdEf\" is a private link; \
             only public channels with a username can be read",
            "\"A web page\" (https://blog.example/about): a link, not a feed (no xmlUrl)",
            "\"Empty folder\": no xmlUrl",
            "\"AFP again\" (https://afp-wire.example/world.xml): duplicate feed \"https://afp-wire.example/world.xml\"",
            "\"FTP feed\" (ftp://old.example/feed.xml): feed urls must use http or https, found scheme \"ftp\"",
        ]
    );
}

#[test]
fn categories_with_children_are_not_reported() {
    let import = import_ok(
        r#"<opml version="1.0"><body><outline text="Folder"><outline text="Inner"><outline xmlUrl="https://a.example/rss" text="A"/></outline></outline></body></opml>"#,
    );
    assert_eq!(import.sources, [feed("https://a.example/rss", Some("A"))]);
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
}

#[test]
fn odd_but_readable_documents() {
    // Byte-order mark, no XML declaration, mismatched end tag, `url` instead of `xmlUrl` on an
    // RSS outline, unquoted attribute, numeric references, whitespace in the name.
    let import = import_ok(
        "\u{feff}<opml><body><outline type=RSS text=\"  Line&#10;  one &#x2014; two \" url=\"https://b.example/feed\"/></outline></bodyy></opml>",
    );
    assert_eq!(
        import.sources,
        [feed("https://b.example/feed", Some("Line one — two"))]
    );
}

#[test]
fn a_name_that_repeats_the_link_is_no_name() {
    let import = import_ok(
        r#"<opml><body>
        <outline text="@osintbrief" xmlUrl="https://t.me/s/osintbrief"/>
        <outline text="https://a.example/rss" xmlUrl="https://a.example/rss"/>
        </body></opml>"#,
    );
    assert_eq!(
        import.sources,
        [
            telegram("osintbrief", None),
            feed("https://a.example/rss", None)
        ]
    );
}

#[test]
fn not_opml() {
    assert_eq!(
        import_opml("<rss version=\"2.0\"><channel/></rss>"),
        Err(OpmlError::NotOpml {
            root: "rss".to_owned()
        })
    );
    assert_eq!(import_opml("just text"), Err(OpmlError::Empty));
    assert_eq!(import_opml(""), Err(OpmlError::Empty));
    assert!(matches!(
        import_opml("<opml><body><!-- never closed"),
        Err(OpmlError::Xml { .. })
    ));
}

#[test]
fn empty_opml_is_fine() {
    assert_eq!(
        import_ok("<opml version=\"2.0\"><head/><body/></opml>"),
        OpmlImport::default()
    );
}

#[test]
fn lenient_unescape() {
    assert_eq!(unescape_lenient("a &amp; b"), "a & b");
    assert_eq!(unescape_lenient("?a=1&b=2&amp;c=3"), "?a=1&b=2&c=3");
    assert_eq!(
        unescape_lenient("&#65;&#x42;&nbsp;&unknown; &"),
        "AB\u{a0}&unknown; &"
    );
    assert_eq!(unescape_lenient("&#0;&#xD800;"), "&#0;&#xD800;");
}

#[test]
fn export_shape() {
    let sources = [
        telegram("osintbrief", Some("OSINT \"Brief\" & <Co>")),
        feed("https://a.example/rss?x=1&y=2", None),
    ];
    let text = export_opml(&sources, "Desk & sources");
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:wiredesk="urn:wiredesk:opml">
  <head>
    <title>Desk &amp; sources</title>
  </head>
  <body>
    <outline type="rss" text="OSINT &quot;Brief&quot; &amp; &lt;Co&gt;" title="OSINT &quot;Brief&quot; &amp; &lt;Co&gt;" xmlUrl="https://t.me/s/osintbrief" htmlUrl="https://t.me/osintbrief"/>
    <outline type="rss" text="https://a.example/rss?x=1&amp;y=2" title="https://a.example/rss?x=1&amp;y=2" xmlUrl="https://a.example/rss?x=1&amp;y=2"/>
  </body>
</opml>
"#;
    assert_eq!(text, expected);
}

#[test]
fn export_import_round_trip() {
    let sources = vec![
        telegram("osintbrief", Some("OSINT Brief")),
        telegram("FrontDigest", None),
        SourceSpec {
            kind: SourceKind::Telegram {
                channel: "regionadmin_official".to_owned(),
            },
            name: Some("Regional Administration".to_owned()),
            interval_secs: Some(120),
            trust: Trust::Primary,
        },
        SourceSpec {
            kind: SourceKind::Feed {
                url: "https://afp-wire.example/world.xml?a=1&b=%20x".to_owned(),
            },
            name: Some("AFP — «World» & 'Europe' <tab>\there".to_owned()),
            interval_secs: None,
            trust: Trust::LeadsOnly,
        },
        feed("https://state-tv.example/feed.atom", Some("État TV")),
        SourceSpec {
            trust: Trust::StateAffiliated,
            ..feed("https://news.example/rss", None)
        },
    ];
    let text = export_opml(&sources, "round trip");
    let import = import_ok(&text);
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
    // Tabs in names are whitespace and collapse on import; everything else comes back as written.
    let mut expected = sources.clone();
    expected[3].name = Some("AFP — «World» & 'Europe' <tab> here".to_owned());
    assert_eq!(import.sources, expected);

    // The exported document is well-formed for a strict reader too.
    let mut reader = Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("strict reader failed: {error}"),
        }
    }
}

#[test]
fn export_drops_characters_xml_cannot_carry() {
    let text = export_opml(
        &[feed("https://a.example/rss", Some("bell\u{7}ring\u{ffff}"))],
        "t\u{0}itle",
    );
    assert!(text.contains("text=\"bellring\""), "{text}");
    assert!(text.contains("<title>title</title>"), "{text}");
}
