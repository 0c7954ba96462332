//! Limits on what staff and API clients may write; the store enforces them, the forms show them.

/// An input that breaks a rule, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

pub const TITLE_MAX: usize = 200;
pub const NAME_MAX: usize = 100;
/// Generous for a postmortem, small enough that no page is swamped.
pub const BODY_MAX: usize = 100_000;

fn error(field: &'static str, message: String) -> FieldError {
    FieldError { field, message }
}

/// A one-line text that must not be empty; returns it trimmed.
pub fn line(field: &'static str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(error(field, format!("{field} must not be empty")));
    }
    if v.chars().count() > max {
        return Err(error(field, format!("{field} is longer than {max} characters")));
    }
    if v.chars().any(char::is_control) {
        return Err(error(field, format!("{field} must be a single line of text")));
    }
    Ok(v.to_string())
}

/// Markdown text; may be empty (an update can be status-only) but not huge.
pub fn body(field: &'static str, value: &str) -> Result<String, FieldError> {
    if value.chars().count() > BODY_MAX {
        return Err(error(field, format!("{field} is longer than {BODY_MAX} characters")));
    }
    Ok(value.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_and_bounded() {
        assert_eq!(line("title", "  API down ", 10), Ok("API down".into()));
        assert_eq!(line("title", "   ", 10).unwrap_err().message, "title must not be empty");
        assert_eq!(line("title", "abcdefghijk", 10).unwrap_err().message, "title is longer than 10 characters");
        assert_eq!(line("name", "a\nb", 10).unwrap_err().field, "name");
    }

    #[test]
    fn bodies_are_bounded() {
        assert!(body("body", &"x".repeat(BODY_MAX)).is_ok());
        assert_eq!(body("body", &"x".repeat(BODY_MAX + 1)).unwrap_err().field, "body");
    }
}
