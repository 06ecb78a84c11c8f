//! The origin graph as SVG, drawn from the story's origins and relays.
//!
//! One lane per origin: the origin's box on the left, its relays to the right, each relay in its
//! own column in order of first sight across the whole story, so reading left to right is reading
//! in time and the width grows with the number of relays. A trunk line runs from each origin
//! along the top of its lane with a drop to each relay, so edges never cross boxes. Every label is
//! escaped; font sizes are fixed numbers so the drawing looks the same in every viewer.

use std::fmt::Write;

use wiredesk_model::{Origin, Relay, Story};

use crate::text::{relay_kind_word, source_label, speaker_kind_word, truncate, utc, xml_escape};

const MARGIN: i64 = 16;
const HEADER: i64 = 22;
const ORIGIN_W: i64 = 200;
const NODE_H: i64 = 58;
const RELAY_W: i64 = 176;
const COLUMN_STEP: i64 = RELAY_W + 22;
const GUTTER: i64 = 36;
const TRUNK_DROP: i64 = 22;
const LANE_H: i64 = TRUNK_DROP + NODE_H + 20;
const AXIS_H: i64 = 34;

const FONT: &str = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\"";

/// The origin graph of `story` as a standalone SVG document (also valid inline in HTML).
pub fn origin_graph_svg(story: &Story) -> String {
    let mut relays: Vec<(usize, &Relay)> = story
        .origins
        .iter()
        .enumerate()
        .flat_map(|(origin_idx, origin)| origin.relays.iter().map(move |relay| (origin_idx, relay)))
        .collect();
    relays.sort_by(|a, b| (a.1.first_seen, a.0, &a.1.post).cmp(&(b.1.first_seen, b.0, &b.1.post)));

    let n_columns = relays.len() as i64;
    let first_column_x = MARGIN + ORIGIN_W + GUTTER;
    let width = (first_column_x + n_columns * COLUMN_STEP - (COLUMN_STEP - RELAY_W) + MARGIN)
        .max(MARGIN * 2 + ORIGIN_W + 220);
    let n_lanes = story.origins.len().max(1) as i64;
    let height = MARGIN + HEADER + n_lanes * LANE_H + AXIS_H;

    let mut svg = String::with_capacity(2048 + relays.len() * 900);
    let label = format!(
        "Origin graph: {} origin{}, {} relay{}",
        story.origins.len(),
        if story.origins.len() == 1 { "" } else { "s" },
        relays.len(),
        if relays.len() == 1 { "" } else { "s" },
    );
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"origin-graph\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{label}\">\
<title>{label}</title>\
<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>",
        label = xml_escape(&label),
    );
    let _ = write!(
        svg,
        "<text x=\"{MARGIN}\" y=\"{}\" {FONT} font-size=\"12\" fill=\"#555555\">Origins</text>",
        MARGIN + 12
    );
    if !relays.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"{first_column_x}\" y=\"{}\" {FONT} font-size=\"12\" fill=\"#555555\">Relays, in order of first sight</text>",
            MARGIN + 12
        );
    }

    if story.origins.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"{MARGIN}\" y=\"{}\" {FONT} font-size=\"13\" fill=\"#333333\">No origin traced yet.</text>",
            MARGIN + HEADER + 30
        );
    }

    for (origin_idx, origin) in story.origins.iter().enumerate() {
        let lane_top = MARGIN + HEADER + origin_idx as i64 * LANE_H;
        let columns: Vec<i64> = relays
            .iter()
            .enumerate()
            .filter(|(_, (idx, _))| *idx == origin_idx)
            .map(|(column, _)| column as i64)
            .collect();
        draw_trunk(&mut svg, lane_top, first_column_x, &columns);
        draw_origin(&mut svg, origin, lane_top);
    }
    for (column, (origin_idx, relay)) in relays.iter().enumerate() {
        let lane_top = MARGIN + HEADER + *origin_idx as i64 * LANE_H;
        let x = first_column_x + column as i64 * COLUMN_STEP;
        draw_relay(&mut svg, relay, x, lane_top + TRUNK_DROP);
    }

    let axis_y = MARGIN + HEADER + n_lanes * LANE_H + 8;
    let _ = write!(
        svg,
        "<line x1=\"{MARGIN}\" y1=\"{axis_y}\" x2=\"{x2}\" y2=\"{axis_y}\" stroke=\"#999999\" stroke-width=\"1\"/>\
<path d=\"M {x2} {axis_y} l -8 -4 v 8 z\" fill=\"#999999\"/>\
<text x=\"{MARGIN}\" y=\"{ty}\" {FONT} font-size=\"11\" fill=\"#555555\">time (UTC), left to right</text>",
        x2 = width - MARGIN,
        ty = axis_y + 16,
    );
    svg.push_str("</svg>");
    svg
}

/// The line from an origin's box along the top of its lane, with a drop to each relay column.
fn draw_trunk(svg: &mut String, lane_top: i64, first_column_x: i64, columns: &[i64]) {
    let Some(&last) = columns.last() else {
        return;
    };
    let trunk_y = lane_top + 8;
    let start_x = MARGIN + ORIGIN_W;
    let start_y = lane_top + TRUNK_DROP + NODE_H / 2;
    let end_x = first_column_x + last * COLUMN_STEP + RELAY_W / 2;
    let _ = write!(
        svg,
        "<path d=\"M {start_x} {start_y} H {elbow} V {trunk_y} H {end_x}\" fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1.5\"/>",
        elbow = start_x + GUTTER / 2,
    );
    for column in columns {
        let x = first_column_x + column * COLUMN_STEP + RELAY_W / 2;
        let _ = write!(
            svg,
            "<path d=\"M {x} {trunk_y} V {y}\" fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1.5\"/>\
<path d=\"M {x} {y} l -4 -7 h 8 z\" fill=\"#6b7280\"/>",
            y = lane_top + TRUNK_DROP,
        );
    }
}

fn draw_origin(svg: &mut String, origin: &Origin, lane_top: i64) {
    let y = lane_top + TRUNK_DROP;
    let (stroke, fill, dash, state) = if origin.verified {
        let when = origin
            .verified_at
            .map(|at| format!(" {}", utc(at)))
            .unwrap_or_default();
        ("#1a7f37", "#e8f5ec", "", format!("✓ verified{when}"))
    } else {
        (
            "#8a6d00",
            "#fffbea",
            " stroke-dasharray=\"5 3\"",
            "not verified: relays only".to_string(),
        )
    };
    let _ = write!(
        svg,
        "<g class=\"origin{}\"><title>{}</title>\
<rect x=\"{MARGIN}\" y=\"{y}\" width=\"{ORIGIN_W}\" height=\"{NODE_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{dash}/>",
        if origin.verified { " verified" } else { "" },
        xml_escape(&format!(
            "{} ({}), first seen {}",
            origin.name,
            speaker_kind_word(origin.kind),
            utc(origin.first_seen)
        )),
        sw = if origin.verified { 2.5 } else { 1.5 },
    );
    text_line(
        svg,
        MARGIN + 8,
        y + 17,
        13,
        "bold",
        "#111111",
        &truncate(&origin.name, 24),
    );
    text_line(
        svg,
        MARGIN + 8,
        y + 34,
        11,
        "normal",
        stroke,
        &truncate(&state, 34),
    );
    text_line(
        svg,
        MARGIN + 8,
        y + 50,
        11,
        "normal",
        "#444444",
        &format!("first seen {}", &utc(origin.first_seen)),
    );
    svg.push_str("</g>");
}

fn draw_relay(svg: &mut String, relay: &Relay, x: i64, y: i64) {
    let primary = matches!(relay.kind, wiredesk_model::RelayKind::Primary);
    let (fill, stroke) = if primary {
        ("#e8f5ec", "#1a7f37")
    } else {
        ("#f3f4f6", "#6b7280")
    };
    let mut kind = relay_kind_word(relay.kind).to_string();
    if let Some(similarity) = relay.similarity {
        let _ = write!(kind, " {:.0}%", f64::from(similarity) * 100.0);
    }
    if relay.before_origin {
        kind.push_str(" · before origin");
    }
    let source = source_label(&relay.source);
    let _ = write!(
        svg,
        "<g class=\"relay\"><title>{}</title>\
<rect x=\"{x}\" y=\"{y}\" width=\"{RELAY_W}\" height=\"{NODE_H}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"/>",
        xml_escape(&format!("{} — {} ({})", relay.post, source, kind)),
    );
    text_line(
        svg,
        x + 8,
        y + 17,
        12,
        "bold",
        "#111111",
        &truncate(&source, 24),
    );
    text_line(
        svg,
        x + 8,
        y + 34,
        11,
        "normal",
        "#333333",
        &truncate(&kind, 28),
    );
    text_line(
        svg,
        x + 8,
        y + 50,
        11,
        "normal",
        "#333333",
        &utc(relay.first_seen),
    );
    svg.push_str("</g>");
}

fn text_line(svg: &mut String, x: i64, y: i64, size: u32, weight: &str, fill: &str, text: &str) {
    let _ = write!(
        svg,
        "<text x=\"{x}\" y=\"{y}\" {FONT} font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\">{}</text>",
        xml_escape(text)
    );
}

#[cfg(test)]
mod tests;
