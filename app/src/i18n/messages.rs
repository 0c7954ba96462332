//! The messages of every language, loaded once, and what the pages ask of them: a text by its id,
//! dates, months, percentages and durations in the language's own form, and which language a
//! visitor gets. Texts used thousands of times per render (a bar's date and uptime) are formatted
//! once with markers in place of their values ([`Template`]) and filled in afterwards.

use super::{DEFAULT, LANGUAGES, SOURCES};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::fmt::Display;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

/// A value for a message's variable (text or a number: numbers choose plural forms).
pub use fluent_bundle::FluentValue as Arg;

/// A language the pages speak. Cheap to copy; compares by its tag.
#[derive(Clone, Copy)]
pub struct Lang(&'static Locale);

pub struct Locale {
    index: usize,
    tag: &'static str,
    name: &'static str,
    rtl: bool,
    bundle: FluentBundle<FluentResource>,
    months_short: Vec<String>,
    months_long: Vec<String>,
    decimal: String,
    dates: DateTemplates,
    day_uptime: Template,
    day_no_data: Template,
    percent: Template,
}

struct DateTemplates {
    full: Template,
    short: Template,
    date: Template,
    month: Template,
}

/// The variables every date message may use.
const DATE_ARGS: [&str; 8] = ["month", "monthlong", "m", "day", "d", "year", "time", "zone"];

static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(|| {
    LANGUAGES.iter().zip(SOURCES).enumerate().map(|(i, ((tag, name), src))| load(i, tag, name, src)).collect()
});

fn load(index: usize, tag: &'static str, name: &'static str, source: &'static str) -> Locale {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let rtl = matches!(id.character_direction(), unic_langid::CharacterDirection::RTL);
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, errors)| {
        tracing_free_warning(tag, &format!("{errors:?}"));
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing_free_warning(tag, &format!("{errors:?}"));
    }
    let text = |id: &str| format(&bundle, id, None).unwrap_or_default();
    let months = |kind: &str| (1..=12).map(|m| text(&format!("month-{kind}-{m}"))).collect::<Vec<_>>();
    let template = |id: &str, names: &[&str]| Template::of(&bundle, id, names);
    Locale {
        index,
        tag,
        name,
        rtl,
        months_short: months("short"),
        months_long: months("long"),
        decimal: text("number-decimal-separator"),
        dates: DateTemplates {
            full: template("time-full", &DATE_ARGS),
            short: template("time-short", &DATE_ARGS),
            date: template("date", &DATE_ARGS),
            month: template("month-year", &DATE_ARGS),
        },
        day_uptime: template("day-uptime", &["date", "percent"]),
        day_no_data: template("day-no-data", &["date"]),
        percent: template("percent", &["number"]),
        bundle,
    }
}

/// A broken message file is a developer's mistake that the tests catch; a running server keeps
/// what parsed and says so on stderr (this crate has no logger of its own).
fn tracing_free_warning(tag: &str, errors: &str) {
    eprintln!("warning: app/locales/{tag}.ftl has errors; what parsed is used: {errors}");
}

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    Some(text.into_owned())
}

/// A message whose variables are filled in without Fluent: formatted once with a marker for each
/// variable, then split at the markers. Only for messages that choose nothing by their values.
struct Template(Vec<Piece>);

enum Piece {
    Text(String),
    Arg(usize),
}

const MARK: char = '\u{E000}';

impl Template {
    fn of(bundle: &FluentBundle<FluentResource>, id: &str, names: &[&str]) -> Template {
        let mut args = FluentArgs::new();
        for (i, name) in names.iter().enumerate() {
            args.set(*name, format!("{MARK}{}", char::from(b'a' + i as u8)));
        }
        let text = format(bundle, id, Some(&args)).unwrap_or_else(|| id.to_string());
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(MARK) {
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].to_string()));
            }
            let after = &rest[at + MARK.len_utf8()..];
            let mut chars = after.chars();
            let index = chars.next().map_or(0, |c| (c as usize).saturating_sub('a' as usize));
            pieces.push(Piece::Arg(index));
            rest = chars.as_str();
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Template(pieces)
    }

    fn fill(&self, values: &[&str]) -> String {
        let mut out = String::with_capacity(32);
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out += t,
                Piece::Arg(i) => out += values.get(*i).copied().unwrap_or_default(),
            }
        }
        out
    }
}

impl Lang {
    /// Every language, in the order of their tags.
    pub fn all() -> impl Iterator<Item = Lang> {
        LOCALES.iter().map(Lang)
    }

    /// The language tagged `tag` exactly (as stored in the settings).
    pub fn find(tag: &str) -> Option<Lang> {
        LOCALES.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)).map(Lang)
    }

    /// The language for a request: `?lang=` first, then the visitor's cookie, then (when the
    /// page follows browsers) the best of `Accept-Language`, then the page's `default`.
    pub fn choose(
        query: Option<&str>,
        cookie: Option<&str>,
        accept: Option<&str>,
        default: &str,
        follow: bool,
    ) -> Lang {
        query
            .and_then(Lang::find)
            .or_else(|| cookie.and_then(Lang::find))
            .or_else(|| accept.filter(|_| follow).and_then(Lang::negotiate))
            .or_else(|| Lang::find(default))
            .unwrap_or_else(Lang::fallback)
    }

    /// The best language of an `Accept-Language` header, by its weights: a tag spoken exactly, or
    /// its language without region or script (`de-AT` → `de`).
    pub fn negotiate(header: &str) -> Option<Lang> {
        let mut wanted: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0 && !tag.is_empty() && tag != "*").then_some((q, tag))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        wanted.iter().find_map(|(_, tag)| Lang::find(tag).or_else(|| tag.split(['-', '_']).next().and_then(Lang::find)))
    }

    /// The language missing messages fall back to.
    pub fn fallback() -> Lang {
        Lang::find(DEFAULT).or_else(|| LOCALES.first().map(Lang)).expect("app/locales/ has en.ftl")
    }

    pub fn tag(self) -> &'static str {
        self.0.tag
    }

    /// Its name in itself ("Deutsch").
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Its place in [`Lang::all`].
    pub fn index(self) -> usize {
        self.0.index
    }

    /// "rtl" or "ltr", for `<html dir>`.
    pub fn dir(self) -> &'static str {
        if self.0.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The message `id`; the fallback language's when this one lacks it, the id when both do.
    pub fn t(self, id: &str) -> String {
        self.tf(id, &[])
    }

    /// The message `id` with its variables. `tr!` writes this shorter.
    pub fn tf(self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        let args = (!args.is_empty()).then_some(&fluent);
        format(&self.0.bundle, id, args)
            .or_else(|| format(&Lang::fallback().0.bundle, id, args))
            .unwrap_or_else(|| id.to_string())
    }

    /// The message `id` cut at its variables `names`, for a page that puts markup there (a link,
    /// an emphasised address): each piece is text, or the index in `names` of the variable.
    pub fn pieces(self, id: &str, names: &[&str]) -> Vec<Result<String, usize>> {
        let bundle = if self.has(id) { &self.0.bundle } else { &Lang::fallback().0.bundle };
        Template::of(bundle, id, names)
            .0
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(t) => Ok(t),
                Piece::Arg(i) => Err(i),
            })
            .collect()
    }

    /// Whether this language has its own message `id` (the tests' check).
    pub fn has(self, id: &str) -> bool {
        self.0.bundle.has_message(id)
    }

    /// `template` filled with the date variables of `date` and a moment's `time` and `zone` (empty
    /// for a day): the month names borrowed, only the numbers written (a bar's text is made
    /// thousands of times per render).
    fn fill_date(self, template: &Template, date: NaiveDate, time: &str, zone: &str) -> String {
        let m = date.month0() as usize;
        let name = |names: &'static Vec<String>| names.get(m).map_or("", String::as_str);
        let (month, day, year) = (date.month().to_string(), date.day(), date.year().to_string());
        let (padded, plain) = (format!("{day:02}"), day.to_string());
        let values =
            [name(&self.0.months_short), name(&self.0.months_long), &month, &padded, &plain, &year, time, zone];
        template.fill(&values)
    }

    fn moment<Z: TimeZone>(self, template: &Template, t: DateTime<Utc>, tz: Z) -> String
    where
        Z::Offset: Display,
    {
        let local = t.with_timezone(&tz);
        let (time, zone) = (local.format("%H:%M").to_string(), local.format("%Z").to_string());
        self.fill_date(template, local.date_naive(), &time, &zone)
    }

    /// A moment with its zone: "Oct 27, 2020 - 23:53 PDT" in English.
    pub fn time<Z: TimeZone>(self, t: DateTime<Utc>, tz: Z) -> String
    where
        Z::Offset: Display,
    {
        self.moment(&self.0.dates.full, t, tz)
    }

    /// The short form, without the year: "Oct 27, 23:53 PDT".
    pub fn time_short<Z: TimeZone>(self, t: DateTime<Utc>, tz: Z) -> String
    where
        Z::Offset: Display,
    {
        self.moment(&self.0.dates.short, t, tz)
    }

    /// A calendar day: "Oct 27, 2020".
    pub fn date(self, d: NaiveDate) -> String {
        self.fill_date(&self.0.dates.date, d, "", "")
    }

    /// A month: "October 2020".
    pub fn month(self, year: i32, month: u32) -> String {
        let Some(d) = NaiveDate::from_ymd_opt(year, month, 1) else { return String::new() };
        self.fill_date(&self.0.dates.month, d, "", "")
    }

    /// A fraction as a percentage, never rounded up to 100: "99.95%", "100%", "99,95 %".
    pub fn percent(self, fraction: f64) -> String {
        let number = crate::domain::uptime::percent_text(fraction);
        let number = number.trim_end_matches('%').replace('.', &self.0.decimal);
        self.0.percent.fill(&[&number])
    }

    /// A duration as the pages show it: "2 h 05 min", "45 min", "< 1 min".
    pub fn duration(self, ms: i64) -> String {
        match crate::domain::uptime::shown_minutes(ms) {
            None => self.t("duration-less-than-a-minute"),
            Some(m) if m < 60 => crate::tr!(self, "duration-minutes", minutes = m),
            Some(m) => crate::tr!(self, "duration-hours", hours = m / 60, minutes = format!("{:02}", m % 60)),
        }
    }

    /// "A", "A and B", "A, B, and C" in the language's way.
    pub fn list(self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [first, second] => crate::tr!(self, "list-two", first = first.as_str(), second = second.as_str()),
            [rest @ .., last] => {
                let rest = rest.join(&self.t("list-separator"));
                crate::tr!(self, "list-more", rest = rest, last = last.as_str())
            }
        }
    }

    /// A bar's first sentence: "Nov 20, 2026: 99.31% uptime." (or no data).
    pub fn day_uptime(self, date: NaiveDate, uptime: Option<f64>) -> String {
        let date = self.date(date);
        match uptime {
            Some(u) => self.0.day_uptime.fill(&[&date, &self.percent(u)]),
            None => self.0.day_no_data.fill(&[&date]),
        }
    }
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.0.index == other.0.index
    }
}

impl Eq for Lang {}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lang({})", self.0.tag)
    }
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::fallback()
    }
}

/// `tr!(lang, id, name = value, …)`: the message `id` with its variables.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $lang.tf($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}
