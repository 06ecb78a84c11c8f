//! Tests for the origin graph: well-formed, names every origin, laid out by time.

use chrono::Duration;

use crate::origin_graph_svg;
use crate::testdata::{parse_xml, story};

#[test]
fn well_formed_and_names_every_origin() {
    let story = story();
    let svg = origin_graph_svg(&story);
    let doc = match parse_xml(&svg) {
        Ok(doc) => doc,
        Err(error) => panic!("svg is not well-formed: {error}\n{svg}"),
    };
    for origin in &story.origins {
        assert!(
            doc.texts.iter().any(|t| t.contains(&origin.name)),
            "{} missing from {:?}",
            origin.name,
            doc.texts
        );
    }
    // A long name is cut in the box; its tooltip keeps it whole.
    assert!(doc.texts.iter().any(|t| t == "Ministry <Spokesman> & …"));
    // The hostile name is escaped, never raw markup.
    assert!(svg.contains("Ministry &lt;Spokesman&gt; &amp; Co"));
    assert!(!svg.contains("<Spokesman>"));
    // Relay kinds and UTC times are labels.
    for label in [
        "citation",
        "forward",
        "primary",
        "2024-05-01 09:05 UTC",
        "@wartracker",
        "wire.example",
    ] {
        assert!(
            doc.texts.iter().any(|t| t == label),
            "label {label} missing"
        );
    }
    assert!(
        doc.texts
            .iter()
            .any(|t| t == "✓ verified 2024-05-01 10:02 UTC")
    );
    assert!(doc.texts.iter().any(|t| t == "not verified: relays only"));
    // Fixed font sizes only.
    let sizes = doc.attr_values("text", "font-size");
    assert!(!sizes.is_empty() && sizes.iter().all(|s| s.parse::<u32>().is_ok()));
}

/// Relay boxes run left to right in order of first sight, across origins.
#[test]
fn relays_left_to_right_by_time() {
    let svg = origin_graph_svg(&story());
    let doc = parse_xml(&svg).unwrap_or_default();
    let mut relay_x = Vec::new();
    let mut in_relay = false;
    for (name, attrs) in &doc.elements {
        if name == "g" {
            in_relay = attrs.iter().any(|(k, v)| k == "class" && v == "relay");
        } else if name == "rect" && in_relay {
            let x = attrs.iter().find(|(k, _)| k == "x").map(|(_, v)| v.clone());
            relay_x.push(x.and_then(|x| x.parse::<i64>().ok()).unwrap_or(-1));
        }
    }
    assert_eq!(relay_x.len(), 4);
    assert!(relay_x.windows(2).all(|w| w[0] < w[1]), "{relay_x:?}");
    // The times appear in the same order: 08:38 (AFP), 09:05 (AFP), 09:40 (Ministry), 10:02 (AFP).
    let times: Vec<&String> = doc
        .texts
        .iter()
        .filter(|t| t.starts_with("2024-05-01 ") && !t.contains("first"))
        .collect();
    let relay_times: Vec<&str> = times.iter().map(|t| &t[11..16]).collect();
    assert_eq!(relay_times, ["08:38", "09:05", "09:40", "10:02"]);
}

#[test]
fn width_grows_with_relays() {
    let width = |svg: &str| -> i64 {
        let doc = parse_xml(svg).unwrap_or_default();
        doc.attr_values("svg", "width")
            .first()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0)
    };
    let mut story = story();
    let four = width(&origin_graph_svg(&story));
    let mut extra = story.origins[1].relays[0].clone();
    for n in 0..5 {
        extra.post = format!("wartracker/{}", 20 + n);
        extra.first_seen += Duration::minutes(1);
        story.origins[1].relays.push(extra.clone());
    }
    let nine = width(&origin_graph_svg(&story));
    assert!(nine > four + 4 * 150, "{four} -> {nine}");
}

#[test]
fn empty_story_says_so() {
    let mut story = story();
    story.origins.clear();
    let svg = origin_graph_svg(&story);
    let doc = parse_xml(&svg).unwrap_or_default();
    assert!(doc.texts.iter().any(|t| t == "No origin traced yet."));
}

#[test]
fn control_characters_are_dropped() {
    let mut story = story();
    story.origins[0].name = "AF\u{1}P\u{0}".to_string();
    let svg = origin_graph_svg(&story);
    assert!(parse_xml(&svg).is_ok());
    assert!(svg.contains(">AFP<"));
}
