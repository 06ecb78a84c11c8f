//! Tests for `translit`: the tables on names whose official Latin spelling is known, and
//! `latin_name` preferring the gazetteer's English names.

use super::*;

#[track_caller]
fn check(cyrillic: &str, latin: &str) {
    assert_eq!(to_latin(cyrillic), latin, "to_latin({cyrillic:?})");
}

#[test]
fn ukrainian_national_system() {
    check("Харків", "Kharkiv");
    check("Львів", "Lviv");
    check("Київ", "Kyiv");
    check("Ізмаїл", "Izmail");
    check("Згурівка", "Zghurivka");
    check("Єнакієве", "Yenakiieve");
    check("Юрій Їжакевич", "Yurii Yizhakevych");
    check("Слов'янськ", "Sloviansk");
    check("Жовква", "Zhovkva");
}

#[test]
fn russian_bgn_pcgn() {
    check("Москва", "Moskva");
    check("Щёлково", "Shchyolkovo");
    check("Ельня", "Yelnya");
    check("Воробьёв", "Vorobyov");
    check("Подъездной", "Podyezdnoy");
    check("Сыктывкар", "Syktyvkar");
}

#[test]
fn letters_decide_the_language() {
    assert_eq!(detect("Дніпро"), Lang::Ukrainian);
    assert_eq!(detect("Днепр"), Lang::Russian);
    // и is "y" in Ukrainian and "i" in Russian.
    assert_eq!(to_latin("Миколаїв"), "Mykolaiv");
    assert_eq!(to_latin("Николаев"), "Nikolayev");
}

#[test]
fn capitals_and_other_scripts_are_kept() {
    check("ДСНС", "DSNS");
    check("ЩОДЕННИК і Reuters, 2024", "SHCHODENNYK i Reuters, 2024");
    check("Kyiv", "Kyiv");
}

#[test]
fn latin_names_come_from_the_gazetteer_first() {
    assert_eq!(latin_name("Харків"), "Kharkiv");
    assert_eq!(latin_name("Львів"), "Lviv");
    assert_eq!(latin_name("Тернополі"), "Ternopil");
    // A town on no list: transliterated.
    assert_eq!(latin_name("Вербівка"), "Verbivka");
    assert_eq!(latin_name("Reuters"), "Reuters");
}

#[test]
fn institutions_keep_their_english_names() {
    assert_eq!(
        latin_name("ДСНС України"),
        "State Emergency Service of Ukraine"
    );
    assert_eq!(latin_name("ДСНС"), "State Emergency Service of Ukraine");
    assert_eq!(
        latin_name("ДСНС у Львівській області"),
        "State Emergency Service, Lviv region"
    );
}
