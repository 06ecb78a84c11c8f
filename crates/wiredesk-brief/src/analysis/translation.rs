//! English renderings of posts in other languages, through the same endpoint as the analysis:
//! the prompt (`prompts/translate.md`, compiled in), the answer's schema, reading the answer, and
//! the check a rendering must pass before the desk keeps it.
//!
//! Decision: a rendering is evidence only for what its original already says. Each of its
//! sentences goes through the brief's own checker with the original as the only evidence (names
//! compared across scripts, numbers, dates, times, quotes), so a rendering that invents or
//! changes a fact is dropped whole and the desk keeps citing the original. Quoting a rendering
//! is then quoting the desk's checked copy, and the brief marks it as a translation.

use std::sync::LazyLock;

use serde_json::{Value, json};
use wiredesk_model::Sentence;

use super::prompt::{Prompt, Template, fill, prompt_hash, version_of};
use crate::check::check_sentence;
use crate::text::clean_sentences;

const PROMPT_FILE: &str = include_str!("../../../../prompts/translate.md");

/// The translation prompt's version: its first line, `version: translate-v1`.
pub const TRANSLATION_PROMPT_VERSION: &str = version_of(PROMPT_FILE);

/// The `name` of the translation answer's JSON schema.
pub const TRANSLATION_SCHEMA_NAME: &str = "wiredesk_translation";

/// Longest original the desk asks to render, in characters: a post's first part carries what a
/// brief quotes, and a longer text would not fit the model's answer.
pub const MAX_ORIGINAL_CHARS: usize = 1_500;

static TEMPLATE: LazyLock<Template> =
    LazyLock::new(|| Template::of(PROMPT_FILE, "prompts/translate.md"));

/// The English name of a language code the desk meets, else the code.
pub fn language_name(code: &str) -> &str {
    match code {
        "uk" => "Ukrainian",
        "ru" => "Russian",
        "be" => "Belarusian",
        "pl" => "Polish",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "tr" => "Turkish",
        "ar" => "Arabic",
        "fa" => "Persian",
        "he" => "Hebrew",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "ka" => "Georgian",
        "hy" => "Armenian",
        "az" => "Azerbaijani",
        "kk" => "Kazakh",
        "ro" => "Romanian",
        "nl" => "Dutch",
        other => other,
    }
}

/// The part of `text` the desk asks to render: at most [`MAX_ORIGINAL_CHARS`], cut at a
/// sentence's end where one falls in the last half.
pub fn original_part(text: &str) -> &str {
    let text = text.trim();
    if text.chars().count() <= MAX_ORIGINAL_CHARS {
        return text;
    }
    let cut = text
        .char_indices()
        .nth(MAX_ORIGINAL_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    match head.rfind(['.', '!', '?', '\n']) {
        Some(end) if end > cut / 2 => &head[..=end],
        _ => head,
    }
}

/// The request for an English rendering of `text`, written in `language` (a code).
pub fn translation_prompt(text: &str, language: &str) -> Prompt {
    let template = &*TEMPLATE;
    let user = fill(
        &template.user,
        &[
            ("language", language_name(language).to_string()),
            ("text", original_part(text).to_string()),
        ],
    );
    let schema = schema();
    let hash = prompt_hash(TRANSLATION_PROMPT_VERSION, &template.system, &user, &schema);
    Prompt {
        system: template.system.clone(),
        user,
        schema,
        hash,
        schema_name: TRANSLATION_SCHEMA_NAME,
    }
}

/// `{"text": string}`, nothing else. The string has no `maxLength`: llama.cpp turns one into a
/// grammar of that many nested rules, and a few thousand crashed its server; `max_tokens`
/// bounds the answer instead.
fn schema() -> Value {
    json!({
        "type": "object",
        "properties": { "text": { "type": "string" } },
        "required": ["text"],
        "additionalProperties": false,
    })
}

/// The rendering in a model's answer: `{"text": …}`, bare or in a JSON code fence.
pub fn parse_translation(content: &str) -> Result<String, String> {
    let trimmed = content.trim();
    let body = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|fenced| fenced.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    let value: Value =
        serde_json::from_str(body.trim()).map_err(|error| format!("malformed answer: {error}"))?;
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .map(str::trim)
        .ok_or("malformed answer: no \"text\"")?;
    if text.is_empty() {
        return Err("an empty rendering".to_string());
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether `rendering` says only what `original` says: every sentence of it passes the brief's
/// checker with the original as its one piece of evidence. `Err` names the first sentence that
/// does not, and what it lacks.
pub fn check_translation(original: &str, rendering: &str) -> Result<(), String> {
    const ORIGINAL: &str = "original";
    // An English rendering: Latin letters (a few foreign names aside), and not the original
    // given back.
    let letters: Vec<char> = rendering.chars().filter(|c| c.is_alphabetic()).collect();
    let latin = letters.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if letters.is_empty() || latin * 10 < letters.len() * 9 {
        return Err("not in English: most of its letters are not Latin".to_string());
    }
    let long_words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    };
    let original_words = long_words(original);
    let rendered_words = long_words(rendering);
    let shared = rendered_words
        .iter()
        .filter(|word| original_words.contains(word))
        .count();
    if !rendered_words.is_empty() && shared * 2 > rendered_words.len() {
        return Err("not a translation: most of its words are the original's".to_string());
    }
    for text in clean_sentences(rendering) {
        let sentence = Sentence {
            text: opening_word_lowered(&text),
            citations: vec![ORIGINAL.to_string()],
        };
        check_sentence(&sentence, &|_| Some(original.to_string()))
            .map_err(|reason| format!("{text:?}: {reason}"))?;
    }
    Ok(())
}

/// `text` with its first word in lower case unless the part-of-speech tagger reads it as a
/// proper noun: a rendering's sentences open any way the language allows ("Overnight, …"),
/// and the checker takes a capitalised word it cannot place for a name.
fn opening_word_lowered(text: &str) -> String {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .collect();
    let Some(first) = tokens.first() else {
        return text.to_string();
    };
    let tags = wiredesk_analysis::pos::tag(&tokens);
    if tags.first().is_some_and(|tag| tag.starts_with("NNP")) {
        return text.to_string();
    }
    match text.find(first) {
        Some(at) => {
            let mut out = text[..at].to_string();
            let mut chars = first.chars();
            if let Some(initial) = chars.next() {
                out.extend(initial.to_lowercase());
                out.push_str(chars.as_str());
            }
            out.push_str(&text[at + first.len()..]);
            out
        }
        None => text.to_string(),
    }
}
