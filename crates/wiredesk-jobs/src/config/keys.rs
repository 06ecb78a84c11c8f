//! Reading single keys of `wiredesk.toml`: typed values with their bounds, wrong types and
//! unknown keys reported with the key's full name, and "did you mean" suggestions.

use toml::{Table, Value};

use super::ConfigError;

pub(super) fn join_key(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

pub(super) fn wrong_type(key: &str, expected: &str, found: &Value) -> ConfigError {
    ConfigError::new(
        key,
        format!("expected {expected}, found {}", describe(found)),
    )
}

pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => format!("string {text:?}"),
        Value::Integer(number) => format!("integer {number}"),
        Value::Float(number) => format!("float {number}"),
        Value::Boolean(flag) => format!("boolean {flag}"),
        other => other.type_str().to_owned(),
    }
}

/// An integer in `min..=max`; on any problem, records it and returns `default`.
pub(super) fn read_int(
    table: &Table,
    prefix: &str,
    key: &str,
    min: u64,
    max: u64,
    default: u64,
    errors: &mut Vec<ConfigError>,
) -> u64 {
    let Some(value) = table.get(key) else {
        return default;
    };
    let full_key = join_key(prefix, key);
    match check_int(value, min, max) {
        Ok(number) => number,
        Err(message) => {
            errors.push(ConfigError::new(full_key, message));
            default
        }
    }
}

pub(super) fn check_int(value: &Value, min: u64, max: u64) -> Result<u64, String> {
    let Value::Integer(number) = value else {
        let hint = match value {
            Value::String(text) if text.trim().parse::<i64>().is_ok() => {
                format!("; write it without quotes: {}", text.trim())
            }
            _ => String::new(),
        };
        return Err(format!(
            "expected an integer, found {}{hint}",
            describe(value)
        ));
    };
    let number = *number;
    if number < 0 || (number as u64) < min {
        let floor = if min == 0 {
            "not be negative".to_owned()
        } else {
            format!("be at least {min}")
        };
        return Err(format!("must {floor}, found {number}"));
    }
    let number = number as u64;
    if number > max {
        return Err(format!("must be at most {max}, found {number}"));
    }
    Ok(number)
}

pub(super) fn read_u32(
    table: &Table,
    prefix: &str,
    key: &str,
    min: u32,
    max: u32,
    default: u32,
    errors: &mut Vec<ConfigError>,
) -> u32 {
    let number = read_int(
        table,
        prefix,
        key,
        u64::from(min),
        u64::from(max),
        u64::from(default),
        errors,
    );
    u32::try_from(number).unwrap_or(default)
}

pub(super) fn read_bool(
    table: &Table,
    prefix: &str,
    key: &str,
    default: bool,
    errors: &mut Vec<ConfigError>,
) -> bool {
    match table.get(key) {
        None => default,
        Some(Value::Boolean(flag)) => *flag,
        Some(other) => {
            errors.push(wrong_type(&join_key(prefix, key), "true or false", other));
            default
        }
    }
}

pub(super) fn read_opt_string(
    table: &Table,
    prefix: &str,
    key: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<String> {
    match table.get(key)? {
        Value::String(text) => Some(text.clone()),
        other => {
            errors.push(wrong_type(&join_key(prefix, key), "a string", other));
            None
        }
    }
}

/// Reports every key of `table` that is not in `known`, with a suggestion when one is close.
pub(super) fn check_unknown_keys(
    table: &Table,
    prefix: &str,
    known: &[&str],
    errors: &mut Vec<ConfigError>,
) {
    for key in table.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let message = match suggest(key, known) {
            Some(candidate) => format!("unknown key; did you mean `{candidate}`?"),
            None => format!("unknown key; expected one of: {}", known.join(", ")),
        };
        errors.push(ConfigError::new(join_key(prefix, key), message));
    }
}

/// The closest of `candidates` to a mistyped `input`, if one is close enough to be a typo.
pub(super) fn suggest<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let folded = input.to_lowercase().replace('-', "_");
    if let Some(same) = candidates
        .iter()
        .find(|candidate| candidate.replace('-', "_") == folded)
    {
        return Some(same);
    }
    let best = candidates
        .iter()
        .map(|candidate| {
            (
                edit_distance(&folded, &candidate.replace('-', "_")),
                *candidate,
            )
        })
        .min_by_key(|(distance, _)| *distance);
    if let Some((distance, candidate)) = best {
        let allowed = (folded.chars().count() / 3).clamp(1, 3);
        if distance <= allowed {
            return Some(candidate);
        }
    }
    // `timeout` for `timeout_secs`, `interval` for `interval_secs`.
    candidates
        .iter()
        .find(|candidate| folded.len() >= 3 && candidate.starts_with(&format!("{folded}_")))
        .copied()
}

/// Levenshtein distance over chars.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    let mut current = vec![0; b_chars.len() + 1];
    for (a_idx, a_char) in a.chars().enumerate() {
        current[0] = a_idx + 1;
        for (b_idx, b_char) in b_chars.iter().enumerate() {
            let substitution = previous[b_idx] + usize::from(a_char != *b_char);
            current[b_idx + 1] = substitution
                .min(previous[b_idx + 1] + 1)
                .min(current[b_idx] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b_chars.len()]
}
