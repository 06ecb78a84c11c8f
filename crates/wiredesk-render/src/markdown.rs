//! The brief as Markdown, laid out like a published desk piece and readable in a terminal.
//!
//! Citations are plain `[n]` markers (not Markdown link syntax) so a terminal shows them as they
//! are; `## Provenance` lists `[n]` with the URL as an autolink. Text from posts keeps its words:
//! only what would change the layout is escaped (line breaks, a leading `#`, `|` in tables, `<`).

use std::fmt::Write;

use wiredesk_model::{Brief, Sentence, Story};

use crate::text::{Notes, one_line, short_hash, status_word, utc};

/// The brief of `story` as Markdown: headline, standfirst, sections, ledger, desk note,
/// provenance and revision log.
pub fn markdown(brief: &Brief, story: &Story) -> String {
    let notes = Notes::new(brief);
    let mut out = String::new();

    // The headline and standfirst sum up the body, whose sentences carry the citations; their
    // own citations stay in the brief's JSON.
    let _ = writeln!(out, "# {}", inline(&brief.headline.text).trim());
    out.push('\n');
    if !brief.standfirst.text.trim().is_empty() {
        let _ = writeln!(out, "*{}*", inline(&brief.standfirst.text).trim());
        out.push('\n');
    }
    let n_relays: usize = story.origins.iter().map(|origin| origin.relays.len()).sum();
    let _ = writeln!(
        out,
        "Story `{}` · {} · {} origin{} · {} relay{} · first seen {} · version {}, {}",
        story.id.replace('`', "'"),
        one_line(&story.kind),
        story.origins.len(),
        plural(story.origins.len()),
        n_relays,
        plural(n_relays),
        utc(story.first_seen),
        brief.version,
        utc(brief.generated_at),
    );

    let mut desk_note_section = None;
    let mut has_uncertain = false;
    for section in &brief.sections {
        let heading = section.heading.to_lowercase();
        if heading.contains("desk note") {
            desk_note_section = Some(section);
            continue;
        }
        has_uncertain |= heading.contains("uncertain");
        match &section.label {
            Some(label) => {
                let _ = writeln!(
                    out,
                    "\n## {} _({})_\n",
                    one_line(&section.heading),
                    one_line(label)
                );
            }
            None => {
                let _ = writeln!(out, "\n## {}\n", one_line(&section.heading));
            }
        }
        let _ = writeln!(out, "{}", paragraph(&notes, &section.sentences));
    }
    if let Some(withheld) = crate::text::analysis_withheld(brief) {
        let _ = writeln!(out, "\n_{}_", inline(&withheld));
    }
    if !has_uncertain && !brief.unknowns.is_empty() {
        out.push_str("\n## What remains uncertain\n\n");
        for unknown in &brief.unknowns {
            let _ = writeln!(out, "- {}", inline(unknown));
        }
    }

    if !brief.ledger.is_empty() {
        out.push_str("\n## Ledger\n\n");
        out.push_str("| Slot | Status | Values (who says) | Sources |\n");
        out.push_str("|------|--------|-------------------|---------|\n");
        for row in &brief.ledger {
            let values = if row.values.is_empty() {
                "—".to_string()
            } else {
                row.values
                    .iter()
                    .map(|v| cell(v))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let sources = markers(&notes, &row.evidence);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(row.shown_slot()),
                status_word(row.status),
                values,
                if sources.is_empty() {
                    "—"
                } else {
                    sources.trim()
                }
            );
        }
    }

    match desk_note_section {
        Some(section) => {
            let _ = writeln!(out, "\n## {}\n", one_line(&section.heading));
            let _ = writeln!(out, "{}", paragraph(&notes, &section.sentences));
        }
        None if !brief.desk_note.trim().is_empty() => {
            let _ = writeln!(out, "\n## Desk note\n\n{}", inline(&brief.desk_note));
        }
        None => {}
    }

    if !notes.notes.is_empty() {
        out.push_str("\n## Provenance\n\n");
        for note in &notes.notes {
            let _ = write!(out, "- [{}] <{}>", note.number, autolink(note.url));
            match note.item {
                Some(item) => {
                    let _ = write!(
                        out,
                        " · {} · first seen {}",
                        one_line(&item.kind),
                        utc(item.first_seen)
                    );
                    if let Some(hash) = &item.sha256 {
                        let _ = write!(out, " · sha256 `{}`", short_hash(hash));
                    }
                }
                None => out.push_str(" · cited, not in the provenance list"),
            }
            out.push('\n');
        }
    }

    if !brief.revisions.is_empty() {
        out.push_str("\n## Revisions\n\n");
        for revision in &brief.revisions {
            let _ = writeln!(
                out,
                "- v{} · {} · {}",
                revision.version,
                utc(revision.at),
                inline(&revision.summary)
            );
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// ` [1][3]` for the citations that have numbers.
fn markers(notes: &Notes<'_>, citations: &[String]) -> String {
    notes
        .numbers(citations)
        .iter()
        .fold(String::new(), |mut out, number| {
            if out.is_empty() {
                out.push(' ');
            }
            let _ = write!(out, "[{number}]");
            out
        })
}

fn sentence(notes: &Notes<'_>, sentence: &Sentence) -> String {
    format!(
        "{}{}",
        inline(&sentence.text).trim(),
        markers(notes, &sentence.citations)
    )
}

fn paragraph(notes: &Notes<'_>, sentences: &[Sentence]) -> String {
    let text = sentences
        .iter()
        .map(|s| sentence(notes, s))
        .collect::<Vec<_>>()
        .join(" ");
    block_start(&text)
}

/// One line of text that cannot open raw HTML in a Markdown renderer.
fn inline(text: &str) -> String {
    one_line(text).replace('<', "\\<")
}

/// Escapes what would turn the start of a paragraph into a heading, quote or list.
fn block_start(text: &str) -> String {
    if text.starts_with(['#', '>', '-', '+', '*', '=', '|']) {
        return format!("\\{text}");
    }
    if let Some(split) = text.find(['.', ')'])
        && split > 0
        && text[..split].bytes().all(|b| b.is_ascii_digit())
    {
        return format!("{}\\{}", &text[..split], &text[split..]);
    }
    text.to_string()
}

fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// A URL safe inside `<…>`.
fn autolink(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| if c == '<' || c == '>' { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests;
