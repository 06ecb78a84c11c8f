//! Tests for `entities`: the bundled gazetteer, lookups, relations titles, and recognition on
//! sentences from the replay scenarios (read from `../shared/scenarios/`).

use expect_test::{Expect, expect};
use wiredesk_model::EntityKind;

use super::*;

#[test]
fn bundled_gazetteer_reads_without_errors() {
    let (parsed, errors) = Gazetteer::parse(GAZETTEER_TXT);
    assert_eq!(errors, []);
    let (world, errors) = Gazetteer::parse_with_world(GAZETTEER_TXT, WORLD_TSV);
    assert_eq!(errors, []);
    let n_places = world
        .entries()
        .iter()
        .filter(|e| e.kind == EntityKind::Place)
        .count();
    assert!(n_places >= 30_000, "world places: {n_places}");
    let count = |kind| parsed.entries().iter().filter(|e| e.kind == kind).count();
    assert!(
        count(EntityKind::Country) >= 197,
        "countries: {}",
        count(EntityKind::Country)
    );
    assert!(
        count(EntityKind::Outlet) >= 80,
        "outlets: {}",
        count(EntityKind::Outlet)
    );
    assert!(count(EntityKind::Organization) >= 40);
    // Places the desk spells its own way, regions, seas; the rest come from the world file.
    assert!(
        count(EntityKind::Place) >= 100,
        "{}",
        count(EntityKind::Place)
    );
}

#[test]
fn bad_lines_are_reported_and_skipped() {
    let (parsed, errors) = Gazetteer::parse(
        "planet | Mars\ncountry | Turkey | aka: Türkiye | colour: red\ncountry | Chad\n",
    );
    assert_eq!(parsed.entries().len(), 1);
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0].to_string(),
        "gazetteer line 1: unknown kind \"planet\""
    );
}

#[track_caller]
fn check_lookup(name: &str, canonical: Option<&str>) {
    let found = gazetteer()
        .lookup(name)
        .map(|entry| entry.canonical.as_str());
    assert_eq!(found, canonical, "lookup({name:?})");
}

#[test]
fn lookup_aliases_demonyms_and_inflections() {
    check_lookup("Türkiye", Some("Turkey"));
    check_lookup("Turkish", Some("Turkey"));
    check_lookup("Turkey's", Some("Turkey"));
    check_lookup("turkiye", Some("Turkey"));
    check_lookup("Турции", Some("Turkey"));
    check_lookup("the UN", Some("United Nations"));
    check_lookup("U.N.", Some("United Nations"));
    check_lookup("ООН", Some("United Nations"));
    check_lookup("Kiev", Some("Kyiv"));
    check_lookup("Києві", Some("Kyiv"));
    check_lookup("Стамбуле", Some("Istanbul"));
    check_lookup("России", Some("Russia"));
    check_lookup("Россией", Some("Russia"));
    check_lookup("Agence France-Presse", Some("AFP"));
    // An exonym GeoNames has for Istanbul; a name nobody has is not found.
    check_lookup("Stambul", Some("Istanbul"));
    check_lookup("Wiredeskograd", None);
    // Short all-caps acronyms keep their case: "us" and "who" are words.
    check_lookup("us", None);
    check_lookup("who", None);
    check_lookup("WHO", Some("World Health Organization"));
}

#[test]
fn entries_carry_their_data() {
    let turkey = gazetteer().get("turkey").expect("Turkey in the gazetteer");
    assert_eq!(turkey.capital.as_deref(), Some("Ankara"));
    assert_eq!(turkey.wikipedia.as_deref(), Some("Turkey"));
    let georgia = gazetteer()
        .get("Georgia")
        .expect("Georgia in the gazetteer");
    assert_eq!(georgia.wikipedia.as_deref(), Some("Georgia_(country)"));
    let tass = gazetteer().get("TASS").expect("TASS in the gazetteer");
    assert!(tass.state_affiliated);
    assert_eq!(tass.country.as_deref(), Some("Russia"));
    assert!(
        gazetteer()
            .outlets()
            .any(|outlet| outlet.canonical == "Reuters")
    );
}

#[test]
fn outlet_by_domain_matches_subdomains_of_real_domains() {
    let name = |host: &str| {
        gazetteer()
            .outlet_by_domain(host)
            .map(|e| e.canonical.as_str())
    };
    assert_eq!(name("www.reuters.com"), Some("Reuters"));
    assert_eq!(name("edition.cnn.com"), Some("CNN"));
    assert_eq!(name("news.bbc.co.uk"), Some("BBC"));
    assert_eq!(name("TASS.RU"), Some("TASS"));
    assert_eq!(name("afp-wire.example"), None);
    assert_eq!(name("co.uk"), None);
}

#[test]
fn relation_titles() {
    assert_eq!(
        relation_title("Turkey", "Russia").as_deref(),
        Some("Russia–Turkey_relations")
    );
    assert_eq!(
        relation_title("Ukraine", "Türkiye").as_deref(),
        Some("Turkey–Ukraine_relations")
    );
    assert_eq!(
        relation_title("United States", "Russia").as_deref(),
        Some("Russia–United_States_relations")
    );
    assert_eq!(relation_title("Turkey", "Istanbul"), None);
    assert_eq!(relation_title("Turkey", "Turkey"), None);
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    let rendered: Vec<String> = entities(text, Some("en"))
        .iter()
        .map(|mention| {
            assert_eq!(&text[mention.start..mention.end], mention.text);
            format!(
                "{:?} {:?} -> {}",
                mention.kind, mention.text, mention.canonical
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn mediators_meet_whatever_the_spelling() {
    check(
        "Turkey and the UN are acting as mediators; Türkiye's envoy and the U.N. agreed with the United Nations.",
        expect![[r#"
            Country "Turkey" -> Turkey
            Organization "UN" -> United Nations
            Country "Türkiye" -> Turkey
            Role "envoy" -> turkey envoy
            Organization "U.N." -> United Nations
            Organization "United Nations" -> United Nations"#]],
    );
}

#[test]
fn longest_match_wins() {
    check(
        "The UN Security Council heard the Kyiv Independent on Kiev and Odessa.",
        expect![[r#"
            Organization "UN Security Council" -> United Nations Security Council
            Outlet "Kyiv Independent" -> Kyiv Independent
            Place "Kiev" -> Kyiv
            Place "Odessa" -> Odesa"#]],
    );
}

#[test]
fn lowercase_words_are_not_names() {
    check("we ate turkey in china with us", expect![""]);
}

#[test]
fn roles_keep_the_country_apart() {
    check(
        "Kyiv is represented by Ukraine's deputy infrastructure minister, Moscow by a Russian foreign ministry envoy.",
        expect![[r#"
            Place "Kyiv" -> Kyiv
            Country "Ukraine" -> Ukraine
            Role "deputy infrastructure minister" -> ukraine deputy infrastructure minister
            Place "Moscow" -> Moscow
            Country "Russian" -> Russia
            Role "foreign ministry envoy" -> russia foreign ministry envoy"#]],
    );
    check(
        "according to the regional governor, who heads the regional administration",
        expect![[r#"
            Role "regional governor" -> regional governor
            Organization "regional administration" -> regional administration"#]],
    );
    check(
        "Hakan Fidan, the foreign minister of Turkey, met the minister of foreign affairs of Ukraine and the head of the regional administration.",
        expect![[r#"
            Person "Hakan Fidan" -> Hakan Fidan
            Role "foreign minister" -> turkey foreign minister
            Country "Turkey" -> Turkey
            Role "minister of foreign affairs" -> ukraine foreign minister
            Country "Ukraine" -> Ukraine
            Role "head of the regional administration" -> head of regional administration"#]],
    );
    check(
        "Russia's defence ministry says; NATO's chief of staff; the first round",
        expect![[r#"
            Country "Russia" -> Russia
            Organization "defence ministry" -> russia defence ministry
            Organization "NATO" -> NATO
            Role "chief of staff" -> nato chief of staff"#]],
    );
}

#[test]
fn russian_and_ukrainian() {
    check(
        "Глава МИД России Сергей Лавров заявил, что переговоры в Стамбуле при посредничестве Турции и ООН продолжатся.",
        expect![[r#"
            Role "Глава МИД" -> russia foreign minister
            Country "России" -> Russia
            Person "Сергей Лавров" -> Sergey Lavrov
            Place "Стамбуле" -> Istanbul
            Country "Турции" -> Turkey
            Organization "ООН" -> United Nations"#]],
    );
    check(
        "Вночі російські дрони атакували Ізмаїл, повідомив голова ОВА.",
        expect![[r#"
            Country "російські" -> Russia
            Place "Ізмаїл" -> Izmail
            Role "голова ОВА" -> head of regional administration"#]],
    );
}

#[test]
fn names_people_and_organizations() {
    check(
        "Turkish Foreign Minister Hakan Fidan met Steve Witkoff and Mr. Smith; Ukraine's Sea Ports Authority said.",
        expect![[r#"
            Country "Turkish" -> Turkey
            Role "Foreign Minister" -> turkey foreign minister
            Person "Hakan Fidan" -> Hakan Fidan
            Person "Steve Witkoff" -> Steve Witkoff
            Person "Smith" -> Smith
            Country "Ukraine" -> Ukraine
            Organization "Sea Ports Authority" -> Sea Ports Authority"#]],
    );
    // Sentence-initial capitals, weekdays, acronyms and Title Case headlines are not names.
    check(
        "Heat dome over Serbia. Service resumed on Monday. BREAKING NEWS: Talks Agreed To In Principle By Both Sides",
        expect![[r#"
            Country "Serbia" -> Serbia"#]],
    );
}

/// The text of the Telegram post with `data-post="<channel>/<id>"` in a scenario page.
fn scenario_post(relative: &str, post: &str) -> String {
    let path = wiredesk_test_support::shared_dir()
        .join("scenarios")
        .join(relative);
    let page = std::fs::read_to_string(&path).expect("scenario page");
    let at = page
        .find(&format!("data-post=\"{post}\""))
        .expect("post on the page");
    let rest = &page[at..];
    let body_at = rest.find("tgme_widget_message_text").expect("post text");
    let body = &rest[body_at..];
    let body = &body[body.find('>').map_or(0, |idx| idx + 1)..];
    let body = &body[..body.find("</div>").unwrap_or(body.len())];
    // Crude tag stripping is enough for plain prose posts.
    let mut text = String::new();
    let mut in_tag = false;
    for ch in body.replace("<br/>", "\n").replace("<br>", "\n").chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[track_caller]
fn check_canonicals(text: &str, expected: &[(EntityKind, &str)]) {
    let found: Vec<(EntityKind, String)> = entities(text, Some("en"))
        .into_iter()
        .map(|mention| (mention.kind, mention.canonical))
        .collect();
    for (kind, canonical) in expected {
        assert!(
            found.iter().any(|(k, c)| k == kind && c == canonical),
            "{kind:?} {canonical:?} not found in {found:?}\ntext: {text}"
        );
    }
}

#[test]
fn scenario_talks_posts() {
    let osintbrief = scenario_post(
        "istanbul-shipping-talks/step1/osintbrief.html",
        "osintbrief/14381",
    );
    check_canonicals(
        &osintbrief,
        &[
            (EntityKind::Country, "Russia"),
            (EntityKind::Country, "Ukraine"),
            (EntityKind::Country, "Turkey"),
            (EntityKind::Place, "Istanbul"),
            (EntityKind::Place, "Black Sea"),
            (EntityKind::Organization, "United Nations"),
            (EntityKind::Outlet, "AFP"),
            (EntityKind::Role, "deputy infrastructure minister"),
            (EntityKind::Role, "foreign ministry envoy"),
        ],
    );
    let wartracker = scenario_post(
        "istanbul-shipping-talks/step1/wartracker.html",
        "wartracker/99203",
    );
    check_canonicals(
        &wartracker,
        &[
            (EntityKind::Organization, "United Nations"),
            (EntityKind::Country, "Turkey"),
            (EntityKind::Place, "Kyiv"),
            (EntityKind::Outlet, "AFP"),
            (EntityKind::Role, "ukraine deputy infrastructure minister"),
            (EntityKind::Role, "russia foreign ministry envoy"),
        ],
    );
}

#[test]
fn scenario_strike_posts() {
    let official = scenario_post(
        "port-strike-disputed/step1/regionadmin_official.html",
        "regionadmin_official/5638",
    );
    check_canonicals(
        &official,
        &[
            (EntityKind::Place, "Izmail"),
            (EntityKind::Country, "Russia"),
            (EntityKind::Organization, "russia forces"),
        ],
    );
    let relay = scenario_post(
        "port-strike-disputed/step1/southwatch.html",
        "southwatch/7750",
    );
    check_canonicals(
        &relay,
        &[
            (EntityKind::Place, "Izmail"),
            (EntityKind::Place, "Odesa"),
            (EntityKind::Role, "regional governor"),
            (EntityKind::Organization, "regional administration"),
        ],
    );
    let heat = scenario_post(
        "port-strike-disputed/step1/southwatch.html",
        "southwatch/7744",
    );
    check_canonicals(
        &heat,
        &[
            (EntityKind::Country, "Romania"),
            (
                EntityKind::Organization,
                "National Meteorological Administration (Romania)",
            ),
            (EntityKind::Place, "Bucharest"),
        ],
    );
}

#[test]
fn entities_are_sorted_and_disjoint() {
    let text = "Russia's defence ministry says air defences shot down 27 Ukrainian drones over the Belgorod, Kursk and Bryansk regions. Turkish Foreign Minister Hakan Fidan spoke.";
    let found = entities(text, None);
    assert!(found.len() >= 8);
    for pair in found.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{pair:?}");
    }
}

#[test]
fn repeated_calls_find_the_same_entities() {
    // Speed is the benchmark's business (`wiredesk bench`), not a timed test's on a shared
    // machine; this asserts that the tagger keeps no state between calls.
    let text = "Russia and Ukraine are holding indirect technical talks in Istanbul on the safety of commercial shipping in the Black Sea, according to a diplomatic source cited by AFP. Turkey and the United Nations are mediating.";
    let first = entities(text, Some("en"));
    assert_eq!(first.len(), 7);
    for _ in 0..200 {
        assert_eq!(entities(text, Some("en")), first);
    }
}

// ── The world gazetteer (data/world.tsv): places that were never on the hand-written list ───────

#[test]
fn world_cities_are_found() {
    check(
        "Floods hit Tarnów and Kielce; a ferry caught fire off Bitung.",
        expect![[r#"
            Place "Tarnów" -> Tarnów
            Place "Kielce" -> Kielce
            Place "Bitung" -> Bitung"#]],
    );
    check(
        "Пожежа в Тернополі, тривога в Житомирі.",
        expect![[r#"
            Place "Тернополі" -> Ternopil
            Place "Житомирі" -> Zhytomyr"#]],
    );
    // The ASCII form is an alias of every name.
    check(
        "Shelling near Tarnow.",
        expect![[r#"Place "Tarnow" -> Tarnów"#]],
    );
}

#[test]
fn world_regions_are_found() {
    check(
        "An earthquake in Malatya province; floods in Cauca and in White Nile State.",
        expect![[r#"
            Place "Malatya province" -> Malatya Province
            Place "Cauca" -> Cauca
            Place "White Nile State" -> White Nile"#]],
    );
}

#[test]
fn common_words_are_not_places() {
    // "Reading", "Nice", "Split" and "Bath" are cities, but common English words first: the
    // build script drops them (SCOWL + wordfreq), and lowercase text never matches a place.
    check("I was reading a nice book", expect![[""]]);
    check(
        "Reading is nice. Split the bill, then a bath.",
        expect![[""]],
    );
}

#[test]
fn a_surname_is_not_a_town() {
    // Clinton (Iowa, Mississippi...) and Jackson are towns, but after a given name they are people.
    check(
        "Hillary Clinton met Andrew Jackson in Jackson.",
        expect![[r#"
            Person "Hillary Clinton" -> Hillary Clinton
            Person "Andrew Jackson" -> Andrew Jackson
            Place "Jackson" -> Jackson"#]],
    );
}

#[test]
fn countries_and_known_entries_come_before_towns() {
    // GeoNames has towns named Georgia, Jordan or Chad nowhere near those countries' sizes; the
    // hand-written entries keep the names.
    check_lookup("Georgia", Some("Georgia"));
    check_lookup("Jordan", Some("Jordan"));
    assert_eq!(
        lookup_place("Georgia").map(|e| e.kind),
        Some(EntityKind::Country)
    );
    // Same-named cities: the more populous one.
    let alexandria = lookup_place("Alexandria").expect("Alexandria");
    assert_eq!(alexandria.country.as_deref(), Some("Egypt"));
    let hand_kyiv = lookup_place("Київ").expect("Kyiv");
    assert!(hand_kyiv.population > 2_000_000, "{}", hand_kyiv.population);
    assert_eq!(lookup_place("Reuters"), None);
}

#[test]
fn world_lines_are_checked() {
    let (parsed, errors) = Gazetteer::parse_with_world(
        "country | Chad\n",
        "city\tAbéché\tChad\t76492\tAbeche\n\
         alias\tChad\t\t0\tTchad\n\
         alias\tMars\t\t0\tRed Planet\n\
         city\tNowhere\n\
         town\tX\t\t0\t\n",
    );
    assert_eq!(parsed.entries().len(), 2);
    assert_eq!(
        parsed.lookup("Tchad").map(|e| e.canonical.as_str()),
        Some("Chad")
    );
    assert_eq!(parsed.lookup("Abeche").map(|e| e.population), Some(76492));
    let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "world gazetteer line 3: no entry \"Mars\" to add aliases to",
            "world gazetteer line 4: expected five tab-separated fields",
            "world gazetteer line 5: unknown kind \"town\"",
        ]
    );
}

/// A district is named by the adjective of its town ("Коломийський район", "в Белгородском
/// районе"): the town is found; a lower-case adjective ("український") names no place.
#[test]
fn a_cyrillic_place_adjective_names_its_town() {
    let canonicals = |text: &str| -> Vec<String> {
        entities(text, Some("uk"))
            .into_iter()
            .filter(|mention| mention.kind == EntityKind::Place)
            .map(|mention| mention.canonical)
            .collect()
    };
    assert!(
        canonicals("Підтоплення у Коломийському районі: евакуйовано 30 людей.")
            .contains(&"Kolomyia".to_string())
    );
    assert!(
        canonicals("Обстрел в Белгородском районе, ранены двое.").contains(&"Belgorod".to_string())
    );
    assert_eq!(
        canonicals("Ухвалено закон про український правопис."),
        Vec::<String>::new()
    );
}

/// A town on no list, written after a preposition of place and before its province, is a place
/// whatever the tagger thinks of the word.
#[test]
fn r8_a_town_before_its_province_is_a_place() {
    let text = "A cargo boat sank off Kalumpit, Bohol early on Sunday.";
    let found: Vec<(EntityKind, String)> = entities(text, Some("en"))
        .into_iter()
        .map(|mention| (mention.kind, mention.canonical))
        .collect();
    assert!(
        found.contains(&(EntityKind::Place, "Kalumpit".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(EntityKind::Place, "Bohol".to_string())),
        "{found:?}"
    );
}

/// A place that opens a company's name is part of the name, not a place of its own.
#[test]
fn r8_a_place_opening_a_company_name_is_the_company() {
    let found: Vec<(EntityKind, String)> = entities(
        "The EU froze the assets of Mogilev Chemical Fibres and Brest Meat Factory on Monday.",
        Some("en"),
    )
    .into_iter()
    .map(|mention| (mention.kind, mention.canonical))
    .collect();
    assert!(
        found.contains(&(
            EntityKind::Organization,
            "Mogilev Chemical Fibres".to_string()
        )),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(kind, _)| *kind == EntityKind::Place),
        "{found:?}"
    );
}
