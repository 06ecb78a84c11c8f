//! The model's answer: four arrays of proposed sentences, read strictly.
//!
//! Decision: the only leniency is a Markdown code fence around the JSON (models add one even
//! when asked not to); unknown fields, missing arrays, prose around the object or a citation
//! that is not a whole number make the answer malformed, and a malformed answer withholds the
//! whole analysis rather than publish a guess at what the model meant.

use serde::{Deserialize, Serialize};

/// One sentence the model proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposed {
    pub kind: ProposedKind,
    pub text: String,
    /// Numbers of the evidence items it rests on (1-based).
    pub cites: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposedKind {
    /// States what the cited items say: must pass the brief's checker.
    Fact,
    /// The desk's interpretation: may not bring anything the cited items do not give.
    Analysis,
}

/// The model's whole answer, one array per section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub signals: Vec<Proposed>,
    pub readings: Vec<Proposed>,
    pub why_now: Vec<Proposed>,
    pub stakes: Vec<Proposed>,
}

impl Answer {
    /// The four arrays with their section headings, in the brief's order.
    pub fn sections(&self) -> [(&'static str, &[Proposed]); 4] {
        [
            (super::HEADING_SIGNALS, &self.signals),
            (super::HEADING_READINGS, &self.readings),
            (super::HEADING_WHY_NOW, &self.why_now),
            (super::HEADING_STAKES, &self.stakes),
        ]
    }
}

/// Reads the chat message's content: the JSON object, optionally inside a ```json fence.
pub fn parse_answer(content: &str) -> Result<Answer, String> {
    let trimmed = content.trim();
    let body = match trimmed.strip_prefix("```") {
        Some(fenced) => {
            let (info, rest) = fenced
                .split_once('\n')
                .ok_or_else(|| "malformed answer: an unclosed code fence".to_string())?;
            if !matches!(info.trim().to_lowercase().as_str(), "" | "json") {
                return Err(format!("malformed answer: a {:?} code fence", info.trim()));
            }
            rest.trim_end()
                .strip_suffix("```")
                .ok_or_else(|| "malformed answer: an unclosed code fence".to_string())?
        }
        None => trimmed,
    };
    if body.trim().is_empty() {
        return Err("malformed answer: empty".to_string());
    }
    serde_json::from_str(body).map_err(|error| format!("malformed answer: {error}"))
}
