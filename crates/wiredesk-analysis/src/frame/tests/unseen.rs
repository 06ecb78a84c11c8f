//! Frame tests on wordings no shared scenario uses (issue 8): where a post says something
//! happened, tolls and communiqués, truce terms and another round of talks, sanctions targets.

use super::*;

/// A town and its province are one place; the first place after a cue says where, later ones
/// are details.
#[test]
fn r8_a_town_and_its_province_are_one_place() {
    let s = "Fire broke out on a bus near Mati, Davao Oriental, and 30 passengers from Baganga were treated.";
    check(
        "disaster",
        s,
        &[
            ("Mati", Place, "Mati"),
            ("Davao Oriental", Place, "Davao Oriental"),
            ("Baganga", Place, "Baganga"),
        ],
        &[],
        &["hazard=bus fire", "location=Mati, Davao Oriental"],
    );
}

/// "The death toll in <which event> to N": the phrase that names the event sits between the
/// trigger and the number.
#[test]
fn r8_a_toll_corrected_to_a_number() {
    let s = "The coast guard has revised the death toll in the Bohol bus crash to 9, not 12.";
    check(
        "disaster",
        s,
        &[("Bohol", Place, "Bohol")],
        &[],
        &["hazard=bus crash", "killed=9", "location=Bohol"],
    );
}

/// What the sides undertake under a truce is its terms; two names sharing a head noun are one
/// term ("Bor and Akobo counties").
#[test]
fn r8_truce_terms_the_sides_undertake() {
    let s = "Under the accord both sides will withdraw heavy weapons, open corridors to Bor and Akobo counties and free prisoners, officials said.";
    check(
        "ceasefire",
        s,
        &[("Bor", Place, "Bor"), ("Akobo", Place, "Akobo")],
        &[],
        &[
            "terms=free prisoners",
            "terms=open corridors to Bor and Akobo counties",
            "terms=withdraw heavy weapons",
        ],
    );
}

/// Agreeing only to keep talking is another round, not a deal.
#[test]
fn r8_agreeing_to_meet_again_is_no_agreement() {
    let s = "The two delegations agreed to resume talks in Doha next week.";
    check(
        "talks",
        s,
        &[("Doha", Place, "Doha")],
        &[],
        &["location=Doha", "outcome=to meet again next week"],
    );
}

/// A dateline's colon introduces no targets; a demonym before a common noun names none.
#[test]
fn r8_sanctions_targets_not_from_a_dateline_or_an_adjective() {
    check(
        "sanctions",
        "Kazakhstan: Council sanctions two firms over arms exports.",
        &[
            ("Kazakhstan", Country, "Kazakhstan"),
            ("Council", Organization, "Council"),
        ],
        &[],
        &["reason=arms exports"],
    );
    check(
        "sanctions",
        "Tehran: new US sanctions against Iranian shipping firms are illegal, the ministry said.",
        &[
            ("Tehran", Place, "Tehran"),
            ("US", Country, "United States"),
            ("Iranian", Country, "Iran"),
        ],
        &[],
        &["imposed_by=United States"],
    );
}

/// A struck system is the target, not the weapon; the instrument sits between "strike" and
/// "on"; a communiqué's "eliminated" counts the dead; "the target" names no target.
#[test]
fn r8_strike_communique_target_weapon_and_toll() {
    check(
        "strike",
        "On 3 May, a Kalibr cruise missile strike with high-precision weapons on a Buk air defence launcher near Izium destroyed it.",
        &[("Izium", Place, "Izium")],
        &[],
        &[
            "location=Izium",
            "target=Buk air defence launcher",
            "weapon=Kalibr",
        ],
    );
    check(
        "strike",
        "Up to 15 Ukrainian servicemen were eliminated.",
        &[],
        &[],
        &["killed=up to 15"],
    );
    check("strike", "The target has been hit.", &[], &[], &[]);
}
