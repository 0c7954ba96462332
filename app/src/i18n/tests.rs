//! The message files checked against each other and against the code: every file parses, has
//! exactly English's messages and no variable English lacks; every message is used by the code,
//! and every message the code asks for by name exists.

use super::{labels, Lang, LANGUAGES, SOURCES};
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The date messages may use any of these (`messages::DATE_ARGS`), whatever English uses.
const DATE_VARIABLES: [&str; 8] = ["month", "monthlong", "m", "day", "d", "year", "time", "zone"];

/// Each message of a file with the variables it uses.
fn messages(tag: &str, source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("app/locales/{tag}.ftl does not parse: {errors:?}"));
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => {
                let mut variables = BTreeSet::new();
                if let Some(value) = &m.value {
                    pattern_variables(value, &mut variables);
                }
                assert!(m.attributes.is_empty(), "{tag}.ftl: {} has attributes, which the pages never read", m.id.name);
                Some((m.id.name.to_string(), variables))
            }
            Entry::Term(t) => panic!("{tag}.ftl: term -{} (the code reads messages only)", t.id.name),
            Entry::Junk { content } => panic!("{tag}.ftl: cannot read {content:?}"),
            _ => None,
        })
        .collect()
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                pattern_variables(&v.value, out);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

fn english() -> BTreeMap<String, BTreeSet<String>> {
    let i = LANGUAGES.iter().position(|(tag, _)| *tag == super::DEFAULT).expect("en.ftl exists");
    messages("en", SOURCES[i])
}

#[test]
fn every_file_has_exactly_the_english_messages_and_no_other_variable() {
    let english = english();
    assert!(LANGUAGES.len() >= 6, "English, German, French, Spanish, Japanese and Arabic at least: {LANGUAGES:?}");
    for ((tag, _), source) in LANGUAGES.iter().zip(SOURCES) {
        let these = messages(tag, source);
        let missing: Vec<&String> = english.keys().filter(|id| !these.contains_key(*id)).collect();
        let extra: Vec<&String> = these.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty(), "app/locales/{tag}.ftl lacks {missing:?}");
        assert!(extra.is_empty(), "app/locales/{tag}.ftl has messages English does not: {extra:?}");
        for (id, variables) in &these {
            let allowed = &english[id];
            let date = ["time-full", "time-short", "date", "month-year"].contains(&id.as_str());
            let unknown: Vec<&String> = variables
                .iter()
                .filter(|v| !(allowed.contains(*v) || date && DATE_VARIABLES.contains(&v.as_str())))
                .collect();
            assert!(unknown.is_empty(), "{tag}.ftl: {id} uses {unknown:?}, which the code never gives it");
        }
        let lang = Lang::find(tag).expect("every file is a language");
        assert!(english.keys().all(|id| lang.has(id)), "{tag}: a message did not load");
    }
}

/// The Rust files of the crates that speak to visitors.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_path_buf();
    let mut out = Vec::new();
    let mut dirs = vec![root.join("app/src"), root.join("server/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

/// The string literals of `text` that look like message ids.
fn literals(text: &str) -> Vec<&str> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        })
        .collect()
}

#[test]
fn every_message_is_used_and_every_message_asked_for_exists() {
    let english = english();
    let files = sources();
    let mut used: BTreeSet<String> = labels::ids().into_iter().collect();
    // Read by `build.rs` (the language's own name).
    used.insert("language-name".to_string());
    // Made from a number: `messages.rs` asks for month-short-1 … month-long-12.
    for kind in ["short", "long"] {
        used.extend((1..=12).map(|m| format!("month-{kind}-{m}")));
    }
    // Made from a subscriber kind's name: `subscribe-kind-{kind}`.
    used.extend(crate::domain::SubscriberKind::ALL.iter().map(|k| format!("subscribe-kind-{}", k.as_str())));
    for (_, text) in &files {
        used.extend(literals(text).into_iter().filter(|l| english.contains_key(*l)).map(str::to_string));
    }
    let unused: Vec<&String> = english.keys().filter(|id| !used.contains(*id)).collect();
    assert!(unused.is_empty(), "messages no code uses (remove them from every file): {unused:?}");
    for id in &used {
        assert!(english.contains_key(id), "the code makes the id {id}, which en.ftl lacks");
    }

    // Ids asked for by name: `.t("…")`, `tr!(lang, "…"`, `rich(lang, "…"`.
    let mut asked = Vec::new();
    for (path, text) in &files {
        let names = text.match_indices(".t(\"").chain(text.match_indices("tr!(")).chain(text.match_indices("rich("));
        for (i, _) in names.chain(text.match_indices(".say(\"")) {
            let rest = &text[i..];
            let Some(open) = rest.find('"') else { continue };
            // Only a literal first or second argument: `rich(lang, "id", …)`, not a later one.
            let before = &rest[..open];
            if before.contains([')', ';', '[', '{']) || before.matches(',').count() > 1 {
                continue;
            }
            let id: String = rest[open + 1..].chars().take_while(|c| *c != '"').collect();
            asked.push((path.clone(), id));
        }
    }
    assert!(asked.len() > 100, "the scan finds the code's messages: {}", asked.len());
    for (path, id) in asked {
        assert!(english.contains_key(&id), "{path} asks for {id:?}, which en.ftl lacks");
    }
}

#[test]
fn a_language_is_chosen_by_query_cookie_browser_and_page_in_that_order() {
    let tag = |l: Lang| l.tag();
    assert_eq!(tag(Lang::choose(Some("de"), Some("fr"), Some("es"), "en", true)), "de");
    assert_eq!(tag(Lang::choose(Some("xx"), Some("fr"), Some("es"), "en", true)), "fr", "an unknown ?lang= is ignored");
    assert_eq!(tag(Lang::choose(None, None, Some("es-MX,es;q=0.9,en;q=0.5"), "en", true)), "es");
    assert_eq!(tag(Lang::choose(None, None, Some("es"), "de", false)), "de", "a page may not follow browsers");
    assert_eq!(tag(Lang::choose(None, None, Some("pt-BR, ja;q=0.8, *;q=0.1"), "en", true)), "ja");
    assert_eq!(tag(Lang::choose(None, None, Some("ar;q=0, fr;q=0.4"), "en", true)), "fr", "q=0 means not this one");
    assert_eq!(tag(Lang::choose(None, None, Some("zz, ;;;"), "fr", true)), "fr");
    assert_eq!(tag(Lang::choose(None, None, None, "nonsense", true)), "en", "a bad default falls back to English");
    assert_eq!(Lang::find("ar").map(|l| l.dir()), Some("rtl"));
    assert_eq!(Lang::find("ja").map(|l| l.dir()), Some("ltr"));
}

#[test]
fn dates_numbers_and_lists_follow_the_language() {
    use chrono::{NaiveDate, TimeZone, Utc};
    let la: chrono_tz::Tz = "America/Los_Angeles".parse().unwrap();
    let t = Utc.with_ymd_and_hms(2019, 5, 7, 6, 53, 0).unwrap();
    let en = Lang::find("en").unwrap();
    assert_eq!(en.time(t, la), "May 06, 2019 - 23:53 PDT", "Statuspage's form, the day two digits");
    assert_eq!(en.time_short(t, la), "May 06, 23:53 PDT");
    assert_eq!(en.date(NaiveDate::from_ymd_opt(2020, 10, 27).unwrap()), "Oct 27, 2020");
    assert_eq!(en.month(2020, 10), "October 2020");
    assert_eq!(en.percent(0.99956), "99.95%", "never rounded up");
    assert_eq!(en.percent(1.0), "100%");
    assert_eq!(en.duration(125 * 60_000), "2 h 05 min");
    assert_eq!(en.list(&["A".into(), "B".into(), "C".into()]), "A, B, and C");
    let de = Lang::find("de").unwrap();
    assert!(de.month(2020, 3).contains("März"), "{}", de.month(2020, 3));
    assert!(de.percent(0.9995).starts_with("99,95"), "{}", de.percent(0.9995));
    assert_eq!(de.list(&["A".into(), "B".into(), "C".into()]), "A, B und C");
    let ja = Lang::find("ja").unwrap();
    assert!(ja.time(t, la).starts_with("2019年5月6日"), "{}", ja.time(t, la));
    let fr = Lang::find("fr").unwrap();
    assert!(fr.month(2020, 8).contains("août"), "{}", fr.month(2020, 8));
}
