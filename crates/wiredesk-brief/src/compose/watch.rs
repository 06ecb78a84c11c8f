//! "What to watch": what is pending, in the order a desk editor would chase it: the origins'
//! own reports not yet published, the accounts that contradict each other, the facts nobody has
//! given yet, and the side that has not answered.

use super::*;

impl Ctx<'_> {
    pub(super) fn watch(&self) -> Vec<Sentence> {
        let all = self.story_urls();
        // What is pending, each as the object of "watch for"; written as one opening sentence
        // and "it will also watch for…" after it, so the section does not repeat itself.
        let mut pending: Vec<(String, Vec<String>)> = Vec::new();
        // The origins' own word, where each is known only through relays: one item for all.
        let mut awaited: Vec<String> = Vec::new();
        let mut awaited_urls: Vec<String> = Vec::new();
        for origin in &self.story.origins {
            if origin.verified || origin.kind == SpeakerKind::Anonymous || origin.denies {
                continue;
            }
            let urls = self.origin_urls(origin);
            if urls.is_empty() || !origin.name.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            awaited.push(self.origin_label(&origin.name));
            for url in urls {
                if !awaited_urls.contains(&url) {
                    awaited_urls.push(url);
                }
            }
        }
        if !awaited.is_empty() {
            pending.push((
                format!("a report published directly by {}", join_list(&awaited)),
                awaited_urls,
            ));
        }
        // Evidence that settles a dispute.
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            pending.push((
                format!("evidence that settles {}", join_list(&disputed)),
                all.clone(),
            ));
        }
        // Facts no report gives yet; the kind's core slot first, as the ledger lists them.
        let open = self.unknowns();
        if !open.is_empty() {
            pending.push((
                format!("reports that say {}", join_list(&open)),
                all.clone(),
            ));
        }
        // With one origin, the other side's response is what the story lacks.
        let speaking = self
            .story
            .origins
            .iter()
            .filter(|origin| origin.kind != SpeakerKind::Anonymous)
            .count();
        if pending.is_empty() || speaking == 1 {
            let has_sides = !matches!(self.story.kind.as_str(), "disaster" | "election" | "other");
            let text = if has_sides {
                "a response from the other parties, and for sources independent of the first report"
            } else {
                "sources independent of the first report"
            };
            pending.push((text.to_string(), all));
        }
        pending
            .into_iter()
            .enumerate()
            .map(|(idx, (what, urls))| {
                let opening = if idx == 0 {
                    "The desk will watch for"
                } else {
                    "It will also watch for"
                };
                sentence(format!("{opening} {what}."), urls)
            })
            .collect()
    }
}
