//! Composing the brief: background from Wikipedia, the timeline of earlier stories, and what remains uncertain.

use super::*;

impl<'a> Ctx<'a> {
    /// The Wikipedia pages to quote: relations between the story's countries first, then the
    /// location, then the parties and other entities.
    pub(super) fn background_pages(&self) -> Vec<&'a WikiSummary> {
        let key = |title: &str| title.replace(' ', "_").to_lowercase();
        let by_title: HashMap<String, &WikiSummary> = self
            .input
            .background
            .iter()
            .map(|summary| (key(&summary.title), summary))
            .collect();
        let title_of = |name: &str| {
            self.story
                .wikipedia
                .get(name)
                .cloned()
                .or_else(|| {
                    gazetteer()
                        .lookup(name)
                        .map(|entry| entry.wikipedia.clone().unwrap_or(entry.canonical.clone()))
                })
                .unwrap_or_else(|| name.to_string())
        };
        let slot_names = |slot: &str| -> Vec<String> {
            self.slot(slot)
                .map(|slot| {
                    slot.values
                        .iter()
                        .filter(|value| !value.denied)
                        .map(|value| value.value.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        // Relations between the parties' (or attacker's) countries first, then the location.
        let country_of = |name: &str| -> Option<String> {
            let entry = gazetteer().lookup(name).or_else(|| gazetteer().get(name))?;
            match entry.kind {
                EntityKind::Country => Some(entry.canonical.clone()),
                EntityKind::Place => entry.country.clone(),
                _ => None,
            }
        };
        let mut main_names: Vec<String> = slot_names("parties");
        main_names.extend(slot_names("attacker"));
        let mut main_countries: Vec<String> = Vec::new();
        for country in main_names.iter().filter_map(|name| country_of(name)) {
            if !main_countries.contains(&country) {
                main_countries.push(country);
            }
        }
        // The location's country counts when the parties do not already name two countries.
        if main_countries.len() < 2 {
            for country in slot_names("location")
                .iter()
                .filter_map(|name| country_of(name))
            {
                if !main_countries.contains(&country) {
                    main_countries.push(country);
                }
            }
        }
        let mut countries = main_countries.clone();
        for country in self
            .story
            .entities
            .iter()
            .filter_map(|name| country_of(name))
        {
            if !countries.contains(&country) {
                countries.push(country);
            }
        }
        let pairs = |list: &[String]| -> Vec<String> {
            let mut titles = Vec::new();
            for (idx, a) in list.iter().enumerate() {
                for b in &list[idx + 1..] {
                    titles.extend(relation_title(a, b));
                }
            }
            titles
        };
        let mut titles: Vec<String> = pairs(&main_countries);
        for name in slot_names("location") {
            titles.push(title_of(&name));
        }
        titles.extend(pairs(&countries));
        for name in slot_names("parties")
            .into_iter()
            .chain(self.story.entities.iter().cloned())
        {
            titles.push(title_of(&name));
        }
        let mut pages: Vec<&WikiSummary> = Vec::new();
        for title in titles {
            if let Some(summary) = by_title.get(&key(&title))
                && !pages.iter().any(|page| page.url == summary.url)
                && !summary.extract.trim().is_empty()
            {
                pages.push(summary);
            }
            if pages.len() >= MAX_BACKGROUND_PAGES {
                break;
            }
        }
        pages
    }

    pub(super) fn background(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for page in self.background_pages() {
            let extract = &page.extract;
            let mut length = 0;
            for (idx, (start, end)) in wiredesk_analysis::normalize::sentences(extract)
                .into_iter()
                .enumerate()
            {
                let Some(text) = extract.get(start..end) else {
                    continue;
                };
                if idx >= 2 || (idx == 1 && length + text.len() > 320) {
                    break;
                }
                length += text.len();
                out.push(sentence(text.trim().to_string(), vec![page.url.clone()]));
            }
        }
        out
    }

    pub(super) fn timeline(&self) -> Vec<Sentence> {
        let mut related: Vec<&Story> = self
            .input
            .related
            .iter()
            .filter(|story| story.id != self.story.id && story.first_seen <= self.story.first_seen)
            .collect();
        related.sort_by_key(|story| std::cmp::Reverse(story.first_seen));
        related.truncate(MAX_TIMELINE);
        related.reverse();
        let mut out = Vec::new();
        for story in related {
            let Some(post) = story.posts.first().and_then(|reference| {
                self.input
                    .related_posts
                    .iter()
                    .find(|post| post.reference == *reference)
            }) else {
                continue;
            };
            let text = match &post.title {
                Some(title) => format!("{title}.\n{}", post.text),
                None => post.text.clone(),
            };
            let Some(first) = clean_sentences(&text).into_iter().next() else {
                continue;
            };
            let clause = headline_clause(&first);
            out.push(sentence(
                format!(
                    "Earlier, at {}: {}.",
                    fmt_time_and_date(post.published_at),
                    capitalize_first(&clause)
                ),
                vec![post.url.clone()],
            ));
        }
        out
    }

    // ── Uncertain and desk note ───────────────────────────────────────────────────────────

    pub(super) fn uncertain(&self) -> Vec<Sentence> {
        let all = self.story_urls();
        let mut out = Vec::new();
        let open: Vec<String> = self.unknowns();
        if !open.is_empty() {
            let subject = if self.input.posts.iter().all(|post| post.kind == "telegram") {
                "The posts"
            } else {
                "The reports"
            };
            let list = match open.as_slice() {
                [one] => one.clone(),
                [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
                [] => String::new(),
            };
            out.push(sentence(
                format!("{subject} do not say {list}."),
                all.clone(),
            ));
        }
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            out.push(sentence(
                format!(
                    "It is not yet clear which account of {} is right.",
                    join_list(&disputed)
                ),
                all.clone(),
            ));
        }
        for origin in &self.story.origins {
            if origin.verified || origin.kind == SpeakerKind::Anonymous {
                continue;
            }
            let urls = self.origin_urls(origin);
            if urls.is_empty() {
                continue;
            }
            let label = self.origin_label(&origin.name);
            let plural_name = self.origin_is_plural(&origin.name);
            let proper = origin.name.chars().next().is_some_and(char::is_uppercase);
            let text = if proper {
                format!(
                    "{} {} not yet published the report {}.",
                    capitalize_first(&label),
                    if plural_name { "have" } else { "has" },
                    if plural_name { "themselves" } else { "itself" }
                )
            } else {
                format!(
                    "The {} behind the report {} not named.",
                    origin.name,
                    if plural_name { "are" } else { "is" }
                )
            };
            out.push(sentence(text, urls));
        }
        out
    }
}
