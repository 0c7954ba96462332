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

/// Markdown text; may be empty (an update can be status-only) but not huge, and holds no control
/// character but line breaks and tabs (a NUL cannot be stored by PostgreSQL, nor shown by anyone).
pub fn body(field: &'static str, value: &str) -> Result<String, FieldError> {
    if value.chars().count() > BODY_MAX {
        return Err(error(field, format!("{field} is longer than {BODY_MAX} characters")));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(error(field, format!("{field} must not contain control characters")));
    }
    Ok(value.trim_end().to_string())
}

pub const DESCRIPTION_MAX: usize = 500;

/// A component's or group's name and optional description; an empty description is none.
pub fn name_and_description(name: &str, description: &Option<String>) -> Result<(String, Option<String>), FieldError> {
    let name = line("name", name, NAME_MAX)?;
    let description = description.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let description = description.map(|d| line("description", d, DESCRIPTION_MAX)).transpose()?;
    Ok((name, description))
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// A password long enough to resist guessing (and not absurdly long). The message reads the same
/// for every password field: it is about passwords, whichever form asked.
pub fn password(field: &'static str, value: &str) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n < PASSWORD_MIN {
        return Err(error(field, format!("password must be at least {PASSWORD_MIN} characters")));
    }
    if n > PASSWORD_MAX {
        return Err(error(field, format!("password must be at most {PASSWORD_MAX} characters")));
    }
    Ok(())
}

pub const EMAIL_MAX: usize = 254;

/// An email address as accounts are keyed by: trimmed, lower-cased, `local@domain` with both parts
/// present and no spaces. (Whether it receives mail is for the mail server to say.)
pub fn email(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = line(field, value, EMAIL_MAX)?.to_lowercase();
    let shaped = v.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !domain.starts_with('.')
    });
    if !shaped || v.chars().any(char::is_whitespace) {
        return Err(error(field, "enter an email address like ada@example.com".to_string()));
    }
    Ok(v)
}

/// A ticked checkbox: a browser sends "on" (or the value the form gives it, here always "on");
/// scripts may send "true". Absent means unticked.
pub fn checkbox(value: Option<&str>) -> bool {
    matches!(value, Some("on" | "true"))
}

/// A checkbox whose form also sends `offered` (a hidden field beside it), so that an unticked box
/// (which sends nothing) is told apart from a form that never had it: offered and unticked is
/// false; not offered (an older form, a script) is `default`.
pub fn offered_checkbox(offered: Option<&str>, value: Option<&str>, default: bool) -> bool {
    if offered.is_some() {
        checkbox(value)
    } else {
        default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offered_checkbox_left_unticked_is_false() {
        assert!(!offered_checkbox(Some("1"), None, true));
        assert!(offered_checkbox(Some("1"), Some("on"), true));
        assert!(offered_checkbox(None, None, true));
        assert!(!offered_checkbox(None, None, false));
    }

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

    #[test]
    fn bodies_keep_line_breaks_and_tabs_but_no_other_control_character() {
        assert_eq!(body("body", "a\r\n\tb\n\n"), Ok("a\r\n\tb".into()));
        for bad in ["a\0b", "\u{1b}[31m", "\u{7f}", "\u{85}"] {
            let e = body("message", bad).unwrap_err();
            assert_eq!((e.field, e.message.as_str()), ("message", "message must not contain control characters"));
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(password("password", &"x".repeat(PASSWORD_MIN)).is_ok());
        let short = password("new_password", "short").unwrap_err();
        assert_eq!((short.field, short.message.as_str()), ("new_password", "password must be at least 10 characters"));
        assert!(password("password", &"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_shaped() {
        assert_eq!(email("email", "  Ada@Example.COM "), Ok("ada@example.com".into()));
        for bad in ["ada", "@example.com", "ada@", "a b@example.com", "ada@@example.com", "ada@.com", "", "a\0@b"] {
            assert_eq!(email("email", bad).unwrap_err().field, "email", "{bad:?}");
        }
    }

    #[test]
    fn a_checkbox_is_ticked_by_on_or_true_only() {
        assert!(checkbox(Some("on")) && checkbox(Some("true")));
        assert!(!checkbox(None) && !checkbox(Some("")) && !checkbox(Some("off")) && !checkbox(Some("false")));
    }
}
