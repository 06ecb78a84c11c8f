//! The attribution lexicons the rules and the tagger share: reporting cue words and verbs,
//! anonymous-source phrases, roles and organisations, and what kind of speaker a phrase names.
//! Outlets are the gazetteer's (`crate::entities`), so the rules and the entity stage agree.

use std::sync::LazyLock;

use regex::Regex;
use wiredesk_model::{EntityKind, SpeakerKind};

/// Words that signal reporting, in lowercase (English; a few Russian/Ukrainian forms for rules).
const CUE_WORDS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "according",
    "stated",
    "state",
    "announced",
    "announce",
    "announces",
    "report",
    "reported",
    "reports",
    "reporting",
    "reportedly",
    "claim",
    "claimed",
    "claims",
    "confirm",
    "confirmed",
    "confirms",
    "deny",
    "denied",
    "denies",
    "added",
    "adds",
    "wrote",
    "writes",
    "write",
    "argue",
    "argued",
    "argues",
    "insist",
    "insisted",
    "insists",
    "noted",
    "notes",
    "explained",
    "explains",
    "asked",
    "asks",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "suggested",
    "suggests",
    "warned",
    "warns",
    "acknowledged",
    "admitted",
    "maintained",
    "predicted",
    "promised",
    "promises",
    "pledged",
    "vowed",
    "called",
    "calls",
    "urged",
    "accused",
    "charged",
    "tweeted",
    "estimated",
    "showed",
    "shows",
    "show",
    "found",
    "per",
    "citing",
    "cited",
    "quoted",
    "described",
    "indicated",
    "declared",
    "mentioned",
    "recalled",
    "responded",
    "replied",
    "asserted",
    "alleged",
    "questioned",
    "criticized",
    "praised",
    "agreed",
    "hoped",
    "hopes",
    "feared",
    "fears",
    "expected",
    "expects",
    "want",
    "wants",
    "wanted",
    "feel",
    "feels",
    "felt",
    "know",
    "knows",
    "knew",
    "blamed",
    "conceded",
    "emphasized",
    "stressed",
    "complained",
    "joked",
    "boasted",
    "signaled",
    "hinted",
    "proposed",
    "demanded",
    "announcement",
    "statement",
    "interview",
    "remarks",
    "speech",
    "suggest",
    "believing",
    "saw",
    "see",
    "sees",
    "agree",
    "agrees",
    "disagree",
    "accuse",
    "accuses",
    "claiming",
    "insisting",
    "arguing",
    "blasted",
    "slammed",
    "touted",
    "pointed",
    "acknowledges",
    "admits",
    "admit",
    "recalls",
    "predicts",
    "poll",
    "polls",
    "survey",
    "according",
    "sources",
    "source",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

pub fn is_cue_word(lower: &str) -> bool {
    CUE_WORDS.contains(&lower)
}

/// The outlet `phrase` names (an article allowed): the gazetteer's name for it ("AFP" for
/// "Agence France-Presse"), or the acronym as written ("FT"). The gazetteer decides, with its
/// aliases and Russian/Ukrainian inflections.
pub fn outlet_name(phrase: &str) -> Option<&'static str> {
    let phrase = phrase
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
    // An acronym as written ("FT") is kept: it is how the post names the outlet.
    let outlet = |name: &str| {
        let entry = crate::entities::gazetteer()
            .lookup(name)
            .filter(|entry| entry.kind == EntityKind::Outlet)?;
        let acronym = entry.aliases.iter().find(|alias| {
            alias.as_str() == name
                && alias.is_ascii()
                && alias.chars().all(|c| c.is_ascii_uppercase())
        });
        Some(acronym.unwrap_or(&entry.canonical).as_str())
    };
    outlet(strip_article(phrase)).or_else(|| outlet(phrase))
}

/// The first outlet named in `text`.
pub fn find_outlet(text: &str) -> Option<&'static str> {
    let mention = crate::entities::entities(text, None)
        .into_iter()
        .find(|mention| mention.kind == EntityKind::Outlet)?;
    crate::entities::gazetteer()
        .get(&mention.canonical)
        .map(|entry| entry.canonical.as_str())
}

fn strip_article(phrase: &str) -> &str {
    for article in ["the ", "The "] {
        if let Some(rest) = phrase.strip_prefix(article) {
            return rest;
        }
    }
    phrase
}

const ANONYMOUS: &[&str] = &[
    "source",
    "sources",
    "people familiar",
    "person familiar",
    "familiar with",
    "officials",
    "diplomats",
    "insiders",
    "insider",
    "residents",
    "witnesses",
    "eyewitnesses",
    "analysts",
    "observers",
    "people close",
    "источник",
    "источники",
    "источника",
    "источников",
    "джерело",
    "джерела",
    "джерел",
    "собеседник",
    "співрозмовник",
    "очевидцы",
    "очевидці",
    "местные жители",
    "місцеві жителі",
];

const ROLES: &[&str] = &[
    "governor",
    "minister",
    "president",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "chief",
    "head",
    "commander",
    "secretary",
    "premier",
    "official",
    "deputy",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "general",
    "prosecutor",
    "adviser",
    "advisor",
    "aide",
    "senator",
    "lawmaker",
    "mp",
    "judge",
    "leader",
    "king",
    "queen",
    "prince",
    "pope",
    "chancellor",
    "diplomat",
    "representative",
    "negotiator",
    "officer",
    "ombudsman",
    "губернатор",
    "министр",
    "президент",
    "мэр",
    "глава",
    "руководитель",
    "пресс-секретарь",
    "представитель",
    "посол",
    "губернатора",
    "міністр",
    "голова",
    "речник",
    "мер",
    "очільник",
    "представник",
];

const ORGANIZATIONS: &[&str] = &[
    "ministry",
    "administration",
    "army",
    "navy",
    "police",
    "agency",
    "service",
    "government",
    "council",
    "authority",
    "authorities",
    "company",
    "media",
    "headquarters",
    "committee",
    "office",
    "union",
    "unions",
    "force",
    "forces",
    "command",
    "kremlin",
    "pentagon",
    "hall",
    "department",
    "operator",
    "distributor",
    "guard",
    "military",
    "court",
    "parliament",
    "press",
    "reports",
    "statement",
    "bureau",
    "centre",
    "center",
    "commission",
    "institute",
    "organization",
    "organisation",
    "junta",
    "cabinet",
    "embassy",
    "party",
    "staff",
    "iaea",
    "afad",
    "nato",
    "un",
    "eu",
    "who",
    "anm",
    "министерство",
    "минобороны",
    "мид",
    "сми",
    "администрация",
    "ведомство",
    "штаб",
    "міністерство",
    "мзс",
    "адміністрація",
    "зсу",
    "сбу",
    "змі",
    "служба",
    "командование",
    "командування",
    "ова",
    "вса",
];

/// What kind of speaker `phrase` is, when it looks like one.
pub fn speaker_kind(phrase: &str) -> Option<SpeakerKind> {
    let trimmed = phrase.trim();
    if trimmed.is_empty() {
        return None;
    }
    if outlet_name(trimmed).is_some() || trimmed.starts_with('@') {
        return Some(SpeakerKind::Outlet);
    }
    let lower = trimmed.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| *w == "no") {
        return None;
    }
    if ANONYMOUS.iter().any(|a| {
        if a.contains(' ') {
            lower.contains(a)
        } else {
            words
                .iter()
                .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *a)
        }
    }) {
        return Some(SpeakerKind::Anonymous);
    }
    // "two colleagues and a family member", "several residents", "three people": people counted,
    // not named, are unnamed sources however they are described.
    let counted = words.first().is_some_and(|first| {
        let first = first.trim_matches(|c: char| !c.is_alphanumeric());
        first.chars().all(|c| c.is_ascii_digit())
            || crate::ledger::number_word(first).is_some_and(|n| n >= 2)
            || matches!(
                first,
                "several" | "some" | "many" | "few" | "numerous" | "various"
            )
    });
    let named = trimmed
        .split_whitespace()
        .skip(1)
        .any(|word| word.chars().next().is_some_and(char::is_uppercase));
    if counted && !named {
        return Some(SpeakerKind::Anonymous);
    }
    // "a diplomat", "an official", "diplomat says": one unnamed person in a role, with no body
    // or country to place them, is an unnamed source.
    let indefinite = matches!(words.first(), Some(&("a" | "an")))
        || (words.len() == 1 && matches!(words[0], "diplomat" | "official" | "insider"));
    let unplaced = !trimmed.contains(['\'', '’'])
        && !words.contains(&"of")
        && trimmed
            .split_whitespace()
            .all(|word| !word.chars().next().is_some_and(char::is_uppercase) || word.len() <= 2);
    if indefinite && unplaced && words.len() <= 4 {
        let head = words
            .iter()
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
            .next_back()
            .unwrap_or_default();
        if ROLES.contains(&head) || matches!(head, "diplomat" | "official" | "insider") {
            return Some(SpeakerKind::Anonymous);
        }
    }
    // The head noun: the last word before "of" ("the head of the administration" → head).
    let head_part: Vec<&str> = words
        .iter()
        .copied()
        .take_while(|w| !matches!(*w, "of" | "for" | "at" | "in" | "who" | "which"))
        .collect();
    let clean = |w: &&str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_owned()
    };
    let head = head_part.last().map(clean).unwrap_or_default();
    if ROLES.contains(&head.as_str()) {
        return Some(SpeakerKind::Role);
    }
    if ORGANIZATIONS.contains(&head.as_str()) {
        return Some(SpeakerKind::Organization);
    }
    if words
        .iter()
        .map(clean)
        .any(|w| ORGANIZATIONS.contains(&w.as_str()))
    {
        return Some(SpeakerKind::Organization);
    }
    if words.iter().map(clean).any(|w| ROLES.contains(&w.as_str())) {
        return Some(SpeakerKind::Role);
    }
    if matches!(
        lower.as_str(),
        "he" | "she" | "они" | "он" | "она" | "він" | "вона"
    ) {
        return Some(SpeakerKind::Named);
    }
    // "the Wielkopolska Farmers' Alliance": a leading article does not make a name common.
    let original_words: Vec<&str> = trimmed
        .split_whitespace()
        .enumerate()
        .filter(|&(idx, word)| !(idx == 0 && word == "the"))
        .map(|(_, word)| word)
        .collect();
    let capitalized = original_words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    if capitalized == original_words.len() && capitalized > 0 {
        // "AFAD", "ANM": an acronym is a body; "Hakan Fidan", "Lavrov": a person.
        let acronym = original_words.len() == 1
            && original_words[0]
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        return Some(if acronym {
            SpeakerKind::Organization
        } else {
            SpeakerKind::Named
        });
    }
    None
}

/// A phrase "the source", "the same reports", "these sources": points back to an earlier speaker.
pub fn is_back_reference(phrase: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(the|these|those|this|that|same)\s+(same\s+)?(source|sources|report|reports|statement|official|officials|agency|outlet)$|^(тот же|той же|те же|тот же источник|то же джерело|те саме джерело)")
            .expect("back-reference pattern is valid")
    });
    RE.is_match(phrase.trim())
}

/// Verbs and phrases that report speech (narrower than the tagger's cue lexicon).
pub fn is_reporting_verb(lower: &str) -> bool {
    matches!(
        lower,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "stated"
            | "announced"
            | "announces"
            | "reported"
            | "reports"
            | "report"
            | "claimed"
            | "claims"
            | "confirmed"
            | "confirms"
            | "denied"
            | "denies"
            | "added"
            | "adds"
            | "wrote"
            | "writes"
            | "warned"
            | "warns"
            | "noted"
            | "insisted"
            | "insists"
            | "alleged"
            | "tweeted"
            | "posted"
            | "declared"
            | "according"
            | "citing"
            | "cited"
            | "quoted"
            | "reportedly"
    )
}
