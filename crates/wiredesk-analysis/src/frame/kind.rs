//! Story kinds as a type: one table of slots per kind, its core slot and its set slots, matched
//! exhaustively so a new kind is one variant to add and the compiler finds the rest.
//!
//! The kinds, slot names and core slots are those of the frame table in
//! `shared/scenarios/README.md`; `Other` is the generic frame (what, who, location, date) for a
//! story no kind fits well.

use std::fmt;
use std::str::FromStr;

/// What kind of event a story reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Talks,
    Strike,
    Statement,
    Ceasefire,
    Protest,
    Sanctions,
    Arrest,
    Election,
    Disaster,
    Other,
}

impl Kind {
    /// Every kind, `Other` last.
    pub const ALL: [Kind; 10] = [
        Kind::Talks,
        Kind::Strike,
        Kind::Ceasefire,
        Kind::Statement,
        Kind::Protest,
        Kind::Sanctions,
        Kind::Arrest,
        Kind::Election,
        Kind::Disaster,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Talks => "talks",
            Kind::Strike => "strike",
            Kind::Statement => "statement",
            Kind::Ceasefire => "ceasefire",
            Kind::Protest => "protest",
            Kind::Sanctions => "sanctions",
            Kind::Arrest => "arrest",
            Kind::Election => "election",
            Kind::Disaster => "disaster",
            Kind::Other => "other",
        }
    }

    /// The kind named `name`, `Other` for a name the desk does not know.
    pub fn of(name: &str) -> Kind {
        name.parse().unwrap_or(Kind::Other)
    }

    /// The slots a story of this kind should answer, in frame order.
    pub fn slots(self) -> &'static [&'static str] {
        match self {
            Kind::Talks => &[
                "location",
                "date",
                "parties",
                "mediators",
                "format",
                "principals",
                "delegation",
                "agenda",
                "documents",
                "outcome",
            ],
            Kind::Strike => &[
                "location",
                "date",
                "attacker",
                "target",
                "weapon",
                "killed",
                "injured",
                "claimed_by",
            ],
            Kind::Statement => &["speaker", "date", "subject", "position"],
            Kind::Ceasefire => &["parties", "mediators", "start", "terms", "violations"],
            Kind::Protest => &[
                "location",
                "date",
                "organizers",
                "size",
                "demands",
                "arrested",
                "injured",
                "killed",
            ],
            Kind::Sanctions => &["imposed_by", "targets", "measures", "reason", "date"],
            Kind::Arrest => &["person", "arrested_by", "location", "date", "charges"],
            Kind::Election => &["location", "date", "candidates", "winner", "turnout"],
            Kind::Disaster => &[
                "hazard",
                "location",
                "date",
                "magnitude",
                "killed",
                "injured",
                "displaced",
            ],
            Kind::Other => &["what", "who", "location", "date"],
        }
    }

    /// The slot a denial of the event itself disputes.
    pub fn core_slot(self) -> &'static str {
        match self {
            Kind::Talks => "format",
            Kind::Strike => "target",
            Kind::Statement => "position",
            Kind::Ceasefire => "terms",
            Kind::Protest => "size",
            Kind::Sanctions => "measures",
            Kind::Arrest => "person",
            Kind::Election => "winner",
            Kind::Disaster => "hazard",
            Kind::Other => "what",
        }
    }

    /// Whether the slot's values form a set: different members are not a conflict (two
    /// mediators, three agenda items, drones and missiles; `other`'s `what`, since two reports
    /// word one event differently). Every other slot holds one answer, so two origins giving
    /// different values dispute it; a set slot is disputed only by a denial.
    pub fn is_set_slot(self, slot: &str) -> bool {
        match self {
            Kind::Talks => matches!(
                slot,
                "parties" | "mediators" | "principals" | "delegation" | "agenda" | "documents"
            ),
            Kind::Strike => slot == "weapon",
            Kind::Ceasefire => matches!(slot, "parties" | "mediators" | "terms" | "violations"),
            Kind::Protest => matches!(slot, "organizers" | "demands"),
            Kind::Sanctions => matches!(slot, "imposed_by" | "targets" | "measures"),
            Kind::Arrest => matches!(slot, "person" | "charges"),
            Kind::Election => slot == "candidates",
            Kind::Other => matches!(slot, "what" | "who"),
            Kind::Statement | Kind::Disaster => false,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the desk's kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown story kind {0:?}")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownKind(name.to_string()))
    }
}

/// Kinds one event can take in different reports share a family: talks that produce a truce,
/// sanctions announced in a statement, arrests at a protest, a fire after a strike. `other` for
/// kinds that go with any event (a statement, the generic kind).
pub fn family(kind: &str) -> &'static str {
    match kind {
        "talks" | "ceasefire" | "sanctions" => "diplomacy",
        "protest" | "arrest" => "unrest",
        "strike" | "disaster" => "violence",
        "election" => "election",
        _ => "other",
    }
}
