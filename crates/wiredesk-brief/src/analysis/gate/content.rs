//! The `content` gate: a sentence must say something of this story: name one of its entities or
//! origins (a demonym or an acronym meets its name, as in the checker), give one of its ledger's
//! values, or use one of its kind's event words. "This development bears close watching" passes
//! every other gate and tells the reader nothing; it is refused.
//!
//! Decision: the story's own reading decides what it is about (its entities, origins, slot
//! values and kind), not the cited text, whose every word a generic sentence could borrow.

use wiredesk_analysis::entities::gazetteer;
use wiredesk_analysis::frame::mentions_kind;
use wiredesk_analysis::ledger::contains_words;
use wiredesk_analysis::origins::same_name;
use wiredesk_model::Story;

use crate::check::name_runs;

/// Why `text` says nothing of `story`, if it does not.
pub(super) fn about_story(text: &str, story: &Story) -> Result<(), String> {
    let names: Vec<&str> = story
        .entities
        .iter()
        .chain(
            story
                .origins
                .iter()
                .flat_map(|origin| std::iter::once(&origin.name).chain(&origin.aliases)),
        )
        .map(String::as_str)
        .filter(|name| !name.trim().is_empty())
        .collect();
    if names.iter().any(|name| contains_words(text, name)) {
        return Ok(());
    }
    // "Ukrainian" for Ukraine, "UN" for the United Nations, "the Kremlin" for Russia's
    // presidency: a run of capitalised words that the gazetteer or the origin rule takes for
    // one of the story's names.
    let canonical = |name: &str| {
        gazetteer()
            .lookup(name)
            .map(|entry| entry.canonical.clone())
    };
    let story_canonical: Vec<String> = names.iter().filter_map(|name| canonical(name)).collect();
    for run in name_runs(text) {
        if names.iter().any(|name| same_name(&run, name))
            || canonical(&run).is_some_and(|found| story_canonical.contains(&found))
        {
            return Ok(());
        }
    }
    let values = story
        .slots
        .iter()
        .flat_map(|slot| &slot.values)
        .map(|value| value.value.trim())
        .filter(|value| !value.is_empty());
    for value in values {
        if contains_words(text, value) {
            return Ok(());
        }
    }
    if mentions_kind(&story.kind, text) {
        return Ok(());
    }
    Err(format!(
        "names none of the story's entities, origins or ledger values and no {} event",
        story.kind
    ))
}
