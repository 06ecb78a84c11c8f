//! "What to watch": what is pending, in the order a desk editor would chase it: the origins'
//! own reports not yet published, the accounts that contradict each other, the facts nobody has
//! given yet, and the side that has not answered.

use super::*;

impl Ctx<'_> {
    pub(super) fn watch(&self) -> Vec<Sentence> {
        let all = self.all_post_urls();
        let mut out = Vec::new();
        // The origin's own word, where it is known only through relays.
        for origin in &self.story.origins {
            if origin.verified || origin.kind == SpeakerKind::Anonymous || origin.denies {
                continue;
            }
            let urls = self.origin_urls(origin);
            if urls.is_empty() || !origin.name.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            out.push(sentence(
                format!(
                    "The desk will watch for a report published by {} directly.",
                    self.origin_label(&origin.name)
                ),
                urls,
            ));
        }
        // Evidence that settles a dispute.
        let disputed = self.disputed_labels();
        if !disputed.is_empty() {
            out.push(sentence(
                format!(
                    "The desk will watch for evidence that settles {}.",
                    join_list(&disputed)
                ),
                all.clone(),
            ));
        }
        // Facts no report gives yet; the kind's core slot first, as the ledger lists them.
        let open = self.unknowns();
        if !open.is_empty() {
            out.push(sentence(
                format!(
                    "The desk will watch for reports that say {}.",
                    join_list(&open)
                ),
                all.clone(),
            ));
        }
        // With one origin, the other side's response is what the story lacks.
        let speaking: Vec<&Origin> = self
            .story
            .origins
            .iter()
            .filter(|origin| origin.kind != SpeakerKind::Anonymous)
            .collect();
        if out.is_empty() || speaking.len() == 1 {
            let has_sides = !matches!(self.story.kind.as_str(), "disaster" | "election" | "other");
            let text = if has_sides {
                "The desk will watch for a response from the other parties, and for sources independent of the first report."
            } else {
                "The desk will watch for sources independent of the first report."
            };
            out.push(sentence(text.to_string(), all));
        }
        out
    }
}
