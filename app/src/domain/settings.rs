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
    /// The pages' language (a tag of `i18n::LANGUAGES`) when the visitor chose none.
    pub language: String,
    /// A visitor's browser languages (`Accept-Language`) choose the page's language.
    pub follow_browser_language: bool,
    /// The uploaded logo's and favicon's hashes (see [`Image`]): the pages link them by these.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// Raised by every change; an edit made on an older version is refused.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl PageSettings {
    /// The hash of the uploaded image `kind`, if there is one.
    pub fn image(&self, kind: Image) -> Option<&str> {
        match kind {
            Image::Logo => self.logo.as_deref(),
            Image::Favicon => self.favicon.as_deref(),
        }
    }

    /// Sets (or removes) the hash of the uploaded image `kind`.
    pub fn set_image(&mut self, kind: Image, hash: Option<String>) {
        match kind {
            Image::Logo => self.logo = hash,
            Image::Favicon => self.favicon = hash,
        }
    }

    /// The address pages link the uploaded image `kind` by: it changes with the image.
    pub fn image_address(&self, kind: Image) -> Option<String> {
        self.image(kind).map(|hash| format!("/brand/{}?v={hash}", kind.as_str()))
    }

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
            language: crate::i18n::DEFAULT.to_string(),
            follow_browser_language: true,
            logo: None,
            favicon: None,
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
    pub language: String,
    pub follow_browser_language: bool,
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
            language: s.language.clone(),
            follow_browser_language: s.follow_browser_language,
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
            language: language(&self.language)?,
            follow_browser_language: self.follow_browser_language,
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
    pub language: String,
    pub follow_browser_language: bool,
}

#[cfg(feature = "ssr")]
fn error(field: &'static str, message: String) -> FieldError {
    FieldError { field, message }
}

#[cfg(feature = "ssr")]
fn optional(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// A language the pages speak, by its tag (`de`).
#[cfg(feature = "ssr")]
pub fn language(value: &str) -> Result<String, FieldError> {
    let tag = value.trim();
    match crate::i18n::is_language(tag) {
        true => Ok(tag.to_string()),
        false => {
            let known: Vec<&str> = crate::i18n::LANGUAGES.iter().map(|(t, _)| *t).collect();
            Err(error("language", format!("unknown language '{tag}' (one of {})", known.join(", "))))
        }
    }
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

/// An image of the page's: its logo (in the header) or its favicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Image {
    Logo,
    Favicon,
}

impl Image {
    pub fn as_str(self) -> &'static str {
        match self {
            Image::Logo => "logo",
            Image::Favicon => "favicon",
        }
    }

    /// The largest file taken.
    pub fn max_bytes(self) -> usize {
        match self {
            Image::Logo => 256 * 1024,
            Image::Favicon => 64 * 1024,
        }
    }

    /// Its content type if `bytes` is an image of a kind it may be: PNG or SVG (and ICO for the
    /// favicon). An SVG is refused if it could run or fetch anything (scripts, event handlers,
    /// `javascript:`, foreign objects, entities, links outside itself): served as a file of the
    /// page's own address, it must be inert.
    #[cfg(feature = "ssr")]
    pub fn check(self, bytes: &[u8]) -> Result<&'static str, FieldError> {
        let field = self.as_str();
        if bytes.is_empty() {
            return Err(error(field, format!("the {field} file is empty")));
        }
        if bytes.len() > self.max_bytes() {
            return Err(error(field, format!("the {field} is larger than {} KB", self.max_bytes() / 1024)));
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Ok("image/png");
        }
        if self == Image::Favicon && bytes.starts_with(&[0, 0, 1, 0]) {
            return Ok("image/x-icon");
        }
        let Some(svg) = std::str::from_utf8(bytes).ok().filter(|t| t.to_ascii_lowercase().contains("<svg")) else {
            let kinds = if self == Image::Favicon { "a PNG, ICO or SVG image" } else { "a PNG or SVG image" };
            return Err(error(field, format!("the {field} must be {kinds}")));
        };
        match svg_danger(svg) {
            Some(found) => Err(error(
                field,
                format!("the SVG {field} holds {found}, which could run or fetch something; remove it or upload a PNG"),
            )),
            None => Ok("image/svg+xml"),
        }
    }
}

/// What an SVG holds that could run or fetch something, if anything.
#[cfg(feature = "ssr")]
fn svg_danger(svg: &str) -> Option<&'static str> {
    let lower = svg.to_ascii_lowercase();
    let banned = [
        ("<script", "a script"),
        ("javascript:", "a javascript: address"),
        ("<foreignobject", "a foreignObject"),
        ("<!entity", "an entity declaration"),
        ("<!doctype", "a document type declaration"),
        ("<iframe", "a frame"),
        ("<embed", "an embedded object"),
        ("<object", "an embedded object"),
        ("<image", "an image of another address"),
        ("@import", "a stylesheet import"),
    ];
    if let Some((_, what)) = banned.iter().find(|(token, _)| lower.contains(token)) {
        return Some(what);
    }
    // Event handlers: an attribute named on… (onload=, onclick = …).
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let before = i.checked_sub(1).map(|b| bytes[b]);
        let name_end = bytes[i + 2..].iter().position(|b| !b.is_ascii_alphabetic()).map(|n| i + 2 + n);
        let after = name_end.and_then(|e| bytes[e..].iter().find(|b| !b.is_ascii_whitespace()));
        if before.is_some_and(|b| b.is_ascii_whitespace() || b == b'/')
            && name_end.is_some_and(|e| e > i + 2)
            && after == Some(&b'=')
        {
            return Some("an event handler");
        }
    }
    // Links and url(…) only within itself (#id).
    for token in ["href=\"", "href='", "url("] {
        for (i, _) in lower.match_indices(token) {
            let rest = lower[i + token.len()..].trim_start_matches(['\'', '"', ' ']);
            if !rest.starts_with('#') {
                return Some("a link to another address");
            }
        }
    }
    None
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn input() -> PageSettingsInput {
        PageSettingsInput::from_settings(&PageSettings::first("Acme Status", "UTC"))
    }

    #[test]
    fn images_are_png_ico_or_inert_svg() {
        let png = b"\x89PNG\r\n\x1a\n rest of a png";
        assert_eq!(Image::Logo.check(png), Ok("image/png"));
        assert_eq!(Image::Favicon.check(&[0, 0, 1, 0, 1, 0]), Ok("image/x-icon"));
        assert!(Image::Logo.check(&[0, 0, 1, 0, 1, 0]).is_err(), "an icon is no logo");
        let clean = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/></svg>"##;
        assert_eq!(Image::Logo.check(clean.as_bytes()), Ok("image/svg+xml"));
        for (bad, why) in [
            (r#"<svg><script>alert(1)</script></svg>"#, "a script"),
            (r#"<svg onload="alert(1)"/>"#, "an event handler"),
            (r#"<svg><rect ONCLICK = 'x()'/></svg>"#, "an event handler"),
            (r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#, "a javascript: address"),
            (r#"<svg><foreignObject><div/></foreignObject></svg>"#, "a foreignObject"),
            (r#"<svg><use href="https://evil.example/x.svg#a"/></svg>"#, "a link to another address"),
            (r#"<svg><rect style="fill:url(https://evil.example/t)"/></svg>"#, "a link to another address"),
            (r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg/>"#, "an entity declaration"),
        ] {
            let e = Image::Logo.check(bad.as_bytes()).unwrap_err();
            assert!(e.message.contains(why), "{bad}: {}", e.message);
            assert_eq!(e.field, "logo");
        }
        assert!(Image::Logo.check(b"GIF89a").unwrap_err().message.contains("PNG or SVG"));
        assert!(Image::Favicon.check(&vec![0x89; 70 * 1024]).unwrap_err().message.contains("64 KB"));
        assert!(Image::Logo.check(b"").is_err());
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
