//! Hand rules for the attribution idioms the desk meets on Telegram and in feeds ("according to a
//! diplomatic source cited by AFP", "per AFP, citing …", "X said", "— Reuters", "Source: FT",
//! "по данным …", "за словами …"). The lexicons they and the tagger share are in `lexicon`.
//!
//! Decision: rules, not the PolNeAR model, decide the speaker, its kind and the outlet in
//! `attribute()`: the desk needs "who and through which outlet" to be exact on short posts, and
//! the model (trained on long US news prose) marks far more than reporting ("try to convince").
//! Outlets are the gazetteer's (`crate::entities`), so the rules and the entity stage agree.

use std::sync::LazyLock;

use regex::Regex;
use wiredesk_model::{Speaker, SpeakerKind};

use super::Found;
use super::lexicon::*;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("attribution pattern is valid")
}

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^[^\p{L}\p{N}@]*(source|sources|источник|джерело|via)\s*:\s*(.+?)\s*$")
});
static VIA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\s(])(?:via|через)\s+(@[\p{L}\p{N}_]+|\p{Lu}[\p{L}\p{N}&\-]*(?:\s+\p{Lu}[\p{L}\p{N}&\-]*)*)",
    )
});
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(according to|по данным|по словам|по информации|по сообщению|за даними|за словами|за інформацією|як повідомляє|как сообщает|как передает|как передаёт|як передає)\s+(.+?)(?:\s+(cited by|quoted by|as reported by|reported by|told|со ссылкой на|з посиланням на)\s+(.+?))?\s*(?:,|;|\.\s|\.$|$|\s+who\b|\s+котор|\s+який|\s+яка)",
    )
});
static PER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\s,;(—–-])per\s+(\p{Lu}[\p{L}\p{N}&.\-]*(?:\s+\p{Lu}[\p{L}\p{N}&.\-]*)*)(?:\s*,?\s*citing\s+([^,.;:!?]+))?",
    )
});
static CITING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(citing|со ссылкой на|з посиланням на|cited by|quoted by|as reported by|reported by)\s+([^,.;:!?]+)",
    )
});
static WIRE_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\s(?:—|–|--|-)\s*(\p{Lu}[\p{L}\p{N} .&\-]*?)\s*\.?\s*$)|\((\p{Lu}[\p{L}\p{N} .&\-]*)\)")
});
const VERBS: &str = "said|says|say|told|tells|stated|announced|announces|reported|reports|report|claimed|claims|confirmed|confirms|denied|denies|added|adds|wrote|writes|warned|warns|noted|insisted|insists|alleged|tweeted|declared|заявил|заявила|заявили|сообщил|сообщила|сообщили|сообщает|сообщают|передает|передаёт|заявив|заявило|повідомив|повідомила|повідомили|повідомило|повідомляє|повідомляють|написал|написала|написав|пишет|пише";
static INVERSION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:[,\x22”»]\s*|\s)({VERBS})\s+([^,.;:!?]+?)\s*(?:[,.;:!?]|$)"
    ))
});
static VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:has|have|had|also|later|earlier|now|again)\s+)*({VERBS})\b"
    ))
});
static CUE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s+(in a statement|on telegram|on x|on twitter|on facebook|in an interview|to reporters|in a post|в telegram|в телеграм|у telegram|у телеграм)\b",
    )
});
static REPORTEDLY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(reportedly|allegedly|сообщается|по сообщениям|повідомляється|як повідомляється)\b")
});
static COLON: LazyLock<Regex> = LazyLock::new(|| re(r"^[^\p{L}\p{N}]*([^:]{2,60}?):\s+(\S.*)$"));

const PARTICIPLES: &[&str] = &[
    "reported",
    "announced",
    "confirmed",
    "denied",
    "claimed",
    "noted",
];

fn clean_speaker(text: &str) -> String {
    text.trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

fn clean_content(text: &str) -> String {
    let text = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !"\"“«'‘".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-.".contains(c));
    text.to_owned()
}

/// The sentence without `start..end` (the attribution clause), and without a relative clause
/// hanging off the speaker (", who heads the regional administration").
fn without(sentence: &str, start: usize, end: usize) -> String {
    let after_comma = sentence[end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let mut rest = after_comma;
    let lower = after_comma.to_lowercase();
    if ["who ", "which ", "котор", "який ", "яка ", "які "]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        rest = after_comma
            .find([',', ';'])
            .map_or("", |i| &after_comma[i + 1..]);
    }
    let joined = format!("{} {}", sentence[..start].trim_end(), rest);
    clean_content(&joined.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn speaker(text: &str, kind: Option<SpeakerKind>) -> Option<Speaker> {
    let text = clean_speaker(text);
    let kind = kind.or_else(|| speaker_kind(&text))?;
    Some(Speaker { text, kind })
}

fn found(speaker: Option<Speaker>, cue: &str, outlet: Option<&str>, content: String) -> Found {
    let outlet = outlet
        .map(str::to_owned)
        .or_else(|| {
            speaker
                .as_ref()
                .and_then(|s| outlet_name(&s.text))
                .map(str::to_owned)
        })
        .or_else(|| {
            speaker
                .as_ref()
                .filter(|s| s.text.starts_with('@'))
                .map(|s| s.text.clone())
        });
    Found {
        speaker,
        cue: Some(cue.trim().to_owned()),
        outlet,
        content,
    }
}

/// The attribution in one sentence, by the first idiom that matches.
pub(crate) fn extract(sentence: &str) -> Option<Found> {
    if let Some(c) = SOURCE_LINE.captures(sentence) {
        let (cue, name) = (c.get(1)?, c.get(2)?);
        let who = speaker(
            name.as_str(),
            Some(SpeakerKind::Outlet)
                .filter(|_| speaker_kind(&clean_speaker(name.as_str())).is_none()),
        )?;
        return Some(found(
            Some(who),
            &format!("{}:", cue.as_str()),
            None,
            String::new(),
        ));
    }
    if let Some(c) = ACCORDING.captures(sentence) {
        let whole = c.get(0)?;
        let cue = c.get(1)?.as_str();
        let who_text = clean_speaker(c.get(2)?.as_str());
        let relay = c.get(4).map(|m| clean_speaker(m.as_str()));
        let outlet = relay
            .as_deref()
            .and_then(|r| outlet_name(r).or_else(|| find_outlet(r)));
        let who = speaker(&who_text, None).or_else(|| {
            Some(Speaker {
                text: who_text.clone(),
                kind: SpeakerKind::Organization,
            })
        });
        let cue = match c.get(3) {
            Some(rel) => format!("{cue} … {}", rel.as_str()),
            None => cue.to_owned(),
        };
        let end = if whole.as_str().ends_with([',', ';']) || whole.as_str().ends_with(". ") {
            whole.end() - 1
        } else {
            whole.end()
        };
        return Some(found(
            who,
            &cue,
            outlet,
            without(sentence, whole.start(), end),
        ));
    }
    if let Some(c) = PER.captures(sentence) {
        let whole = c.get(0)?;
        let per = clean_speaker(c.get(1)?.as_str());
        let outlet = outlet_name(&per);
        let (who, cue) = match c.get(2) {
            Some(cited) => (speaker(cited.as_str(), None), "per … citing"),
            None => (speaker(&per, None), "per"),
        };
        if who.is_some() {
            return Some(found(
                who,
                cue,
                outlet,
                without(sentence, whole.start(), whole.end()),
            ));
        }
    }
    if let Some(c) = CITING.captures(sentence) {
        let whole = c.get(0)?;
        let who = speaker(c.get(2)?.as_str(), None);
        if who.is_some() {
            let outlet =
                find_outlet(&sentence[..whole.start()]).or_else(|| find_outlet(c.get(2)?.as_str()));
            let content = without(sentence, whole.start(), whole.end());
            return Some(found(who, c.get(1)?.as_str(), outlet, content));
        }
    }
    if let Some(c) = WIRE_SIGNATURE.captures(sentence) {
        let whole = c.get(0)?;
        let name = c.get(1).or_else(|| c.get(2))?;
        if let Some(outlet) = outlet_name(name.as_str()) {
            let cue = if c.get(2).is_some() {
                format!("({})", name.as_str())
            } else {
                "—".to_owned()
            };
            let who = Some(Speaker {
                text: clean_speaker(name.as_str()),
                kind: SpeakerKind::Outlet,
            });
            return Some(found(
                who,
                &cue,
                Some(outlet),
                without(sentence, whole.start(), whole.end()),
            ));
        }
    }
    if let Some(c) = VIA.captures(sentence) {
        let whole = c.get(0)?;
        let who = speaker(c.get(1)?.as_str(), Some(SpeakerKind::Outlet));
        return Some(found(
            who,
            "via",
            None,
            without(sentence, whole.start(), whole.end()),
        ));
    }
    if let Some(hit) = verb_attribution(sentence) {
        return Some(hit);
    }
    if let Some(c) = INVERSION.captures(sentence) {
        let whole = c.get(0)?;
        let who_text = c.get(2)?.as_str();
        if let Some(who) = speaker(who_text, None) {
            let content = clean_content(&sentence[..whole.start()]);
            return Some(found(Some(who), c.get(1)?.as_str(), None, content));
        }
    }
    if let Some(c) = COLON.captures(sentence) {
        let prefix = c.get(1)?.as_str();
        if let Some(
            kind @ (SpeakerKind::Organization
            | SpeakerKind::Role
            | SpeakerKind::Anonymous
            | SpeakerKind::Outlet),
        ) = speaker_kind(&clean_speaker(prefix))
        {
            let who = speaker(prefix, Some(kind));
            return Some(found(who, ":", None, clean_content(c.get(2)?.as_str())));
        }
    }
    if let Some(m) = REPORTEDLY.find(sentence) {
        let content = without(sentence, m.start(), m.end());
        return Some(found(None, m.as_str(), find_outlet(sentence), content));
    }
    None
}

/// "X said …", "…, X said", "X told AFP …", "the governor wrote on Telegram …".
fn verb_attribution(sentence: &str) -> Option<Found> {
    for c in VERB.captures_iter(sentence) {
        let (whole, verb) = (c.get(0)?, c.get(1)?);
        let mut left = &sentence[..whole.start()];
        // "The organisers, the Wielkopolska Farmers' Alliance, say …": the speaker is the
        // apposition between the commas, which names who the first phrase describes.
        if left.trim_end().ends_with(',')
            && !left.trim_end()[..left.trim_end().len() - 1]
                .trim_end()
                .ends_with(',')
        {
            let trimmed = left.trim_end();
            left = &trimmed[..trimmed.len() - 1];
        }
        let boundary = left
            .char_indices()
            .filter(|&(_, ch)| ",:;—–\"“”«»(".contains(ch))
            .map(|(i, ch)| i + ch.len_utf8())
            .next_back()
            .unwrap_or(0);
        let mut phrase = left[boundary..].trim();
        for conj in ["and ", "but ", "while ", "as ", "и ", "а ", "і "] {
            if let Some(rest) = phrase.strip_prefix(conj) {
                phrase = rest;
            }
        }
        let phrase = clean_speaker(phrase);
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() || words.len() > 8 {
            continue;
        }
        let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        if matches!(
            last.as_str(),
            "was" | "were" | "is" | "are" | "been" | "be" | "being"
        ) {
            continue;
        }
        let Some(kind) = speaker_kind(&phrase) else {
            continue;
        };
        let verb_lower = verb.as_str().to_lowercase();
        if PARTICIPLES.contains(&verb_lower.as_str())
            && kind == SpeakerKind::Named
            && words.len() == 1
            && !phrase.chars().all(|ch| ch.is_uppercase())
        {
            continue;
        }
        let mut cue_end = whole.end();
        let mut cue = verb.as_str().to_owned();
        if let Some(s) = CUE_SUFFIX.captures(&sentence[cue_end..]) {
            let m = s.get(0)?;
            cue = format!("{cue} {}", s.get(1)?.as_str());
            cue_end += m.end();
        }
        let mut rest = &sentence[cue_end..];
        let mut outlet = None;
        if matches!(verb_lower.as_str(), "told" | "tells") {
            let next: String = rest
                .trim_start()
                .chars()
                .take_while(|ch| ch.is_alphanumeric() || *ch == ' ' || *ch == '-')
                .collect();
            let mut words_after: Vec<&str> = next.split_whitespace().collect();
            while !words_after.is_empty() {
                let candidate = words_after.join(" ");
                if let Some(name) = outlet_name(&candidate) {
                    outlet = Some(name);
                    let skip = rest.find(&candidate).map_or(0, |i| i + candidate.len());
                    rest = &rest[skip..];
                    break;
                }
                words_after.pop();
            }
        }
        let mut after = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let complement = ["that ", "что ", "що "]
            .iter()
            .any(|w| after.starts_with(w));
        for filler in [
            "that ",
            "что ",
            "що ",
            "on Wednesday",
            "on Tuesday",
            "on Monday",
            "on Thursday",
            "on Friday",
            "on Saturday",
            "on Sunday",
        ] {
            if let Some(r) = after.strip_prefix(filler) {
                after = r.trim_start();
            }
        }
        let ends_clause = (rest.trim_start().starts_with([',', ';', '.', ')']) && !complement)
            || rest.trim().is_empty();
        let after = clean_content(after);
        let content = if !ends_clause && after.split_whitespace().count() >= 2 {
            after
        } else {
            clean_content(&sentence[..boundary])
        };
        let who = Some(Speaker { text: phrase, kind });
        return Some(found(who, &cue, outlet, content));
    }
    None
}
