//! An origin in the making: the names of one speaker or outlet gathered from a story's posts,
//! which of them it goes by, and whether a new name joins it.

use super::*;

/// Names that turned out to be one origin.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) names: Vec<String>,
    /// Names the source itself goes by (its own publications): preferred for display.
    pub(super) own_names: Vec<String>,
    /// English names translations of its own posts give it: preferred over a name in another
    /// language.
    pub(super) english_names: Vec<String>,
    pub(super) canonical: Option<Resolved>,
    pub(super) kind: SpeakerKind,
    /// Labels that deny the story's claim, and labels that carry it.
    pub(super) n_denials: usize,
    pub(super) n_claims: usize,
}

impl Default for Group {
    fn default() -> Group {
        Group {
            names: Vec::new(),
            own_names: Vec::new(),
            english_names: Vec::new(),
            canonical: None,
            kind: SpeakerKind::Organization,
            n_denials: 0,
            n_claims: 0,
        }
    }
}

impl Group {
    pub(super) fn accepts(&self, name: &str, resolve: &dyn Fn(&str) -> Option<Resolved>) -> bool {
        if let (Some(canonical), Some(resolved)) = (&self.canonical, resolve(name)) {
            return canonical.canonical == resolved.canonical;
        }
        self.names.iter().any(|existing| same_name(existing, name))
    }

    pub(super) fn add(&mut self, label: &Label, resolve: &dyn Fn(&str) -> Option<Resolved>) {
        if self.names.is_empty() {
            self.kind = label.kind;
        }
        if label.denies {
            self.n_denials += 1;
        } else {
            self.n_claims += 1;
        }
        if !self.names.contains(&label.name) {
            self.names.push(label.name.clone());
        }
        if label.own && !self.own_names.contains(&label.name) {
            self.own_names.push(label.name.clone());
        }
        if let Some(english) = &label.english
            && !self.english_names.contains(english)
        {
            self.english_names.push(english.clone());
            if !self.names.contains(english) {
                self.names.push(english.clone());
            }
        }
        if self.canonical.is_none() {
            self.canonical = resolve(&label.name);
        }
    }

    pub(super) fn display_name(&self) -> String {
        if let Some(english) = self.english_names.first() {
            return english.clone();
        }
        if let Some(own) = self.own_names.first() {
            return own.clone();
        }
        if let Some(canonical) = &self.canonical {
            // The short form people write ("AFP") when the names used are all short forms.
            if let Some(short) = self
                .names
                .iter()
                .find(|name| canonical.aliases.contains(name))
            {
                return short.clone();
            }
            return canonical.canonical.clone();
        }
        self.names
            .iter()
            .min_by_key(|name| name.len())
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn aliases(&self, display: &str) -> Vec<String> {
        let mut aliases: Vec<String> = Vec::new();
        let canonical = self
            .canonical
            .iter()
            .flat_map(|canonical| std::iter::once(&canonical.canonical).chain(&canonical.aliases));
        for name in self.names.iter().chain(canonical) {
            if name != display && !aliases.contains(name) {
                aliases.push(name.clone());
            }
        }
        aliases
    }
}
