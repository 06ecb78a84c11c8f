//! Composing the brief: the desk note on sourcing and the provenance list.

use super::*;

impl<'a> Ctx<'a> {
    pub(super) fn desk_note(&self) -> Vec<Sentence> {
        let all = self.story_urls();
        let origins = &self.story.origins;
        let mut out = Vec::new();

        // Origins and relays.
        let mut relay_sources: Vec<&str> = Vec::new();
        let mut listed = std::collections::HashSet::new();
        for relay in origins.iter().flat_map(|origin| self.relays(origin)) {
            if relay.kind != RelayKind::Primary && listed.insert(relay.source.as_str()) {
                relay_sources.push(relay.source.as_str());
            }
        }
        let n_channels = relay_sources
            .iter()
            .filter(|key| self.source(key).is_none_or(|s| s.kind == "telegram"))
            .count();
        let n_feeds = relay_sources.len() - n_channels;
        let mut carriers = Vec::new();
        if n_channels > 0 {
            carriers.push(plural(n_channels, "Telegram channel", "Telegram channels"));
        }
        if n_feeds > 0 {
            carriers.push(plural(n_feeds, "feed", "feeds"));
        }
        // Origins that deny the claim dispute it; they are not what the story rests on.
        let reporting: Vec<&Origin> = origins.iter().filter(|origin| !origin.denies).collect();
        let labels: Vec<String> = reporting
            .iter()
            .map(|o| self.origin_label(&o.name))
            .collect();
        if !origins.is_empty() {
            let rests = match labels.as_slice() {
                [] => "Nobody the desk reads reports this story,".to_string(),
                [one] => format!("This story rests on one origin, {one},"),
                many => format!(
                    "This story rests on {} independent origins, {},",
                    count_words(many.len()),
                    join_named(many)
                ),
            };
            let relayed = if carriers.is_empty() {
                " with no relays".to_string()
            } else {
                format!(" relayed by {}", join_list(&carriers))
            };
            let mut states = Vec::new();
            // The origins the sentence names say whether they published it themselves; the
            // others are counted.
            let named = if reporting.len() > MAX_NAMED {
                MAX_NAMED - 1
            } else {
                reporting.len()
            };
            let others = &reporting[named..];
            for origin in reporting[..named].iter().copied() {
                let label = self.origin_label(&origin.name);
                let plural_name = self.origin_is_plural(&origin.name);
                match self
                    .primary(origin)
                    .and_then(|relay| self.post(&relay.post))
                {
                    Some(primary) if origin.verified => states.push(format!(
                        "{label} published {} own report at {}",
                        if plural_name { "their" } else { "its" },
                        fmt_time(primary.published_at)
                    )),
                    _ => states.push(format!(
                        "{label} {} not published it {}",
                        if plural_name { "have" } else { "has" },
                        if plural_name { "themselves" } else { "itself" }
                    )),
                }
            }
            if !others.is_empty() {
                let own = others
                    .iter()
                    .filter(|origin| origin.verified && self.primary(origin).is_some())
                    .count();
                states.push(match own {
                    0 => format!(
                        "none of the other {} has published it itself",
                        count_words(others.len())
                    ),
                    own if own == others.len() => format!(
                        "all of the other {} published their own reports",
                        count_words(own)
                    ),
                    1 => format!(
                        "of the other {}, one published its own report",
                        count_words(others.len())
                    ),
                    own => format!(
                        "of the other {}, {} published their own reports",
                        count_words(others.len()),
                        count_words(own)
                    ),
                });
            }
            let deniers = self.denier_labels();
            if !deniers.is_empty() {
                states.push(format!(
                    "{} {} it, which disputes it and corroborates nothing",
                    join_list(&deniers),
                    self.deny_verb()
                ));
            }
            out.push(sentence(
                format!("{rests}{relayed}; {}.", states.join("; ")),
                all.clone(),
            ));
        }

        // Single-origin slots.
        let single: Vec<String> = self
            .story
            .slots
            .iter()
            .filter(|slot| slot.status == SlotStatus::SingleOrigin)
            .map(|slot| format!("the {}", slot_label(&slot.name).0))
            .collect();
        if !single.is_empty() {
            let text = if origins.len() == 1 {
                format!(
                    "Every detail reported, including {}, is single-origin.",
                    join_list(&single)
                )
            } else {
                let rest = if single.len() == 1 { "rests" } else { "rest" };
                format!(
                    "{} {rest} on a single origin.",
                    capitalize_first(&join_list(&single))
                )
            };
            out.push(sentence(text, all.clone()));
        }

        // Trust profile.
        let mut state: Vec<(String, Vec<String>)> = Vec::new();
        let mut leads: Vec<(String, Vec<String>)> = Vec::new();
        for reference in &self.story.posts {
            let Some(post) = self.post(reference) else {
                continue;
            };
            let Some(source) = self.source(&post.source_key) else {
                continue;
            };
            let handle = self.handle(&source.key);
            let bucket = if source.state_affiliated || source.trust == Trust::StateAffiliated {
                Some(&mut state)
            } else if source.trust == Trust::LeadsOnly {
                Some(&mut leads)
            } else {
                None
            };
            if let Some(bucket) = bucket {
                match bucket.iter_mut().find(|(h, _)| *h == handle) {
                    Some((_, urls)) => urls.push(post.url.clone()),
                    None => bucket.push((handle, vec![post.url.clone()])),
                }
            }
        }
        if !state.is_empty() {
            let names: Vec<String> = state.iter().map(|(h, _)| h.clone()).collect();
            let be = if names.len() == 1 { "is" } else { "are" };
            out.push(sentence(
                format!("{} {be} state-affiliated.", join_list(&names)),
                state.into_iter().flat_map(|(_, urls)| urls).collect(),
            ));
        }
        if !leads.is_empty() {
            let names: Vec<String> = leads.iter().map(|(h, _)| h.clone()).collect();
            let verb = if names.len() == 1 { "is" } else { "are" };
            out.push(sentence(
                format!(
                    "{} {verb} flagged in the desk's trust profile as good for leads only.",
                    join_list(&names)
                ),
                leads.into_iter().flat_map(|(_, urls)| urls).collect(),
            ));
        }
        if out.len() <= 2
            && !all.is_empty()
            && self.input.sources.iter().all(|s| {
                !s.state_affiliated && !matches!(s.trust, Trust::StateAffiliated | Trust::LeadsOnly)
            })
        {
            out.push(sentence(
                "None of the sources is flagged as state-affiliated or as good for leads only."
                    .to_string(),
                all.clone(),
            ));
        }

        // Pending.
        let pending: Vec<String> = origins
            .iter()
            .filter(|origin| !origin.verified && origin.kind != SpeakerKind::Anonymous)
            .map(|origin| self.origin_label(&origin.name))
            .collect();
        let text = if pending.is_empty() {
            "Pending direct confirmation from the parties involved.".to_string()
        } else {
            format!(
                "Pending direct confirmation from {} and the parties involved.",
                join_named(&pending)
            )
        };
        out.push(sentence(text, all.clone()));
        let promise = if pending.is_empty() {
            "The desk will update the brief when other origins confirm or contradict it."
        } else {
            "The desk will tighten the attribution when primary sources publish."
        };
        out.push(sentence(promise.to_string(), all));
        out
    }

    // ── Provenance ────────────────────────────────────────────────────────────────────────

    /// Every story post and its page, every cited related post and Wikipedia page.
    pub(super) fn provenance(&self, brief: &Brief) -> Vec<ProvenanceItem> {
        let cited: BTreeSet<&str> = std::iter::once(&brief.headline)
            .chain(std::iter::once(&brief.standfirst))
            .chain(brief.sections.iter().flat_map(|section| &section.sentences))
            .flat_map(|sentence| sentence.citations.iter().map(String::as_str))
            .collect();
        let mut items: Vec<ProvenanceItem> = Vec::new();
        let mut listed: HashSet<String> = HashSet::new();
        let mut push = |item: ProvenanceItem| {
            if listed.insert(item.url.clone()) {
                items.push(item);
            }
        };
        let story_posts = self
            .story
            .posts
            .iter()
            .filter_map(|reference| self.post(reference));
        let related_posts = self
            .input
            .related_posts
            .iter()
            .filter(|post| cited.contains(post.url.as_str()));
        let mut pages: Vec<&BriefSource> = Vec::new();
        for post in story_posts.chain(related_posts) {
            push(ProvenanceItem {
                url: post.url.clone(),
                kind: if post.kind == "telegram" {
                    "telegram-post"
                } else {
                    "feed-item"
                }
                .to_string(),
                first_seen: post.published_at,
                sha256: post.sha256.clone(),
            });
            if let Some(source) = self.source(&post.source_key)
                && !pages.iter().any(|page| page.key == source.key)
            {
                pages.push(source);
            }
        }
        for source in pages {
            let first_seen = source
                .page_fetched_at
                .unwrap_or_else(|| self.earliest_post_of(&source.key));
            push(ProvenanceItem {
                url: source.page_url.clone(),
                kind: if source.kind == "telegram" {
                    "telegram-page"
                } else {
                    "feed"
                }
                .to_string(),
                first_seen,
                sha256: source.page_sha256.clone(),
            });
        }
        for summary in self.input.background {
            if cited.contains(summary.url.as_str()) {
                push(ProvenanceItem {
                    url: summary.url.clone(),
                    kind: "wikipedia".to_string(),
                    first_seen: summary.timestamp.unwrap_or(self.input.now),
                    sha256: None,
                });
            }
        }
        items
    }

    pub(super) fn earliest_post_of(&self, source_key: &str) -> DateTime<Utc> {
        self.input
            .posts
            .iter()
            .filter(|post| post.source_key == source_key)
            .map(|post| post.published_at)
            .min()
            .unwrap_or(self.input.now)
    }
}
