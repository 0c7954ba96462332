//! The page's settings: its name, time zone, brand colour, links and the texts around the status.
//! Stored in the database, edited by admins in the console or through `/api/v1/page`; the
//! command-line flags only give a new database its first name and zone. The rules of what is
//! accepted live here, for the console, the API and the store alike.

#[cfg(feature = "ssr")]
use super::validate::{self, FieldError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The name's limit: it is the header's text and every page's `<title>`.
pub const NAME_MAX: usize = 100;
/// The notice above the banner and the "about" text are short by design (Markdown).
pub const TEXT_MAX: usize = 5_000;
/// Links in the footer at most, and their labels' and addresses' limits.
pub const FOOTER_LINKS_MAX: usize = 8;
pub const LABEL_MAX: usize = 60;
pub const URL_MAX: usize = 500;
/// WCAG 2.x level AA for normal text: the header's white text on the brand colour.
pub const MIN_CONTRAST: f64 = 4.5;

/// A link in the page's footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct FooterLink {
    pub label: String,
    /// An absolute http(s) address.
    pub url: String,
}

/// The settings as stored: every value valid (see [`PageSettingsInput::check`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSettings {
    pub name: String,
    /// An IANA zone name (checked when stored): every time on the page is shown in it.
    pub time_zone: String,
    /// `#rrggbb`: the header's background, with white text.
    pub brand_color: Option<String>,
    /// Where visitors ask for help (a web page or a `mailto:` address), linked in the header.
    pub support_url: Option<String>,
    pub footer_links: Vec<FooterLink>,
    /// Markdown shown on the front page above the components.
    pub about: String,
    /// Markdown shown above the banner on every page, for news that is not an incident.
    pub notice: String,
    /// Raised by every change; an edit made on an older version is refused.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl PageSettings {
    /// A new database's settings, from the command line's `--title` and `--timezone`.
    pub fn first(name: &str, time_zone: &str) -> PageSettings {
        PageSettings {
            name: name.trim().chars().take(NAME_MAX).collect(),
            time_zone: time_zone.to_string(),
            brand_color: None,
            support_url: None,
            footer_links: Vec::new(),
            about: String::new(),
            notice: String::new(),
            version: 0,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}

/// An edit of the settings, as typed: every field is checked by [`PageSettingsInput::check`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageSettingsInput {
    pub name: String,
    pub time_zone: String,
    pub brand_color: String,
    pub support_url: String,
    pub footer_links: Vec<FooterLink>,
    pub about: String,
    pub notice: String,
}

impl PageSettingsInput {
    /// The current settings, as a form or a PATCH starts from them.
    pub fn from_settings(s: &PageSettings) -> PageSettingsInput {
        PageSettingsInput {
            name: s.name.clone(),
            time_zone: s.time_zone.clone(),
            brand_color: s.brand_color.clone().unwrap_or_default(),
            support_url: s.support_url.clone().unwrap_or_default(),
            footer_links: s.footer_links.clone(),
            about: s.about.clone(),
            notice: s.notice.clone(),
        }
    }

    /// The settings this input makes, or the first field that breaks a rule.
    #[cfg(feature = "ssr")]
    pub fn check(&self) -> Result<Checked, FieldError> {
        let name = validate::line("name", &self.name, NAME_MAX)?;
        let time_zone = time_zone(&self.time_zone)?;
        let brand_color = optional(&self.brand_color).map(brand_color).transpose()?;
        let support_url = optional(&self.support_url).map(|u| address("support_url", u, true)).transpose()?;
        if self.footer_links.len() > FOOTER_LINKS_MAX {
            return Err(error("footer_links", format!("at most {FOOTER_LINKS_MAX} footer links")));
        }
        let footer_links = self
            .footer_links
            .iter()
            .map(|l| {
                Ok(FooterLink {
                    label: validate::line("footer_links", &l.label, LABEL_MAX)?,
                    url: address("footer_links", &l.url, false)?,
                })
            })
            .collect::<Result<Vec<_>, FieldError>>()?;
        Ok(Checked {
            name,
            time_zone,
            brand_color,
            support_url,
            footer_links,
            about: text("about", &self.about)?,
            notice: text("notice", &self.notice)?,
        })
    }
}

/// Settings that passed [`PageSettingsInput::check`], ready to store.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub name: String,
    pub time_zone: chrono_tz::Tz,
    pub brand_color: Option<String>,
    pub support_url: Option<String>,
    pub footer_links: Vec<FooterLink>,
    pub about: String,
    pub notice: String,
}

#[cfg(feature = "ssr")]
fn error(field: &'static str, message: String) -> FieldError {
    FieldError { field, message }
}

#[cfg(feature = "ssr")]
fn optional(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// An IANA zone name such as `Europe/Berlin`.
#[cfg(feature = "ssr")]
pub fn time_zone(value: &str) -> Result<chrono_tz::Tz, FieldError> {
    value.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        error(
            "time_zone",
            format!("unknown time zone '{}' (use an IANA name such as UTC or Europe/Berlin)", value.trim()),
        )
    })
}

/// `#rrggbb` (or `#rgb`), dark enough that white text on it keeps AA contrast; returned as `#rrggbb`.
#[cfg(feature = "ssr")]
pub fn brand_color(value: &str) -> Result<String, FieldError> {
    let Some(rgb) = parse_hex(value.trim()) else {
        return Err(error("brand_color", format!("'{}' is not a colour like #1a5fb4", value.trim())));
    };
    let ratio = contrast(rgb, (255, 255, 255));
    if ratio < MIN_CONTRAST {
        return Err(error(
            "brand_color",
            format!(
                "white text on {} has a contrast of {ratio:.2}:1, below the {MIN_CONTRAST}:1 that readers need (WCAG AA); choose a darker colour",
                value.trim()
            ),
        ));
    }
    Ok(format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2))
}

#[cfg(feature = "ssr")]
fn parse_hex(value: &str) -> Option<(u8, u8, u8)> {
    let hex = value.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i * len..(i + 1) * len], 16).ok();
    match hex.len() {
        6 => Some((digit(0, 2)?, digit(1, 2)?, digit(2, 2)?)),
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        _ => None,
    }
}

/// The WCAG 2.x contrast ratio of two sRGB colours, from 1 (none) to 21 (black on white).
#[cfg(feature = "ssr")]
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG's relative luminance of an sRGB colour.
#[cfg(feature = "ssr")]
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// An absolute `http(s)` address (or, where `mailto` is allowed, a `mailto:` one), one line.
#[cfg(feature = "ssr")]
fn address(field: &'static str, value: &str, mailto: bool) -> Result<String, FieldError> {
    let v = validate::line(field, value, URL_MAX)?;
    let web = ["https://", "http://"].iter().any(|p| v.len() > p.len() && v.to_ascii_lowercase().starts_with(p));
    let mail = mailto && v.to_ascii_lowercase().starts_with("mailto:") && v.contains('@');
    if (!web && !mail) || v.chars().any(char::is_whitespace) {
        let allowed = if mailto { "an http(s) address or mailto:" } else { "an http(s) address" };
        return Err(error(field, format!("'{v}' is not {allowed}")));
    }
    Ok(v)
}

#[cfg(feature = "ssr")]
fn text(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = validate::body(field, value)?;
    if v.chars().count() > TEXT_MAX {
        return Err(error(field, format!("{field} is longer than {TEXT_MAX} characters")));
    }
    Ok(v.trim().to_string())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn input() -> PageSettingsInput {
        PageSettingsInput::from_settings(&PageSettings::first("Acme Status", "UTC"))
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((255, 255, 255), (255, 255, 255)) - 1.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes AA (4.54:1).
        assert!((contrast((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_brand_colour_too_light_for_white_text_is_refused() {
        assert_eq!(brand_color("#1A5FB4").unwrap(), "#1a5fb4");
        assert_eq!(brand_color(" #036 ").unwrap(), "#003366");
        let light = brand_color("#ffcc00").unwrap_err();
        assert_eq!(light.field, "brand_color");
        assert!(light.message.contains("below the 4.5:1"), "{}", light.message);
        assert!(brand_color("#777777").is_err(), "4.48:1 is just below AA");
        assert!(brand_color("#767676").is_ok());
        for bad in ["blue", "#12345", "#gggggg", "1a5fb4", "#1a5fb4ff"] {
            assert!(brand_color(bad).unwrap_err().message.contains("is not a colour"), "{bad}");
        }
    }

    #[test]
    fn every_field_is_checked_and_named() {
        let ok = input().check().unwrap();
        assert_eq!((ok.name.as_str(), ok.time_zone, ok.brand_color), ("Acme Status", Tz::UTC, None));
        type Change = Box<dyn Fn(&mut PageSettingsInput)>;
        let cases: Vec<(&str, Change)> = vec![
            ("name", Box::new(|i| i.name = "  ".into())),
            ("name", Box::new(|i| i.name = "x".repeat(NAME_MAX + 1))),
            ("time_zone", Box::new(|i| i.time_zone = "Mars/Olympus".into())),
            ("support_url", Box::new(|i| i.support_url = "javascript:alert(1)".into())),
            ("support_url", Box::new(|i| i.support_url = "mailto:nobody".into())),
            (
                "footer_links",
                Box::new(|i| i.footer_links = vec![FooterLink { label: "x".into(), url: "ftp://a".into() }]),
            ),
            (
                "footer_links",
                Box::new(|i| i.footer_links = vec![FooterLink { label: " ".into(), url: "https://a".into() }]),
            ),
            (
                "footer_links",
                Box::new(|i| {
                    i.footer_links =
                        vec![FooterLink { label: "x".into(), url: "https://a.example".into() }; FOOTER_LINKS_MAX + 1]
                }),
            ),
            ("about", Box::new(|i| i.about = "a".repeat(TEXT_MAX + 1))),
            ("notice", Box::new(|i| i.notice = "nul \0".into())),
        ];
        for (field, change) in cases {
            let mut i = input();
            change(&mut i);
            assert_eq!(i.check().unwrap_err().field, field, "{i:?}");
        }
        let mut i = input();
        i.support_url = "mailto:help@example.com".into();
        i.time_zone = " Europe/Berlin ".into();
        let c = i.check().unwrap();
        assert_eq!(
            (c.support_url.as_deref(), c.time_zone),
            (Some("mailto:help@example.com"), chrono_tz::Europe::Berlin)
        );
    }
}
