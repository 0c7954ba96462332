//! What the request shapes accept beyond their Rust types, said once for the reader and the
//! document alike: whole numbers however JSON writes them, and the text rules of
//! `app::domain::validate` as JSON Schema patterns, so that the document allows exactly what the
//! store accepts.

use app::domain::validate::{DESCRIPTION_MAX, NAME_MAX, TITLE_MAX};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::json;
use std::borrow::Cow;

/// A whole number, sent as `3` or, as some JSON writers do, `3.0`: JSON has one kind of number,
/// and JSON Schema's `integer` is any number without a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Whole, D::Error> {
        struct WholeVisitor;
        impl Visitor<'_> for WholeVisitor {
            type Value = Whole;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number from -9223372036854775808 to 9223372036854775807")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Whole, E> {
                i64::try_from(v).map(Whole).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Whole, E> {
                // JSON integers beyond i64 reach here as floats, rounded: -9223372036854775809
                // becomes -2^63. Only |v| < 2^63 is surely an i64 that was meant.
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if v.fract() == 0.0 && v.abs() < LIMIT {
                    Ok(Whole(v as i64))
                } else {
                    Err(E::invalid_value(Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(WholeVisitor)
    }
}

impl JsonSchema for Whole {
    fn schema_name() -> Cow<'static, str> {
        "Whole".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "format": "int64", "minimum": i64::MIN, "maximum": i64::MAX})
    }
}

/// Rust's `White_Space` (what `str::trim` removes) as the inside of a regex class.
const SPACE: &str = r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// A control character (`char::is_control`, Unicode `Cc`).
const CONTROL: &str = r"\u0000-\u001f\u007f-\u009f";
/// Neither a control character nor a space.
const VISIBLE: &str = r"[^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// `validate::line`: at most `max` characters and no control character once trimmed, and, when
/// `required`, not blank.
pub fn line_pattern(max: usize, required: bool) -> String {
    let trimmed = format!("{VISIBLE}(?:[^{CONTROL}]{{0,{}}}{VISIBLE})?", max - 2);
    let trimmed = if required { trimmed } else { format!("(?:{trimmed})?") };
    format!("^[{SPACE}]*{trimmed}[{SPACE}]*$")
}

/// `validate::body`: Markdown without control characters other than line breaks and tabs.
pub const MARKDOWN_PATTERN: &str = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$";

fn line(max: usize, required: bool, nullable: bool, what: &str) -> Schema {
    let description = format!(
        "{what}: at most {max} characters once leading and trailing spaces are trimmed, without control characters"
    );
    let kind = if nullable { json!(["string", "null"]) } else { json!("string") };
    json_schema!({"type": kind, "pattern": line_pattern(max, required), "description": description})
}

fn markdown_schema(nullable: bool) -> Schema {
    let kind = if nullable { json!(["string", "null"]) } else { json!("string") };
    json_schema!({
        "type": kind,
        "maxLength": app::domain::validate::BODY_MAX,
        "pattern": MARKDOWN_PATTERN,
        "description": "Markdown; control characters other than line breaks and tabs are refused",
    })
}

pub fn title(_: &mut SchemaGenerator) -> Schema {
    line(TITLE_MAX, true, false, "Not blank")
}
pub fn title_or_null(_: &mut SchemaGenerator) -> Schema {
    line(TITLE_MAX, true, true, "Not blank")
}
pub fn name(_: &mut SchemaGenerator) -> Schema {
    line(NAME_MAX, true, false, "Not blank, unique")
}
pub fn name_or_null(_: &mut SchemaGenerator) -> Schema {
    line(NAME_MAX, true, true, "Not blank, unique")
}
pub fn description(_: &mut SchemaGenerator) -> Schema {
    line(DESCRIPTION_MAX, false, true, "Blank is none")
}
pub fn markdown(_: &mut SchemaGenerator) -> Schema {
    markdown_schema(false)
}
pub fn markdown_or_null(_: &mut SchemaGenerator) -> Schema {
    markdown_schema(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(json: &str) -> Result<i64, String> {
        serde_json::from_str::<Whole>(json).map(|w| w.0).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_come_as_integers_or_floats_without_a_fraction() {
        assert_eq!(whole("1130702"), Ok(1130702));
        assert_eq!(whole("1130702.0"), Ok(1130702));
        assert_eq!(whole("-3e2"), Ok(-300));
        // Found by Schemathesis: without serde_json's float_roundtrip this read 2206194948572959.2.
        assert_eq!(whole("2206194948572959.0"), Ok(2206194948572959));
        assert_eq!(whole("-9223372036854775808"), Ok(i64::MIN));
        assert!(whole("1.5").unwrap_err().contains("expected a whole number"));
        assert!(whole("9223372036854775808").is_err());
        assert!(whole("9.3e18").is_err());
        assert!(whole("-9223372036854775809").is_err(), "rounds to -2^63 as a float");
        assert!(whole("\"7\"").is_err());
    }

    #[test]
    fn the_line_pattern_counts_what_remains_after_trimming() {
        assert_eq!(line_pattern(4, true), format!("^[{SPACE}]*{VISIBLE}(?:[^{CONTROL}]{{0,2}}{VISIBLE})?[{SPACE}]*$"));
    }
}
