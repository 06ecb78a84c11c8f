//! Bytes to text before any XML is read: BOM, then the HTTP charset, then the XML declaration,
//! then detection (UTF-16 by its NUL pattern, UTF-8 by validity, anything else by chardetng).
//!
//! Order follows RFC 7303 §3 (and feedparser): a BOM is authoritative; a `charset` parameter on
//! the HTTP `Content-Type` wins over the in-document declaration for every XML media type; the
//! declaration comes next. Two pragmatic exceptions, each with a warning: a candidate that names
//! UTF-8 while the bytes are not UTF-8 is skipped (servers often add `charset=utf-8` by default),
//! and an HTTP legacy charset loses to a UTF-8 declaration when the bytes are valid multi-byte
//! UTF-8 (which almost never happens by chance). A declaration of UTF-16 in ASCII-compatible bytes
//! is ignored.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use wiredesk_model::ParseWarning;

/// Decoded document text and how its encoding was decided.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    /// Display name: encoding_rs's canonical name, or "ISO-8859-1" when the label said so.
    pub encoding: String,
    /// "bom", "http", "declaration" or "detected".
    pub from: &'static str,
    pub warnings: Vec<ParseWarning>,
}

/// How many bytes are sniffed for a declaration or a UTF-16 NUL pattern.
const SNIFF_LEN: usize = 1024;

pub(crate) fn decode(bytes: &[u8], http_content_type: Option<&str>, tld: Option<&str>) -> Decoded {
    let mut warnings = Vec::new();

    // 1. Byte order mark.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(
            encoding,
            encoding.name().to_string(),
            "bom",
            &bytes[bom_len..],
            warnings,
        );
    }

    // 2. UTF-16 without a BOM: markup is ASCII, so every other byte is NUL.
    if let Some(encoding) = sniff_utf16(bytes) {
        return finish(
            encoding,
            encoding.name().to_string(),
            "detected",
            bytes,
            warnings,
        );
    }

    let utf8 = utf8_quality(bytes);

    // 3. The HTTP charset, then 4. the XML declaration.
    let http_label = http_content_type.and_then(charset_param);
    let declared_label = declared_encoding(bytes);
    for (label, from) in [(http_label, "http"), (declared_label, "declaration")] {
        let Some(label) = label else { continue };
        let Some(encoding) = Encoding::for_label(label.trim().as_bytes()) else {
            warnings.push(ParseWarning::new(
                Some("encoding".into()),
                format!("unknown encoding {label:?} from the {from} ignored"),
            ));
            continue;
        };
        if encoding == UTF_16LE || encoding == UTF_16BE {
            warnings.push(ParseWarning::new(
                Some("encoding".into()),
                format!("the {from} says {label} but the bytes are ASCII-compatible; ignored"),
            ));
            continue;
        }
        if encoding == UTF_8 && utf8 == Utf8Quality::Invalid {
            warnings.push(ParseWarning::new(
                Some("encoding".into()),
                format!("the {from} says {label} but the bytes are not UTF-8; ignored"),
            ));
            continue;
        }
        let declared_utf8 =
            declared_label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) == Some(UTF_8);
        if from == "http" && encoding != UTF_8 && utf8 == Utf8Quality::Valid && declared_utf8 {
            // Valid multi-byte UTF-8 almost never happens by chance in a legacy encoding: the
            // server's default charset is wrong and the document's own declaration is right.
            warnings.push(ParseWarning::new(
                Some("encoding".into()),
                format!("HTTP charset {label} ignored: the bytes are valid UTF-8 as declared"),
            ));
            continue;
        }
        if from == "http"
            && let Some(declared) =
                declared_label.and_then(|l| Encoding::for_label(l.trim().as_bytes()))
            && declared != encoding
        {
            warnings.push(ParseWarning::new(
                Some("encoding".into()),
                format!(
                    "HTTP charset {label} overrides the declared {}",
                    declared_label.unwrap_or_default()
                ),
            ));
        }
        return finish(
            encoding,
            display_name(label, encoding),
            from,
            bytes,
            warnings,
        );
    }

    // 5. Detection.
    match utf8 {
        Utf8Quality::Ascii | Utf8Quality::Valid | Utf8Quality::Mostly => {
            finish(UTF_8, UTF_8.name().to_string(), "detected", bytes, warnings)
        }
        Utf8Quality::Invalid => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let tld = tld.filter(|tld| is_plain_label(tld)).map(str::as_bytes);
            let mut encoding = detector.guess(tld, chardetng::Utf8Detection::Deny);
            if encoding == encoding_rs::KOI8_U && !uses_koi8u_letters(bytes) {
                // chardetng names the KOI8 family KOI8-U; without the Ukrainian letters that only
                // KOI8-U has, the text is plain KOI8-R (the more common of the two).
                encoding = encoding_rs::KOI8_R;
            }
            finish(
                encoding,
                encoding.name().to_string(),
                "detected",
                bytes,
                warnings,
            )
        }
    }
}

fn finish(
    encoding: &'static Encoding,
    name: String,
    from: &'static str,
    bytes: &[u8],
    mut warnings: Vec<ParseWarning>,
) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(ParseWarning::new(
            Some("encoding".into()),
            format!("bytes that are not {name} were replaced with U+FFFD"),
        ));
    } else if text.contains('\u{FFFD}') {
        warnings.push(ParseWarning::new(
            Some("encoding".into()),
            "the document contains U+FFFD replacement characters (mojibake at the source)",
        ));
    }
    if text.contains("\u{EF}\u{BF}\u{BD}") {
        warnings.push(ParseWarning::new(
            Some("encoding".into()),
            "the document contains \"\u{EF}\u{BF}\u{BD}\", a U+FFFD replacement character decoded twice (mojibake at the source)",
        ));
    }
    let mut text = text.into_owned();
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Decoded {
        text,
        encoding: name,
        from,
        warnings,
    }
}

/// encoding_rs maps ISO-8859-1 to its superset windows-1252 (as browsers do); keep the name the
/// feed used so the record matches what people see in the declaration.
fn display_name(label: &str, encoding: &'static Encoding) -> String {
    const LATIN1: &[&str] = &[
        "iso-8859-1",
        "iso8859-1",
        "iso_8859-1",
        "latin1",
        "l1",
        "iso-ir-100",
        "cp819",
        "ibm819",
        "csisolatin1",
    ];
    let label = label.trim().to_ascii_lowercase();
    if LATIN1.contains(&label.as_str()) {
        "ISO-8859-1".to_string()
    } else {
        encoding.name().to_string()
    }
}

/// chardetng panics on a TLD with a period, upper case or non-ASCII; pass only plain labels.
fn is_plain_label(tld: &str) -> bool {
    !tld.is_empty()
        && tld
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Bytes where KOI8-U puts є і ї ґ (and capitals) and KOI8-R has box-drawing characters.
fn uses_koi8u_letters(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| matches!(b, 0xA4 | 0xA6 | 0xA7 | 0xAD | 0xB4 | 0xB6 | 0xB7 | 0xBD))
}

fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let n_pairs = head.len() / 2;
    if n_pairs < 2 {
        return None;
    }
    let (mut nul_even, mut nul_odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        nul_even += usize::from(pair[0] == 0);
        nul_odd += usize::from(pair[1] == 0);
    }
    // Markup and whitespace are ASCII: in UTF-16 most code units have a NUL high byte.
    if nul_odd * 2 > n_pairs && nul_even * 10 < n_pairs {
        Some(UTF_16LE)
    } else if nul_even * 2 > n_pairs && nul_odd * 10 < n_pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8Quality {
    Ascii,
    Valid,
    /// A few broken sequences among many good ones: UTF-8 with damage, not another encoding.
    Mostly,
    Invalid,
}

fn utf8_quality(bytes: &[u8]) -> Utf8Quality {
    if bytes.is_ascii() {
        return Utf8Quality::Ascii;
    }
    let (mut n_good, mut n_bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                n_good += valid.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(error) => {
                let valid_len = error.valid_up_to();
                n_good += rest[..valid_len].iter().filter(|b| **b >= 0xC0).count();
                n_bad += 1;
                let skip = error.error_len().unwrap_or(rest.len() - valid_len);
                rest = &rest[(valid_len + skip).min(rest.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    match (n_bad, n_good) {
        (0, _) => Utf8Quality::Valid,
        (bad, good) if good >= bad * 4 => Utf8Quality::Mostly,
        _ => Utf8Quality::Invalid,
    }
}

/// `charset` parameter of a Content-Type value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .skip(1)
        .find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
        })
        .filter(|value| !value.is_empty())
}

/// The `encoding` pseudo-attribute of an `<?xml …?>` declaration near the start (it may follow a
/// comment in broken feeds).
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let start = find(head, b"<?xml")?;
    let decl = &head[start..];
    let end = find(decl, b"?>").unwrap_or(decl.len());
    let decl = &decl[..end];
    let at = find(decl, b"encoding")?;
    let rest = &decl[at + b"encoding".len()..];
    let rest = trim_ascii_start(rest);
    let rest = trim_ascii_start(rest.strip_prefix(b"=")?);
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = value.iter().position(|b| *b == quote)?;
    std::str::from_utf8(&value[..close])
        .ok()
        .filter(|label| !label.trim().is_empty())
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
