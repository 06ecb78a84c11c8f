//! Language of a post: whatlang for most text, plus a letter check that settles short Cyrillic
//! text where whatlang guesses (і ї є ґ → uk; ы э ъ ё → ru; ў → be).

/// ISO 639-1 code of `text`, or `None` when the text is too short or unclear to tell.
pub fn detect_language(text: &str) -> Option<String> {
    if let Some(code) = cyrillic_letter_hint(text) {
        return Some(code.to_string());
    }
    let info = whatlang::detect(text)?;
    let n_letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if !info.is_reliable() && n_letters < 40 {
        return None;
    }
    iso_639_1(info.lang()).map(str::to_string)
}

/// Letters that only one of the East Slavic alphabets uses.
fn cyrillic_letter_hint(text: &str) -> Option<&'static str> {
    let (mut uk, mut ru, mut be, mut cyrillic) = (0, 0, 0, 0);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'і' | 'ї' | 'є' | 'ґ' => uk += 1,
            'ы' | 'э' | 'ъ' | 'ё' => ru += 1,
            'ў' => be += 1,
            _ => {}
        }
        if ('\u{0400}'..='\u{04ff}').contains(&c) {
            cyrillic += 1;
        }
    }
    if cyrillic < 3 {
        return None;
    }
    if be > 0 {
        // Belarusian writes і and ы too; ў is its own.
        return Some("be");
    }
    match (uk > 0, ru > 0) {
        (true, false) => Some("uk"),
        (false, true) => Some("ru"),
        _ => None,
    }
}

fn iso_639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Rus => "ru",
        Ukr => "uk",
        Bel => "be",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Pol => "pl",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ell => "el",
        Ron => "ro",
        Bul => "bg",
        Srp => "sr",
        Hrv => "hr",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hun => "hu",
        Fin => "fi",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Hin => "hi",
        Urd => "ur",
        Ben => "bn",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Mkd => "mk",
        Afr => "af",
        Cat => "ca",
        Epo => "eo",
        Yid => "yi",
        Lat => "la",
        Cym => "cy",
        Tgl => "tl",
        Tam => "ta",
        Tel => "te",
        Mar => "mr",
        Nep => "ne",
        Amh => "am",
        Jav => "jv",
        Kan => "kn",
        Guj => "gu",
        Pan => "pa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
    })
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[track_caller]
    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(detect_language(text).as_deref(), expected, "{text}");
    }

    #[test]
    fn short_cyrillic_by_letters() {
        check("Їдемо до Києва", Some("uk"));
        check("Мы едем", Some("ru"));
        check("Мінск і ўсё", Some("be"));
    }

    #[test]
    fn longer_text_by_whatlang() {
        check(
            "Russia and Ukraine held indirect talks in Istanbul on Wednesday, a diplomatic source said.",
            Some("en"),
        );
        check(
            "Die Gespräche in Istanbul sollen am Mittwoch fortgesetzt werden, hieß es aus Diplomatenkreisen.",
            Some("de"),
        );
    }

    #[test]
    fn too_short_is_unknown() {
        check("ok", None);
        check("", None);
    }
}
