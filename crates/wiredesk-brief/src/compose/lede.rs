//! Composing the brief: the headline, the standfirst and the lede: the main claim with its attribution chain and UTC times.

use super::*;

impl<'a> Ctx<'a> {
    /// The main claim for `origin` in the kind's template, with the posts it rests on; `None`
    /// when the kind has no template or its key slot is empty.
    pub(super) fn claim(&self, origin: Option<&str>) -> Option<(String, Vec<String>)> {
        let values = |slot: &str| self.agreed_values(slot, origin);
        let names = |values: &[&SlotValue]| -> Vec<String> {
            values
                .iter()
                .map(|value| with_article(&value.value, false))
                .collect()
        };
        let mut used: Vec<&SlotValue> = Vec::new();
        let text = match self.story.kind.as_str() {
            "talks" => {
                let parties = values("parties");
                let location = values("location");
                if parties.is_empty() && location.is_empty() {
                    return None;
                }
                let format = values("format")
                    .into_iter()
                    .find(|value| value.value.split_whitespace().count() <= 2);
                let mut text = if parties.is_empty() {
                    "talks are under way".to_string()
                } else {
                    used.extend(&parties);
                    let adjective = format.map_or(String::new(), |value| {
                        used.push(value);
                        format!("{} ", value.value)
                    });
                    format!(
                        "{} are holding {adjective}talks",
                        join_list(&names(&parties))
                    )
                };
                if !location.is_empty() {
                    text.push_str(&format!(" in {}", join_or(&names(&location))));
                    used.extend(&location);
                }
                let mediators = values("mediators");
                if !mediators.is_empty() {
                    text.push_str(&format!(
                        ", with {} mediating",
                        join_list(&names(&mediators))
                    ));
                    used.extend(&mediators);
                }
                text
            }
            "strike" => {
                let location = values("location");
                if location.is_empty() {
                    return None;
                }
                used.extend(&location);
                let mut text = format!("{} was struck", join_or(&names(&location)));
                let attacker = values("attacker");
                if !attacker.is_empty() {
                    text.push_str(&format!(" by {}", join_list(&names(&attacker))));
                    used.extend(&attacker);
                }
                let target = values("target");
                if !target.is_empty() {
                    text.push_str(&format!(", hitting {}", join_list(&names(&target))));
                    used.extend(&target);
                }
                let weapon = values("weapon");
                if !weapon.is_empty() {
                    let noun = if weapon.len() > 1 {
                        "weapons"
                    } else {
                        "weapon"
                    };
                    text.push_str(&format!(
                        ", with {} named as the {noun}",
                        join_list(&names(&weapon))
                    ));
                    used.extend(&weapon);
                }
                text
            }
            "statement" => {
                let speaker = values("speaker");
                if speaker.is_empty() {
                    return None;
                }
                used.extend(&speaker);
                let mut text = format!("{} made a statement", join_list(&names(&speaker)));
                let subject = values("subject");
                if !subject.is_empty() {
                    text.push_str(&format!(" on {}", join_list(&names(&subject))));
                    used.extend(&subject);
                }
                text
            }
            "ceasefire" => {
                let parties = values("parties");
                if parties.is_empty() {
                    return None;
                }
                used.extend(&parties);
                let mut text = format!(
                    "a ceasefire {} has been announced",
                    between_parties(&names(&parties))
                );
                let mediators = values("mediators");
                if !mediators.is_empty() {
                    text.push_str(&format!(
                        ", with {} mediating",
                        join_list(&names(&mediators))
                    ));
                    used.extend(&mediators);
                }
                text
            }
            _ => return None,
        };
        Some((text, self.value_urls(&used)))
    }

    /// The first report's own words, cut to its main clause: the claim when no template fits.
    pub(super) fn fallback_claim(&self, origin: Option<&Origin>) -> Option<(String, Vec<String>)> {
        // The brief is written in English: the first report in Latin script (an English copy of
        // a Ukrainian post) gives the words when there is one, else the first report.
        let references: Vec<String> = match origin {
            Some(origin) => self
                .relays(origin)
                .iter()
                .map(|relay| relay.post.clone())
                .collect(),
            None => self.story.posts.clone(),
        };
        // A post with a checked English rendering gives its words through the rendering,
        // quoted and marked, unless it is English itself.
        let in_latin = |reference: &String| {
            self.post(reference).is_some_and(|post| {
                post.text.chars().any(char::is_alphabetic)
                    && !wiredesk_analysis::translit::mostly_cyrillic(&post.text)
                    && (post.translation.is_none() || post.language.as_deref() == Some("en"))
            })
        };
        let translated = references
            .iter()
            .filter_map(|reference| self.post(reference))
            .find_map(|post| {
                post.translation
                    .as_ref()
                    .map(|translation| (post, translation))
            });
        if !references.iter().any(in_latin)
            && let Some((post, translation)) = translated
            && let Some(first) = clean_sentences(&translation.text).into_iter().next()
        {
            let words = first.trim_end_matches(['.', '!', '?', ' ']);
            if !words.is_empty() {
                return Some((
                    format!(
                        "“{words}” (translated from {})",
                        crate::analysis::language_name(&translation.from)
                    ),
                    vec![post.url.clone()],
                ));
            }
        }
        let reference = references
            .iter()
            .find(|reference| in_latin(reference))
            .or(references.first())?
            .clone();
        let post = self.post(&reference)?;
        let text = match &post.title {
            Some(title) => format!("{title}.\n{}", post.text),
            None => post.text.clone(),
        };
        let first = clean_sentences(&text).into_iter().next()?;
        let clause = headline_clause(&first);
        (!clause.is_empty()).then(|| (clause, vec![post.url.clone()]))
    }

    // ── Headline and standfirst ───────────────────────────────────────────────────────────

    pub(super) fn headline_candidates(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let all = self.story_urls();
        let suffix = self.headline_suffix();
        if let Some((core, urls)) = self.headline_core() {
            let mut citations = urls;
            citations.extend(all.iter().cloned());
            out.push(sentence(
                format!("{}{suffix}", capitalize_first(&core)),
                citations,
            ));
        }
        if let Some((clause, urls)) = self.fallback_claim(self.lead_origin()) {
            let mut citations = urls;
            citations.extend(all.iter().cloned());
            out.push(sentence(
                format!("{}{suffix}", capitalize_first(&clause)),
                citations.clone(),
            ));
            out.push(sentence(capitalize_first(&clause), citations));
        }
        out
    }

    pub(super) fn headline_core(&self) -> Option<(String, Vec<String>)> {
        let values = |slot: &str| self.agreed_values(slot, None);
        let names = |values: &[&SlotValue]| -> Vec<String> {
            values
                .iter()
                .map(|value| with_article(&value.value, false))
                .collect()
        };
        let mut used: Vec<&SlotValue> = Vec::new();
        let text = match self.story.kind.as_str() {
            "talks" => {
                let parties = values("parties");
                let location = values("location");
                let place =
                    (!location.is_empty()).then(|| format!(" in {}", join_or(&names(&location))));
                used.extend(&location);
                if parties.is_empty() {
                    format!("Talks{}", place?)
                } else {
                    used.extend(&parties);
                    let format = values("format")
                        .into_iter()
                        .find(|value| value.value.split_whitespace().count() <= 2);
                    let adjective = format.map_or(String::new(), |value| {
                        used.push(value);
                        format!("{} ", value.value)
                    });
                    format!(
                        "{} hold {adjective}talks{}",
                        join_list(&names(&parties)),
                        place.unwrap_or_default()
                    )
                }
            }
            "strike" => {
                let location = values("location");
                if location.is_empty() {
                    return None;
                }
                used.extend(&location);
                let attacker = values("attacker");
                let demonym = match attacker.as_slice() {
                    [one] => gazetteer()
                        .lookup(&one.value)
                        .and_then(|entry| entry.demonyms.first().cloned())
                        .filter(|demonym| demonym.chars().next().is_some_and(char::is_uppercase)),
                    _ => None,
                };
                match demonym {
                    Some(demonym) => {
                        used.extend(&attacker);
                        format!("{demonym} strike on {}", join_or(&names(&location)))
                    }
                    None => format!("Strike on {}", join_or(&names(&location))),
                }
            }
            "statement" => {
                let speaker = values("speaker");
                if speaker.is_empty() {
                    return None;
                }
                used.extend(&speaker);
                let subject = values("subject");
                used.extend(&subject);
                match subject.is_empty() {
                    true => format!("Statement by {}", join_list(&names(&speaker))),
                    false => format!(
                        "{} on {}",
                        join_list(&names(&speaker)),
                        join_list(&names(&subject))
                    ),
                }
            }
            "ceasefire" => {
                let parties = values("parties");
                if parties.is_empty() {
                    return None;
                }
                used.extend(&parties);
                format!("Ceasefire {}", between_parties(&names(&parties)))
            }
            _ => return None,
        };
        Some((text, self.value_urls(&used)))
    }

    pub(super) fn headline_suffix(&self) -> String {
        let deniers = self.denier_labels();
        if !deniers.is_empty() {
            return format!(", denied by {}", join_list(&deniers));
        }
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            return format!(": conflicting accounts of {}", join_list(&disputed));
        }
        let origins = &self.story.origins;
        match origins.as_slice() {
            [] => String::new(),
            [origin] => {
                let label = self.origin_label(&origin.name);
                if origin.verified {
                    let verb = if self.origin_is_plural(&origin.name) {
                        "report"
                    } else {
                        "reports"
                    };
                    format!(", {label} {verb}")
                } else {
                    format!(", reports citing {label} say")
                }
            }
            many => {
                let all_confirmed = self
                    .story
                    .slots
                    .iter()
                    .filter(|slot| slot.status != SlotStatus::Unknown)
                    .all(|slot| slot.status == SlotStatus::Confirmed);
                if all_confirmed {
                    String::new()
                } else {
                    let labels: Vec<String> =
                        many.iter().map(|o| self.origin_label(&o.name)).collect();
                    format!(", reported by {}", join_named(&labels))
                }
            }
        }
    }

    pub(super) fn standfirst_candidates(&self) -> Vec<Sentence> {
        let all = self.story_urls();
        let n_posts = all.len();
        let origins = &self.story.origins;
        let mut out = Vec::new();
        match origins.as_slice() {
            [] => {}
            [origin] => {
                let label = self.origin_label(&origin.name);
                let plural_name = self.origin_is_plural(&origin.name);
                let text = if origin.verified {
                    let when = self
                        .primary(origin)
                        .map(|relay| {
                            self.post(&relay.post)
                                .map_or(relay.first_seen, |p| p.published_at)
                        })
                        .or(origin.verified_at);
                    let at = when.map_or(String::new(), |at| format!(" at {}", fmt_time(at)));
                    format!(
                        "{} published the story {}{at}; every detail still rests on that one origin.",
                        capitalize_first(&label),
                        if plural_name { "themselves" } else { "itself" }
                    )
                } else {
                    let lead = if n_posts == 1 {
                        "The only report traces".to_string()
                    } else if n_posts == 2 {
                        "Both reports trace".to_string()
                    } else {
                        format!("All {} reports trace", count_words(n_posts))
                    };
                    let has = if plural_name { "have" } else { "has" };
                    let itself = if plural_name { "themselves" } else { "itself" };
                    format!(
                        "{lead} back to one origin, {}; {label} {has} not yet published the story {itself}.",
                        self.origin_chain(origin)
                    )
                };
                out.push(sentence(text, all.clone()));
            }
            many if many.iter().any(|origin| origin.denies) => {
                let reporting: Vec<String> = many
                    .iter()
                    .filter(|origin| !origin.denies)
                    .map(|origin| self.origin_label(&origin.name))
                    .collect();
                let deniers = join_list(&self.denier_labels());
                let deny = self.deny_verb();
                let disputed = self.disputed_labels();
                let contested = if disputed.is_empty() {
                    String::new()
                } else {
                    let verb = if disputed.len() == 1 { "is" } else { "are" };
                    format!(", so {} {verb} disputed", join_list(&disputed))
                };
                let text = match reporting.as_slice() {
                    [] => format!("{} {deny} it{contested}.", capitalize_first(&deniers)),
                    [one] => {
                        let plural_name = many
                            .iter()
                            .find(|origin| !origin.denies)
                            .is_some_and(|origin| self.origin_is_plural(&origin.name));
                        let verb = if plural_name { "report" } else { "reports" };
                        format!(
                            "{} {verb} it and {deniers} {deny} it{contested}.",
                            capitalize_first(one)
                        )
                    }
                    several => format!(
                        "{} origins, {}, report it and {deniers} {deny} it{contested}.",
                        capitalize_first(&count_words(several.len())),
                        join_list(several)
                    ),
                };
                out.push(sentence(text, all.clone()));
            }
            many => {
                let labels: Vec<String> = many.iter().map(|o| self.origin_label(&o.name)).collect();
                let confirmed: Vec<String> = self
                    .story
                    .slots
                    .iter()
                    .filter(|slot| slot.status == SlotStatus::Confirmed)
                    .map(|slot| format!("the {}", slot_label(&slot.name).0))
                    .collect();
                let disputed = self.disputed_labels();
                let read = match (confirmed.is_empty(), disputed.is_empty()) {
                    (false, false) => format!(
                        "agree on {} but give conflicting accounts of {}",
                        join_list(&confirmed),
                        join_list(&disputed)
                    ),
                    (true, false) => {
                        format!("give conflicting accounts of {}", join_list(&disputed))
                    }
                    (false, true) => format!("agree on {}", join_list(&confirmed)),
                    (true, true) => "report it".to_string(),
                };
                out.push(sentence(
                    format!(
                        "{} independent origins, {}, {read}.",
                        capitalize_first(&count_words(many.len())),
                        join_named(&labels)
                    ),
                    all.clone(),
                ));
            }
        }
        out
    }

    pub(super) fn last_resort(&self, text: &str) -> Sentence {
        sentence(text.to_string(), self.story_urls())
    }

    // ── Lede ──────────────────────────────────────────────────────────────────────────────

    pub(super) fn lede(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let Some(lead) = self.lead_origin() else {
            return out;
        };
        let claim = self
            .claim(Some(&lead.name))
            .or_else(|| self.fallback_claim(Some(lead)));
        let Some((claim_text, claim_urls)) = claim else {
            return out;
        };
        let relays = self.relays(lead);
        let primary = self.primary(lead).and_then(|relay| self.post(&relay.post));
        let label = self.origin_label(&lead.name);
        if let (true, Some(primary)) = (lead.verified, primary) {
            let verb = if primary.kind == "telegram" {
                "said on its own channel"
            } else {
                "reported"
            };
            // The primary, and the posts the claim's words come from (an English copy of a
            // post in another language gives the names the sentence uses).
            let mut citations = vec![primary.url.clone()];
            for url in &claim_urls {
                if !citations.contains(url) {
                    citations.push(url.clone());
                }
            }
            // A headline in headline case is quoted as a headline, not bent into a clause.
            let text = if quote_as_headline(&claim_text) {
                format!(
                    "{} {verb} at {} under the headline {}.",
                    capitalize_first(&label),
                    fmt_time_and_date(primary.published_at),
                    quoted(&claim_text)
                )
            } else {
                format!(
                    "{} {verb} at {} that {}.",
                    capitalize_first(&label),
                    fmt_time_and_date(primary.published_at),
                    self.decapitalize_claim(&claim_text)
                )
            };
            out.push(sentence(text, citations));
            let others: Vec<&Relay> = relays
                .iter()
                .copied()
                .filter(|relay| relay.kind != RelayKind::Primary)
                .collect();
            if let Some(phrase) = self.relay_phrase(&others, false) {
                let all_before = others
                    .iter()
                    .all(|relay| relay.first_seen < primary.published_at);
                let text = if all_before {
                    format!(
                        "Before that, it had been {phrase}, each attributing it to {}.",
                        self.origin_chain(lead)
                    )
                } else {
                    format!("It was also {phrase}.")
                };
                // The relays the phrase names.
                let citations = others
                    .iter()
                    .take(n_named(others.len()))
                    .filter_map(|relay| self.post_url(&relay.post))
                    .collect();
                out.push(sentence(text, citations));
            }
        } else {
            let claim_words = if quote_as_headline(&claim_text) {
                quoted(&claim_text)
            } else {
                capitalize_first(&claim_text)
            };
            let mut text = format!("{claim_words}, according to {}", self.origin_chain(lead));
            if let Some(phrase) = self.relay_phrase(&relays, true) {
                text.push_str(&format!(", as {phrase}"));
            }
            text.push('.');
            let mut citations = self.origin_urls(lead);
            citations.extend(claim_urls);
            out.push(sentence(text, citations));
        }
        // The first few other origins get a sentence each; the rest are counted, citing each
        // one's own report or first relay.
        let n_others = self
            .story
            .origins
            .iter()
            .filter(|origin| !std::ptr::eq(*origin, lead) && !self.relays(origin).is_empty())
            .count();
        let cap = n_named(n_others);
        let mut told = 0;
        let mut counted: Vec<&Origin> = Vec::new();
        for origin in &self.story.origins {
            if std::ptr::eq(origin, lead) {
                continue;
            }
            let relays = self.relays(origin);
            if relays.is_empty() {
                continue;
            }
            if told == cap {
                counted.push(origin);
                continue;
            }
            told += 1;
            let label = capitalize_first(&self.origin_label(&origin.name));
            let plural_name = self.origin_is_plural(&origin.name);
            // An origin that denies the claim disputes it; it never "also reported" it.
            let (did, does) = match (origin.denies, plural_name) {
                (true, true) => ("disputed it", "dispute it"),
                (true, false) => ("disputed it", "disputes it"),
                (false, true) => ("also reported on it", "also report on it"),
                (false, false) => ("also reported on it", "also reports on it"),
            };
            let text = match (
                origin.verified,
                self.primary(origin).and_then(|r| self.post(&r.post)),
            ) {
                (true, Some(primary)) if primary.kind == "telegram" => format!(
                    "{label} {did} on {} own channel at {}.",
                    if plural_name { "their" } else { "its" },
                    fmt_time_and_date(primary.published_at)
                ),
                (true, Some(primary)) => format!(
                    "{label} {did} at {}.",
                    fmt_time_and_date(primary.published_at)
                ),
                _ => match self.relay_phrase(&relays, true) {
                    Some(phrase) => format!("{label} {does}, as {phrase}."),
                    None => continue,
                },
            };
            out.push(sentence(text, self.origin_urls(origin)));
        }
        if !counted.is_empty() {
            let (others, verb) = if counted.len() == 1 {
                ("other origin", "reports")
            } else {
                ("other origins", "report")
            };
            let citations = counted
                .iter()
                .flat_map(|origin| self.key_relays(origin))
                .filter_map(|relay| self.post_url(&relay.post))
                .collect();
            out.push(sentence(
                format!(
                    "{} {others} also {verb} on it.",
                    capitalize_first(&count_words(counted.len()))
                ),
                citations,
            ));
        }
        out
    }

    // ── Ledger ────────────────────────────────────────────────────────────────────────────

    /// The claim as a clause after "that": its first letter lowered unless its first word is a
    /// name, which the story's posts show by writing it with a capital inside a sentence
    /// ("…for Prime Minister Fumio Kishida" keeps "Kishida is in trouble" as it is).
    fn decapitalize_claim(&self, claim: &str) -> String {
        let first = claim
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_matches(|c: char| !c.is_alphanumeric());
        let opens_clause = [
            "The", "A", "An", "In", "On", "At", "For", "From", "By", "With",
        ]
        .contains(&first);
        let named_inside = !first.is_empty()
            && !opens_clause
            && first.chars().next().is_some_and(char::is_uppercase)
            && self.input.posts.iter().any(|post| {
                post.text.match_indices(first).any(|(idx, _)| {
                    let before = post.text[..idx].trim_end_matches(' ');
                    let after = post.text[idx + first.len()..].chars().next();
                    idx > 0
                        && post.text[..idx].ends_with(' ')
                        && !before.ends_with(['.', '!', '?', ':', '\n', '"', '“', '«'])
                        && !before.is_empty()
                        && after.is_none_or(|c| !c.is_alphanumeric())
                })
            });
        let has_inner_capital = first.chars().skip(1).any(char::is_uppercase);
        let known = wiredesk_analysis::entities::gazetteer()
            .lookup(first)
            .is_some();
        if named_inside || has_inner_capital || known {
            return claim.to_string();
        }
        let mut chars = claim.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// A headline in quotation marks, without its closing full stop.
fn quoted(headline: &str) -> String {
    format!("\u{201c}{}\u{201d}", headline.trim_end_matches(['.', ' ']))
}

/// "between Sudan and the RSF"; with one party named, "involving Sudan" ("between" takes two).
fn between_parties(parties: &[String]) -> String {
    if parties.len() >= 2 {
        format!("between {}", join_list(parties))
    } else {
        format!("involving {}", join_list(parties))
    }
}
