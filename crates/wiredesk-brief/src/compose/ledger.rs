//! Composing the brief: what is confirmed, reported and disputed, and the ledger rows.

use super::*;

impl<'a> Ctx<'a> {
    pub(super) fn render_value(&self, slot: &str, value: &str) -> String {
        if (slot == "date" || slot == "start")
            && let Ok(date) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        {
            return fmt_naive_date(date);
        }
        if crate::text::is_count_slot(slot) {
            return crate::text::count_value(value);
        }
        crate::text::generic_body(value).unwrap_or_else(|| with_article(value, false))
    }

    pub(super) fn ledger_sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for slot in &self.story.slots {
            let values: Vec<&SlotValue> = slot.values.iter().collect();
            if values.is_empty() || slot.status == SlotStatus::Unknown {
                continue;
            }
            // The generic frame's "what" and "who" are the lede's claim again, in pieces (and
            // the names in a title-case headline): the ledger table keeps them, the prose does
            // not repeat them.
            if self.story.kind == "other" && matches!(slot.name.as_str(), "what" | "who") {
                continue;
            }
            let citations = self.value_urls(&values);
            let affirmed: Vec<String> = values
                .iter()
                .filter(|value| !value.denied)
                .map(|value| self.render_value(&slot.name, &value.value))
                .collect();
            let (label, is_plural) = crate::text::slot_label_for(&slot.name, affirmed.len());
            let be = if is_plural { "are" } else { "is" };
            let origins: Vec<String> = unique_origins(&values);
            let labels: Vec<String> = origins.iter().map(|o| self.origin_label(o)).collect();
            match slot.status {
                SlotStatus::Confirmed => {
                    let by = if labels.len() == 2 {
                        format!("both {}", join_list(&labels))
                    } else {
                        join_named(&labels)
                    };
                    out.push(sentence(
                        format!(
                            "The {label}, {}, {be} confirmed by {by}.",
                            join_list(&affirmed)
                        ),
                        citations,
                    ));
                }
                SlotStatus::SingleOrigin => {
                    if affirmed.is_empty() {
                        continue;
                    }
                    out.push(sentence(
                        format!(
                            "The {label}, {}, {be} reported only by {}.",
                            join_list(&affirmed),
                            join_list(&labels)
                        ),
                        citations,
                    ));
                }
                SlotStatus::Disputed => {
                    out.extend(self.disputed_sentences(&slot.name, &values));
                }
                SlotStatus::Unknown => {}
            }
        }
        out
    }

    /// "The Regional Administration gives the death toll as 12; local media give it as 7. The
    /// death toll is disputed."
    pub(super) fn disputed_sentences(&self, slot: &str, values: &[&SlotValue]) -> Vec<Sentence> {
        let (label, is_plural) = slot_label(slot);
        let origins = unique_origins(values);
        let gives = |origin: &str, value: &SlotValue| {
            value
                .origins
                .iter()
                .any(|o| wiredesk_analysis::origins::same_name(o, origin))
        };
        let shared: Vec<&SlotValue> = values
            .iter()
            .copied()
            .filter(|value| !value.denied && origins.iter().all(|origin| gives(origin, value)))
            .collect();
        let mut clauses = Vec::new();
        if origins.len() > MAX_NAMED {
            // Too many origins for a clause each: one clause per value, naming a few of the
            // origins that give or deny it and counting the rest.
            clauses = self.disputed_by_value(slot, values);
        }
        for (idx, origin) in origins.iter().enumerate() {
            if origins.len() > MAX_NAMED {
                break;
            }
            let own: Vec<String> = values
                .iter()
                .filter(|value| !value.denied && gives(origin, value))
                .filter(|value| !shared.iter().any(|s| same_value(&s.value, &value.value)))
                .map(|value| self.render_value(slot, &value.value))
                .collect();
            let denied: Vec<String> = values
                .iter()
                .filter(|value| value.denied && gives(origin, value))
                .map(|value| self.render_value(slot, &value.value))
                .collect();
            if own.is_empty() && denied.is_empty() {
                continue;
            }
            let plural_name = self.origin_is_plural(origin);
            let name = self.origin_label(origin);
            let name = if clauses.is_empty() {
                capitalize_first(&name)
            } else {
                name
            };
            let verb = if plural_name { "give" } else { "gives" };
            let deny = if plural_name { "deny" } else { "denies" };
            let first_mention = idx == 0 || clauses.is_empty();
            let object = if first_mention {
                format!("the {label}")
            } else if is_plural {
                "them".to_string()
            } else {
                "it".to_string()
            };
            // The subject of a denied "that" clause: "that the terms were…", "that they were…".
            let subject = if first_mention {
                format!("the {label}")
            } else if is_plural {
                "they".to_string()
            } else {
                "it".to_string()
            };
            let was = if is_plural { "were" } else { "was" };
            let clause = match (own.is_empty(), denied.is_empty()) {
                (false, true) => format!("{name} {verb} {object} as {}", join_list(&own)),
                (false, false) => format!(
                    "{name} {verb} {object} as {}, not {}",
                    join_list(&own),
                    join_or(&denied)
                ),
                (true, false) => format!("{name} {deny} that {subject} {was} {}", join_or(&denied)),
                (true, true) => continue,
            };
            clauses.push(clause);
        }
        let citations = self.value_urls(values);
        let mut out = Vec::new();
        if !clauses.is_empty() {
            let mut text = format!("{}.", clauses.join("; "));
            if !shared.is_empty() && origins.len() <= MAX_NAMED {
                let shared_names: Vec<String> = shared
                    .iter()
                    .map(|value| self.render_value(slot, &value.value))
                    .collect();
                text.push_str(&format!(
                    " Both accounts also mention {}.",
                    join_list(&shared_names)
                ));
            }
            out.push(sentence(text, citations.clone()));
        }
        let be = if is_plural { "are" } else { "is" };
        out.push(sentence(format!("The {label} {be} disputed."), citations));
        out
    }

    /// "Harbour Watch, Port Radio and two others give the death toll as 12; Coast Daily denies
    /// that it was 12": the values given by the most origins first; past a few, the rest are
    /// counted.
    fn disputed_by_value(&self, slot: &str, values: &[&SlotValue]) -> Vec<String> {
        let (label, is_plural) = slot_label(slot);
        let mut ranked: Vec<&SlotValue> = values.to_vec();
        ranked.sort_by_key(|value| std::cmp::Reverse(value.origins.len()));
        let named = n_named(ranked.len());
        let mut clauses = Vec::new();
        for value in &ranked[..named] {
            let labels: Vec<String> = value
                .origins
                .iter()
                .map(|origin| self.origin_label(origin))
                .collect();
            let plural_subject = labels.len() > 1
                || value
                    .origins
                    .first()
                    .is_some_and(|o| self.origin_is_plural(o));
            let names = join_named(&labels);
            let names = if clauses.is_empty() {
                capitalize_first(&names)
            } else {
                names
            };
            let rendered = self.render_value(slot, &value.value);
            let (object, subject) = if clauses.is_empty() {
                (format!("the {label}"), format!("the {label}"))
            } else if is_plural {
                ("them".to_string(), "they".to_string())
            } else {
                ("it".to_string(), "it".to_string())
            };
            let was = if is_plural { "were" } else { "was" };
            clauses.push(if value.denied {
                let deny = if plural_subject { "deny" } else { "denies" };
                format!("{names} {deny} that {subject} {was} {rendered}")
            } else {
                let give = if plural_subject { "give" } else { "gives" };
                format!("{names} {give} {object} as {rendered}")
            });
        }
        let rest = ranked.len() - named;
        if rest > 0 {
            let accounts = if rest == 1 { "account" } else { "accounts" };
            let pronoun = if is_plural { "them" } else { "it" };
            clauses.push(format!(
                "other origins give {} other {accounts} of {pronoun}",
                count_words(rest)
            ));
        }
        clauses
    }

    pub(super) fn ledger_rows(&self) -> Vec<LedgerRow> {
        self.story
            .slots
            .iter()
            .map(|slot| {
                let values = slot
                    .values
                    .iter()
                    .map(|value| {
                        let shown = self.render_value(&slot.name, &value.value);
                        let shown = if value.denied {
                            format!("not {shown}")
                        } else {
                            shown
                        };
                        if value.origins.is_empty() {
                            shown
                        } else {
                            format!("{shown} ({})", value.origins.join(", "))
                        }
                    })
                    .collect();
                // In order of first citation, each once (a set beside the list: a slot of a big
                // story has thousands of pieces of evidence).
                let mut evidence = Vec::new();
                let mut listed = std::collections::HashSet::new();
                for item in slot.values.iter().flat_map(|value| &value.evidence) {
                    if let Some(url) = self.post_url(&item.post)
                        && listed.insert(url.clone())
                    {
                        evidence.push(url);
                    }
                }
                LedgerRow {
                    slot: slot.name.clone(),
                    label: slot_label(&slot.name).0,
                    values,
                    status: slot.status,
                    evidence,
                }
            })
            .collect()
    }

    /// The unknown slots the brief names. A story of no known kind keeps its generic frame's
    /// "what" and "who" unknown when no sentence names them, but its lede and headline say what
    /// the sources report, so "the reports do not say what happened" would contradict them.
    pub(super) fn unknown_slots(&self) -> Vec<&'a str> {
        self.story
            .slots
            .iter()
            .filter(|slot| slot.status == SlotStatus::Unknown)
            .map(|slot| slot.name.as_str())
            .filter(|slot| !(self.story.kind == "other" && matches!(*slot, "what" | "who")))
            .collect()
    }

    pub(super) fn unknowns(&self) -> Vec<String> {
        self.unknown_slots()
            .into_iter()
            .map(|slot| unknown_words(&self.story.kind, slot))
            .collect()
    }

    // ── Background ────────────────────────────────────────────────────────────────────────
}
