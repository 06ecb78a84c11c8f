//! Wording helpers shared by the composer, the checker and the revision log: UTC times and dates
//! with their label, lists in prose, slot labels and the plain words for unknown slots.
//!
//! Decision: every time the desk prints is UTC and says so ("08:38 UTC", "Wednesday 1 July
//! 2026"); the checker recognises exactly these forms, so the two stay in one file.

use chrono::{DateTime, NaiveDate, Utc};
use wiredesk_analysis::entities::gazetteer;

/// "08:38 UTC".
pub fn fmt_time(at: DateTime<Utc>) -> String {
    at.format("%H:%M UTC").to_string()
}

/// "Wednesday 1 July 2026".
pub fn fmt_date(at: DateTime<Utc>) -> String {
    fmt_naive_date(at.date_naive())
}

/// "Wednesday 1 July 2026".
pub fn fmt_naive_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "08:38 UTC on Wednesday 1 July 2026".
pub fn fmt_time_and_date(at: DateTime<Utc>) -> String {
    format!("{} on {}", fmt_time(at), fmt_date(at))
}

/// "A", "A and B", "A, B and C".
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    join_with(items, "and")
}

/// "A", "A or B", "A, B or C".
pub fn join_or<S: AsRef<str>>(items: &[S]) -> String {
    join_with(items, "or")
}

fn join_with<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let head: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", head.join(", "), last.as_ref())
        }
    }
}

/// Upper-cases the first letter.
pub fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word looks like a name (a capital inside or a
/// known entity).
pub fn decapitalize_first(text: &str) -> String {
    let first_word: &str = text.split_whitespace().next().unwrap_or_default();
    let bare = first_word.trim_matches(|c: char| !c.is_alphanumeric());
    let has_inner_capital = bare.chars().skip(1).any(char::is_uppercase);
    let opens_clause = CLAUSE_OPENING_WORDS.contains(&bare.to_lowercase().as_str());
    // "United States and Iran…", "Werner Herzog says…", "Kishida is in trouble": a name the
    // gazetteer or the trained recogniser finds at the start keeps its capital.
    let name_at_start = !opens_clause
        && wiredesk_analysis::entities::entities(text, None)
            .iter()
            .any(|mention| {
                mention.start == 0
                    && !matches!(
                        mention.kind,
                        wiredesk_model::EntityKind::Other | wiredesk_model::EntityKind::Role
                    )
            });
    if has_inner_capital || name_at_start || gazetteer().lookup(bare).is_some() {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `text` is written in headline case ("Seaweed Is Their Way of Life"): most of its words
/// after the first, short function words aside, open with a capital. Such a text is quoted as a
/// headline, never bent into a clause after "that".
pub fn is_headline_case(text: &str) -> bool {
    // A label before a colon ("Belarus: Council sanctions…", "Pokrovsk axis: …") is a headline's
    // kicker, never the start of a clause.
    if let Some((label, _)) = text.split_once(": ")
        && (1..=3).contains(&label.split_whitespace().count())
        && label.chars().next().is_some_and(char::is_uppercase)
    {
        return true;
    }
    // Names are capitalised in any sentence; what marks headline case is that the other long
    // words are too: at most one word of four letters or more stays lower-case.
    let words: Vec<&str> = text
        .split_whitespace()
        .skip(1)
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 4 && word.chars().all(char::is_alphabetic))
        .collect();
    let lowercase = words
        .iter()
        .filter(|word| word.chars().next().is_some_and(char::is_lowercase))
        .count();
    words.len() - lowercase >= 2 && (lowercase == 0 || (lowercase == 1 && words.len() >= 4))
}

/// Whether a claim is quoted as a headline rather than written as a clause after "that": it
/// asks a question, it is in headline case, or it has no verb to carry a clause.
pub fn quote_as_headline(claim: &str) -> bool {
    claim.contains('?') || is_headline_case(claim) || !has_finite_verb(claim)
}

/// Words that open a clause and are capitalised only for being first: "The Sidama Region
/// Police Commission has…" becomes "the Sidama Region Police Commission has…" after "that".
const CLAUSE_OPENING_WORDS: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "for", "from", "by", "with", "of", "to", "over", "after",
    "before", "during", "since", "this", "these", "those", "its", "their", "his", "her", "our",
];

/// A count the desk makes itself, in words ("no", "nine", "ninety-nine", "one hundred and
/// three", "two thousand three hundred and eighty-eight"). Always words, not wire style's digits
/// from 10: the checker reads every digit in a sentence as a fact its evidence must give, and
/// how many posts or origins the desk counted is the desk's, not a source's.
pub fn count_words(n: usize) -> String {
    const ONES: [&str; 20] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    fn under_thousand(n: usize) -> String {
        let (hundreds, rest) = (n / 100, n % 100);
        let rest_words = match rest {
            0 => String::new(),
            1..=19 => ONES[rest].to_string(),
            _ if rest % 10 == 0 => TENS[rest / 10].to_string(),
            _ => format!("{}-{}", TENS[rest / 10], ONES[rest % 10]),
        };
        match (hundreds, rest) {
            (0, _) => rest_words,
            (_, 0) => format!("{} hundred", ONES[hundreds]),
            _ => format!("{} hundred and {rest_words}", ONES[hundreds]),
        }
    }
    match n {
        0 => ONES[0].to_string(),
        1..=999 => under_thousand(n),
        1_000..=999_999 => {
            let (thousands, rest) = (n / 1_000, n % 1_000);
            match rest {
                0 => format!("{} thousand", under_thousand(thousands)),
                1..=99 => format!(
                    "{} thousand and {}",
                    under_thousand(thousands),
                    under_thousand(rest)
                ),
                _ => format!(
                    "{} thousand {}",
                    under_thousand(thousands),
                    under_thousand(rest)
                ),
            }
        }
        _ => "more than a million".to_string(),
    }
}

/// At most this many names in a list the desk writes ("reported by …", "rests on …"); the rest
/// are counted: a story of a hundred origins names a few and counts the others.
pub const MAX_NAMED: usize = 5;

/// "A, B and C"; past [`MAX_NAMED`], the first four and how many others ("A, B, C, D and
/// ninety-five others").
pub fn join_named(items: &[String]) -> String {
    if items.len() <= MAX_NAMED {
        return join_list(items);
    }
    let named = n_named(items.len());
    format!(
        "{} and {} others",
        items[..named].join(", "),
        count_words(items.len() - named)
    )
}

/// How many of `n` items a list names: all up to [`MAX_NAMED`], else one fewer, and the rest
/// are counted.
pub fn n_named(n: usize) -> usize {
    if n <= MAX_NAMED { n } else { MAX_NAMED - 1 }
}

/// "1 post", "3 posts" with the count in words.
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        count_words(n),
        if n == 1 { singular } else { plural }
    )
}

/// How a slot is named in prose, and whether the noun is plural: a noun phrase that reads after
/// "the" for every slot of every kind ("the source of the sanctions", never "the imposed by").
/// A slot the table does not know is written from its name with its "_by" turned into words.
pub fn slot_label(slot: &str) -> (String, bool) {
    let (label, is_plural) = match slot {
        "killed" => ("death toll", false),
        "injured" => ("number of injured", false),
        "arrested" => ("number of arrests", false),
        "displaced" => ("number of displaced", false),
        "size" => ("crowd size", false),
        "claimed_by" => ("claim of responsibility", false),
        "imposed_by" => ("source of the sanctions", false),
        "arrested_by" => ("arresting authority", false),
        "person" => ("person held", false),
        "start" => ("start", false),
        "delegation" => ("delegation members", true),
        "what" => ("account of what happened", false),
        "who" => ("people and bodies involved", true),
        "organizers" => ("organisers", true),
        "parties" | "mediators" | "principals" | "documents" | "terms" | "violations"
        | "targets" | "measures" | "demands" | "charges" | "candidates" => (slot, true),
        other => {
            return match other.strip_suffix("_by") {
                Some(act) => (format!("party that {} it", act.replace('_', " ")), false),
                None => (other.replace('_', " "), false),
            };
        }
    };
    (label.to_string(), is_plural)
}

/// The label for a slot that holds one value: "the mediator, Kenya, is…", not "the mediators,
/// Kenya, are…". Returns the label and whether it is still plural.
pub fn slot_label_for(slot: &str, n_values: usize) -> (String, bool) {
    let (label, is_plural) = slot_label(slot);
    if !is_plural || n_values != 1 {
        return (label, is_plural);
    }
    if let Some(stem) = label.strip_suffix("ies") {
        return (format!("{stem}y"), false);
    }
    match label.strip_suffix('s') {
        Some(singular) if !singular.ends_with('s') => (singular.to_string(), false),
        _ => (label, is_plural),
    }
}

/// Whether a slot holds a count of people ("death toll", "number of injured").
pub fn is_count_slot(slot: &str) -> bool {
    matches!(
        slot,
        "killed" | "injured" | "arrested" | "displaced" | "size"
    )
}

/// A count as a sentence writes it inside: a number word in lower case ("Five" becomes "five",
/// "Up to 20" becomes "up to 20"); digits and names as they are.
pub fn count_value(value: &str) -> String {
    // A zero count comes from words ("no one was killed", "no casualties"): written as words.
    if value.trim() == "0" {
        return "none".to_string();
    }
    let first = value.split_whitespace().next().unwrap_or_default();
    let lowered = first.to_lowercase();
    let qualifier = matches!(
        lowered.as_str(),
        "up" | "about"
            | "around"
            | "nearly"
            | "almost"
            | "at"
            | "more"
            | "over"
            | "some"
            | "several"
            | "dozens"
            | "hundreds"
            | "thousands"
            | "scores"
    );
    if first != lowered && (qualifier || wiredesk_analysis::ledger::number_word(&lowered).is_some())
    {
        return format!("{lowered}{}", &value[first.len()..]);
    }
    value.to_string()
}

/// What an unknown slot leaves open, in plain words ("who leads either delegation").
pub fn unknown_words(kind: &str, slot: &str) -> String {
    let event = match kind {
        "talks" => "the talks",
        "strike" => "the strike",
        "ceasefire" => "the ceasefire",
        "statement" => "the statement",
        _ => "it",
    };
    match slot {
        "location" => "where it took place".into(),
        "date" if kind == "talks" => "when the talks began".into(),
        "date" => "when exactly it happened".into(),
        "parties" => format!("who is party to {event}"),
        "mediators" => "who, if anyone, is mediating".into(),
        "format" => "whether the sides meet directly or indirectly".into(),
        "principals" => "who leads either delegation".into(),
        "delegation" => "who sits on the delegations".into(),
        "agenda" => "what is on the agenda".into(),
        "documents" => "whether any document has been tabled".into(),
        "outcome" => format!("what {event} produced"),
        "attacker" => "who carried out the strike".into(),
        "target" => "what exactly was hit".into(),
        "weapon" => "what weapon was used".into(),
        "killed" => "how many people were killed".into(),
        "injured" => "how many people were injured".into(),
        "claimed_by" => "whether anyone has claimed the strike".into(),
        "speaker" => "who made the statement".into(),
        "subject" => "what the statement is about".into(),
        "position" => "what position it takes".into(),
        "start" => format!("when {event} starts"),
        "terms" => "what the terms are".into(),
        "violations" => "whether any violations have been reported".into(),
        "what" => "what happened".into(),
        "who" => "who is involved".into(),
        "hazard" => "what the hazard was".into(),
        "displaced" => "how many people were displaced or evacuated".into(),
        other => format!("the {}", other.replace('_', " ")),
    }
}

/// The name as a sentence writes it: "the United Nations" when the gazetteer knows the name with
/// a leading "the", "the Regional Administration" for a capitalised body, else as is.
pub fn with_article(name: &str, is_body: bool) -> String {
    let lowered = name.to_lowercase();
    if lowered.starts_with("the ") {
        return name.to_string();
    }
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let acronym = name.chars().all(|c| !c.is_lowercase());
    // "the European Union", "the United States", "the Rapid Support Forces": a multi-word name
    // whose head noun is a body or a union of states takes the article in English.
    let institutional_head = capitalised
        && !acronym
        && name.contains(' ')
        && name
            .split_whitespace()
            .last()
            .is_some_and(|head| THE_HEADS.contains(&head.to_lowercase().as_str()));
    if let Some(entry) = gazetteer().lookup(name) {
        if entry.kind == wiredesk_model::EntityKind::Person {
            return name.to_string();
        }
        // "Ukraine", never "the Ukraine", though old usage gives that alias.
        if entry.kind == wiredesk_model::EntityKind::Country {
            return if institutional_head {
                format!("the {name}")
            } else {
                name.to_string()
            };
        }
        let wanted = format!("the {lowered}");
        let known_with_the = entry
            .aliases
            .iter()
            .any(|alias| alias.to_lowercase() == wanted);
        return if known_with_the || institutional_head {
            format!("the {name}")
        } else {
            name.to_string()
        };
    }
    if institutional_head {
        return format!("the {name}");
    }
    if is_body && capitalised && !acronym && name.contains(' ') {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// A one-word value that names a kind of body, not a body ("Police", "Army"): "the police".
pub fn generic_body(value: &str) -> Option<String> {
    let word = value.trim();
    let lowered = word.to_lowercase();
    (!word.contains(' ')
        && word.chars().any(char::is_lowercase)
        && THE_HEADS.contains(&lowered.as_str()))
    .then(|| format!("the {lowered}"))
}

/// Head nouns of names that take "the" ("the European Union", "the Foreign Ministry").
const THE_HEADS: &[&str] = &[
    "union",
    "council",
    "commission",
    "ministry",
    "kingdom",
    "states",
    "nations",
    "republic",
    "emirates",
    "islands",
    "federation",
    "organization",
    "organisation",
    "agency",
    "court",
    "parliament",
    "assembly",
    "army",
    "forces",
    "navy",
    "police",
    "committee",
    "office",
    "service",
    "guard",
    "department",
    "administration",
    "government",
    "authority",
    "alliance",
    "coalition",
    "movement",
    "state",
    "secretariat",
    "bureau",
    "directorate",
    "command",
];

/// Whether a speaker's name takes a plural verb ("local media give", "AFP gives").
pub fn is_plural_name(name: &str, is_outlet: bool) -> bool {
    if is_outlet {
        return false;
    }
    // The head noun: the last word before "of" ("Ministry of Foreign Affairs" → "Ministry").
    let head_phrase = name.split(" of ").next().unwrap_or(name);
    let last = head_phrase
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_lowercase();
    let plural_noun = matches!(
        last.as_str(),
        "media"
            | "people"
            | "police"
            | "authorities"
            | "officials"
            | "sources"
            | "forces"
            | "troops"
            | "rebels"
            | "militants"
            | "residents"
            | "witnesses"
            | "rescuers"
    );
    // A proper name is one body whatever its last letter ("Hamas", "The Japan Times"); a
    // description in lower case ("local officials") is plural when its head is.
    let proper = name.chars().next().is_some_and(char::is_uppercase);
    plural_noun
        || (!proper
            && last.ends_with('s')
            && !last.ends_with("ss")
            && last.len() > 3
            && !last.ends_with("us"))
}

/// A post's text made into sentences a brief may quote from: emoji, leading symbols and
/// hashtags removed, whitespace collapsed.
pub fn clean_sentences(text: &str) -> Vec<String> {
    wiredesk_analysis::normalize::sentences(text)
        .into_iter()
        .filter_map(|(start, end)| text.get(start..end))
        .map(clean_sentence)
        .filter(|sentence| sentence.chars().filter(|c| c.is_alphabetic()).count() >= 12)
        .collect()
}

/// One sentence without emoji, hashtags or leading symbols.
pub fn clean_sentence(sentence: &str) -> String {
    let kept: Vec<&str> = sentence
        .split_whitespace()
        .filter(|word| !word.starts_with('#'))
        .collect();
    let joined = kept.join(" ");
    let filtered: String = joined
        .chars()
        .filter(|c| {
            c.is_alphanumeric() || c.is_whitespace() || ".,;:!?'\"’‘“”«»()-–—%/&$€£@".contains(*c)
        })
        .collect();
    let trimmed = filtered
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !"\"“«".contains(c))
        .trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A clause short enough for a headline: the sentence up to its attribution or first clause
/// break, without the final period.
pub fn headline_clause(sentence: &str) -> String {
    let lower = sentence.to_lowercase();
    let mut cut = sentence.len();
    for marker in [
        ", according to",
        " according to",
        ", per ",
        ", citing",
        ", reports",
        ", said",
        ", says",
        " — ",
        "; ",
    ] {
        if let Some(idx) = lower.find(marker)
            && idx > 20
        {
            cut = cut.min(idx);
        }
    }
    let mut clause = sentence[..cut]
        .trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .to_string();
    // A long clause is cut at its last comma before 110 characters when what comes before the
    // comma is a clause (it has a finite verb, per the POS tagger); "The Commission, working
    // with the regional revenue bureau" is not, so that cut falls back to a word boundary.
    if clause.chars().count() > 110
        && let Some(idx) = clause[..floor_char_boundary(&clause, 110)].rfind(", ")
        && idx > 30
        && has_finite_verb(&clause[..idx])
    {
        clause.truncate(idx);
    }
    if clause.chars().count() > 110 {
        let idx = floor_char_boundary(&clause, 110);
        let idx = clause[..idx].rfind(' ').unwrap_or(idx);
        clause.truncate(idx);
        // A cut clause never ends on a preposition, an article or a conjunction ("…weapons on
        // a").
        while let Some((head, last)) = clause.rsplit_once(' ') {
            let last = last.trim_end_matches([',', ';', ':']).to_lowercase();
            if !NO_FINAL_WORDS.contains(&last.as_str()) && !CUT_TAIL_WORDS.contains(&last.as_str())
            {
                break;
            }
            clause.truncate(head.len());
        }
        clause = clause.trim_end_matches([',', ';', ':', ' ']).to_string();
        // "…election arrangements, the prime": a cut that leaves a scrap after the last comma
        // drops the scrap.
        if let Some((head, tail)) = clause.rsplit_once(", ")
            && tail.split_whitespace().count() <= 3
            && has_finite_verb(head)
        {
            clause = head.to_string();
        }
    }
    clause
}

/// Prepositions, articles and conjunctions no sentence ends on (the writing check flags them).
// rustfmt would put one word per line; kept in rows.
#[rustfmt::skip]
pub const NO_FINAL_WORDS: &[&str] = &[
    "a", "an", "the", "in", "on", "at", "of", "to", "for", "from",
    "by", "with", "into", "onto", "about", "between", "against", "through", "during", "per",
    "via", "and", "or", "than", "near", "across", "towards", "toward", "amid", "among",
    "within", "upon", "including", "over", "while", "whereas", "because", "although", "though", "unless",
];

/// Words a clause cut mid-way also drops from its end, beyond [`NO_FINAL_WORDS`]. The writing
/// check does not flag them, since some end sentences well ("ever since", "not before").
#[rustfmt::skip]
const CUT_TAIL_WORDS: &[&str] = &[
    "that", "which", "who", "as", "its", "their", "his", "her", "around", "along",
    "behind", "beyond", "after", "before", "since", "when", "where", "if", "but", "so",
    "whether", "until",
];

/// Whether an English text has a verb that can carry a clause (Penn tags VBD, VBZ, VBP, VB or
/// MD): "Morning map for Pokrovsk direction" has none, so it is quoted, not bent into a clause.
pub fn has_finite_verb(text: &str) -> bool {
    let tokens = wiredesk_analysis::attribute::tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|token| token.text.as_str()).collect();
    wiredesk_analysis::pos::tag(&words)
        .iter()
        .any(|tag| matches!(*tag, "VBD" | "VBZ" | "VBP" | "VB" | "MD"))
}

fn floor_char_boundary(text: &str, idx: usize) -> usize {
    let mut idx = idx.min(text.len());
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

/// `channel/id` → `https://t.me/channel/id`; a link stays as is.
pub fn reference_url(reference: &str) -> String {
    if reference.starts_with("http://") || reference.starts_with("https://") {
        reference.to_string()
    } else {
        format!("https://t.me/{reference}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desks_counts_are_words_and_read_back_as_the_same_number() {
        for (n, words) in [
            (0, "no"),
            (9, "nine"),
            (10, "ten"),
            (42, "forty-two"),
            (99, "ninety-nine"),
            (100, "one hundred"),
            (103, "one hundred and three"),
            (2_000, "two thousand"),
            (2_007, "two thousand and seven"),
            (2_388, "two thousand three hundred and eighty-eight"),
        ] {
            assert_eq!(count_words(n), words);
            assert!(!count_words(n).contains(|c: char| c.is_ascii_digit()));
        }
        // The ledger's reader of number words reads them back (below a thousand).
        for n in 1..1_000 {
            assert_eq!(
                wiredesk_analysis::ledger::number_of(&count_words(n)),
                Some(n as u64),
                "{}",
                count_words(n)
            );
        }
    }

    #[test]
    fn long_lists_name_a_few_and_count_the_rest() {
        let names: Vec<String> = (1..=7).map(|n| format!("Feed {n}")).collect();
        assert_eq!(join_named(&names[..3]), "Feed 1, Feed 2 and Feed 3");
        assert_eq!(
            join_named(&names[..5]),
            "Feed 1, Feed 2, Feed 3, Feed 4 and Feed 5"
        );
        assert_eq!(
            join_named(&names),
            "Feed 1, Feed 2, Feed 3, Feed 4 and three others"
        );
    }

    #[test]
    fn a_list_of_one_takes_a_singular_label() {
        assert_eq!(
            slot_label_for("mediators", 1),
            ("mediator".to_string(), false)
        );
        assert_eq!(slot_label_for("parties", 1), ("party".to_string(), false));
        assert_eq!(slot_label_for("parties", 2), ("parties".to_string(), true));
        assert_eq!(
            slot_label_for("killed", 1),
            ("death toll".to_string(), false)
        );
        assert_eq!(slot_label("imposed_by").0, "source of the sanctions");
        assert_eq!(slot_label("seized_by").0, "party that seized it");
    }

    #[test]
    fn headline_case_is_told_from_a_sentence_with_names() {
        assert!(is_headline_case("Seaweed Is Their Way of Life"));
        assert!(is_headline_case(
            "Growing Numbers of Chinese Migrants Cross U.S. Southern Border"
        ));
        assert!(is_headline_case(
            "Belarus: Council sanctions three companies over forced labour"
        ));
        assert!(!is_headline_case(
            "The Sidama Region Police Commission has detained Hiwot Dessalegn, a journalist"
        ));
        assert!(!is_headline_case(
            "Why are sales so hard to resist? Let's unravel this Black Friday mystery"
        ));
    }

    #[test]
    fn a_long_clause_is_not_cut_before_its_verb() {
        let long = "The Commission, working with the regional revenue bureau, has arrested 12 suspects accused of evading taxes on imported goods in Hawassa";
        let clause = headline_clause(long);
        assert!(clause.contains("has arrested"), "{clause}");
        assert!(clause.chars().count() <= 110, "{clause}");
        assert!(
            !clause.ends_with(" in") && !clause.ends_with(" on"),
            "{clause}"
        );
    }

    #[test]
    fn names_and_counts_as_a_sentence_writes_them() {
        assert_eq!(with_article("European Union", false), "the European Union");
        assert_eq!(
            with_article("Rapid Support Forces", false),
            "the Rapid Support Forces"
        );
        assert_eq!(with_article("Ukraine", false), "Ukraine");
        assert_eq!(
            with_article("Berezina Woodworks", false),
            "Berezina Woodworks"
        );
        assert_eq!(generic_body("Police").as_deref(), Some("the police"));
        assert_eq!(generic_body("Hamas"), None);
        assert_eq!(count_value("Five"), "five");
        assert_eq!(count_value("Up to 20"), "up to 20");
        assert_eq!(count_value("12"), "12");
        assert_eq!(count_value("0"), "none");
        assert_eq!(
            decapitalize_first("United States and Iran are holding talks"),
            "United States and Iran are holding talks"
        );
        assert_eq!(
            decapitalize_first("The Sidama Region Police Commission has detained her"),
            "the Sidama Region Police Commission has detained her"
        );
    }
}
