//! Frame tests for talks: the scenario sentences (relays, wires, datelines), mediators kept
//! apart from parties, agenda items, delegations, and other wordings of the same facts.

use super::*;

#[test]
fn talks_relay_sentence_gives_location_parties_format_but_no_agenda() {
    let s = "⚡️ Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, according to a diplomatic source cited by AFP.";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Istanbul", Place, "Istanbul"),
            ("Black Sea", Place, "Black Sea"),
            ("AFP", Outlet, "AFP"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_mediators_are_not_parties() {
    let s = "Turkey and the United Nations are mediating; the two delegations do not meet face to face.";
    check(
        "talks",
        s,
        &[
            ("Turkey", Country, "Turkey"),
            ("United Nations", Organization, "United Nations"),
        ],
        &[],
        &[
            "format=indirect",
            "mediators=Turkey",
            "mediators=United Nations",
        ],
    );
    let s = "Turkey and the UN are acting as mediators.";
    check(
        "talks",
        s,
        &[
            ("Turkey", Country, "Turkey"),
            ("UN", Organization, "United Nations"),
        ],
        &[],
        &["mediators=Turkey", "mediators=United Nations"],
    );
}

#[test]
fn talks_dateline_and_between() {
    let s = "🇷🇺 🇺🇦 Istanbul: indirect technical talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea are under way, per AFP, citing a diplomatic source.";
    check(
        "talks",
        s,
        &[
            ("Istanbul", Place, "Istanbul"),
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Black Sea", Place, "Black Sea"),
            ("AFP", Outlet, "AFP"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_wire_article_with_demonyms_mediators_and_date() {
    let s = "Russian and Ukrainian officials are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, with Turkey and the United Nations acting as mediators, a diplomatic source told AFP on Wednesday.";
    check(
        "talks",
        s,
        &[
            ("Russian", Country, "Russia"),
            ("Ukrainian", Country, "Ukraine"),
            ("Istanbul", Place, "Istanbul"),
            ("Black Sea", Place, "Black Sea"),
            ("Turkey", Country, "Turkey"),
            ("United Nations", Organization, "United Nations"),
            ("AFP", Outlet, "AFP"),
        ],
        &[time(s, "on Wednesday", (2026, 7, 1))],
        &[
            "date=2026-07-01",
            "format=indirect",
            "location=Istanbul",
            "mediators=Turkey",
            "mediators=United Nations",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn talks_agenda_items_without_the_attribution() {
    let s = "The agenda covers safe-passage corridors and inspection procedures, the source said.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "agenda=inspection procedures",
            "agenda=safe-passage corridors",
        ],
    );
    let s = "The sides will discuss prisoner exchanges, grain exports and the Zaporizhzhia plant.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "agenda=Zaporizhzhia plant",
            "agenda=grain exports",
            "agenda=prisoner exchanges",
        ],
    );
    // "Talks on X" names the subject, not an agenda.
    let s = "Russia and Ukraine hold indirect talks on Black Sea shipping in Istanbul";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Black Sea", Place, "Black Sea"),
            ("Istanbul", Place, "Istanbul"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
}

#[test]
fn r8_talks_delegation_members_on_no_list() {
    let s = "The Kyrgyz side includes Aibek Tursunov and Nurlan Saparov, and the Tajik side includes Farrukh Qodirov.";
    check(
        "talks",
        s,
        &[
            ("Kyrgyz", Country, "Kyrgyzstan"),
            ("Aibek Tursunov", Person, "Aibek Tursunov"),
            ("Nurlan Saparov", Person, "Nurlan Saparov"),
            ("Tajik", Country, "Tajikistan"),
            ("Farrukh Qodirov", Person, "Farrukh Qodirov"),
        ],
        &[],
        &[
            "delegation=Aibek Tursunov",
            "delegation=Farrukh Qodirov",
            "delegation=Nurlan Saparov",
        ],
    );
}

#[test]
fn talks_delegations_including_the_elliptic_second_side() {
    let s = "Ukraine is represented by its deputy infrastructure minister, Russia by a foreign ministry envoy, the source said.";
    check(
        "talks",
        s,
        &[
            ("Ukraine", Country, "Ukraine"),
            ("Russia", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=deputy infrastructure minister",
            "delegation=foreign ministry envoy",
        ],
    );
    let s = "Kyiv is represented by Ukraine's deputy infrastructure minister, Moscow by a Russian foreign ministry envoy.";
    check(
        "talks",
        s,
        &[
            ("Kyiv", Place, "Kyiv"),
            ("Ukraine", Country, "Ukraine"),
            ("Moscow", Place, "Moscow"),
            ("Russian", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=Russian foreign ministry envoy",
            "delegation=Ukraine's deputy infrastructure minister",
        ],
    );
    let s = "Ukraine's delegation is led by its deputy infrastructure minister and Russia's by a foreign ministry envoy.";
    check(
        "talks",
        s,
        &[
            ("Ukraine", Country, "Ukraine"),
            ("Russia", Country, "Russia"),
        ],
        &[],
        &[
            "delegation=deputy infrastructure minister",
            "delegation=foreign ministry envoy",
        ],
    );
}

#[test]
fn talks_other_wordings() {
    let s =
        "Talks between Armenia and Azerbaijan, brokered by Qatar, ended without agreement in Doha.";
    check(
        "talks",
        s,
        &[
            ("Armenia", Country, "Armenia"),
            ("Azerbaijan", Country, "Azerbaijan"),
            ("Qatar", Country, "Qatar"),
            ("Doha", Place, "Doha"),
        ],
        &[],
        &[
            "location=Doha",
            "mediators=Qatar",
            "outcome=ended without agreement",
            "parties=Armenia",
            "parties=Azerbaijan",
        ],
    );
    let s = "The two foreign ministers held face-to-face talks and signed a joint statement.";
    check(
        "talks",
        s,
        &[],
        &[],
        &[
            "documents=joint statement",
            "format=direct",
            "outcome=agreement reached",
        ],
    );
    let s = "No document was signed, a diplomat said.";
    check("talks", s, &[], &[], &["documents=!document"]);
    let s = "Россия и Украина проводят непрямые переговоры в Стамбуле при посредничестве Турции.";
    check(
        "talks",
        s,
        &[
            ("Россия", Country, "Russia"),
            ("Украина", Country, "Ukraine"),
            ("Стамбуле", Place, "Istanbul"),
            ("Турции", Country, "Turkey"),
        ],
        &[],
        &[
            "format=indirect",
            "location=Istanbul",
            "mediators=Turkey",
            "parties=Russia",
            "parties=Ukraine",
        ],
    );
    let s = "Russia and Ukraine are holding talks hosted by Turkey.";
    check(
        "talks",
        s,
        &[
            ("Russia", Country, "Russia"),
            ("Ukraine", Country, "Ukraine"),
            ("Turkey", Country, "Turkey"),
        ],
        &[],
        &["mediators=Turkey", "parties=Russia", "parties=Ukraine"],
    );
    let s = "Putin and Erdogan met in Sochi.";
    check(
        "talks",
        s,
        &[
            ("Putin", Person, "Vladimir Putin"),
            ("Erdogan", Person, "Recep Tayyip Erdoğan"),
            ("Sochi", Place, "Sochi"),
        ],
        &[],
        &[
            "principals=Recep Tayyip Erdoğan",
            "principals=Vladimir Putin",
        ],
    );
}
