//! The `ledger` gate: a sentence that gives one side's value of a disputed slot (a value fewer
//! than two origins give, or one somebody denies) must say whose it is: name an origin that
//! gives it, or put it in a named party's mouth. "The attack killed three people" where one origin says 3 and another at least 8 is an
//! account, not a fact; "three people, the Regional Administration says" is the desk's
//! reporting. Values nobody disputes may be stated plainly (the brief's ledger says how many
//! origins give them).
//!
//! Decision: values are found as the ledger compares them (a count by its number, "three" or
//! "3"; other values by their words), and a value's origins are matched as the checker matches
//! names (`same_name`: containment or an acronym), so the gate reads the sentence the way the
//! ledger reads posts.

use wiredesk_analysis::ledger::{contains_words, number_of, same_value};
use wiredesk_analysis::origins::same_name;
use wiredesk_model::{SlotStatus, SlotValue, Story};

use super::attribution::{Party, parties};
use crate::check::name_runs;

/// Why `text` states an unconfirmed value as fact, if it does.
pub(super) fn unattributed_value(text: &str, story: &Story) -> Option<String> {
    let runs = name_runs(text);
    // A view put in a named party's mouth is attributed; the `attribution` gate has already
    // held that party to the cited evidence.
    let attributed = parties(text)
        .iter()
        .any(|party| matches!(party, Party::Named { .. }));
    if attributed {
        return None;
    }
    for slot in &story.slots {
        if slot.status != SlotStatus::Disputed {
            continue;
        }
        // A value two origins give and nobody denies is not what is in dispute.
        let unconfirmed = |value: &&SlotValue| {
            !value.denied
                && (value.origins.len() < 2
                    || slot
                        .values
                        .iter()
                        .any(|other| other.denied && same_value(&other.value, &value.value)))
        };
        for value in slot.values.iter().filter(unconfirmed) {
            if mentions(text, &value.value) && !names_an_origin(text, &runs, value) {
                return Some(format!(
                    "gives the disputed {} {:?} without naming who gives it",
                    slot.name, value.value
                ));
            }
        }
    }
    None
}

/// Whether `text` states `value`: a count by its number in digits or words, else its words.
fn mentions(text: &str, value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    match number_of(value) {
        Some(number) => {
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|word| !word.is_empty())
                .collect();
            (0..words.len()).any(|start| {
                (1..=3.min(words.len() - start))
                    .any(|len| number_of(&words[start..start + len].join(" ")) == Some(number))
            })
        }
        None => contains_words(text, value),
    }
}

fn names_an_origin(text: &str, runs: &[String], value: &SlotValue) -> bool {
    value
        .origins
        .iter()
        .any(|origin| contains_words(text, origin) || runs.iter().any(|run| same_name(run, origin)))
}
