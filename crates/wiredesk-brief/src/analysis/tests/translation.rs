//! English renderings: the check that holds them to their original, and the request.

/// A rendering may say only what its original says: names across scripts, numbers and dates.
#[test]
fn a_rendering_that_changes_a_number_or_adds_a_name_is_refused() {
    use crate::analysis::check_translation;
    let original = "Вночі Львів атакували 12 дронів. Пошкоджено склад.";
    assert!(
        check_translation(
            original,
            "Overnight, 12 drones attacked Lviv. A warehouse was damaged."
        )
        .is_ok()
    );
    let changed = check_translation(original, "Overnight, 14 drones attacked Lviv.").unwrap_err();
    assert!(changed.contains("number 14"), "{changed}");
    let added =
        check_translation(original, "Overnight, 12 drones attacked Lviv and Odesa.").unwrap_err();
    assert!(added.contains("Odesa"), "{added}");
    // The original given back, in its script or in Latin letters, is no translation.
    assert!(check_translation(original, &format!("The post: {original}")).is_err());
    let polish = "Rolnicy z Wielkopolski blokują drogę krajową numer 11 koło Poznania.";
    assert!(check_translation(polish, polish).is_err());
}

#[test]
fn a_translation_prompt_is_versioned_hashed_and_reads_its_answer() {
    use crate::analysis::{
        TRANSLATION_PROMPT_VERSION, TRANSLATION_SCHEMA_NAME, original_part, parse_translation,
        translation_prompt,
    };
    assert!(TRANSLATION_PROMPT_VERSION.starts_with("translate-v"));
    let prompt = translation_prompt("Вночі Львів атакували 12 дронів.", "uk");
    assert!(prompt.user.contains("Ukrainian"), "{}", prompt.user);
    assert!(prompt.user.contains("Вночі Львів"), "{}", prompt.user);
    assert_eq!(
        prompt.response_format()["json_schema"]["name"],
        TRANSLATION_SCHEMA_NAME
    );
    assert_ne!(
        prompt.hash,
        translation_prompt("Вночі Київ атакували 12 дронів.", "uk").hash
    );
    assert_eq!(
        parse_translation("```json\n{\"text\": \" Overnight,  12 drones. \"}\n```").unwrap(),
        "Overnight, 12 drones."
    );
    assert!(parse_translation("{\"text\": \"\"}").is_err());
    assert!(parse_translation("Overnight, 12 drones.").is_err());
    let long = "Речення. ".repeat(400);
    let part = original_part(&long);
    assert!(part.chars().count() <= crate::analysis::MAX_ORIGINAL_CHARS && part.ends_with('.'));
}
