//! `/subscribe`: how to be told (email, webhook, Slack, Discord, Teams), of what (the whole page
//! or chosen components), and the feed and calendar addresses. A plain form: no script needed.

use super::{document, Site};
use crate::domain::{page_order, Component, ComponentGroup, SubscriberKind};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;

/// A line of the component chooser: a group with its members, or a component of no group.
#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceRow {
    Group { id: i64, name: String, members: Vec<(i64, String)> },
    Single(i64, String),
}

/// What a subscriber may choose: every visible component in page order, grouped.
pub fn choices(groups: &[ComponentGroup], components: &[Component]) -> Vec<ChoiceRow> {
    let mut rows: Vec<ChoiceRow> = Vec::new();
    for (c, group) in page_order(groups, components).into_iter().filter(|(c, _)| c.visible) {
        let item = (c.id, c.name.clone());
        match (group, rows.last_mut()) {
            (Some(g), Some(ChoiceRow::Group { id, members, .. })) if *id == g.id => members.push(item),
            (Some(g), _) => rows.push(ChoiceRow::Group { id: g.id, name: g.name.clone(), members: vec![item] }),
            (None, _) => rows.push(ChoiceRow::Single(item.0, item.1)),
        }
    }
    rows
}

/// The chooser's state: the whole page, or the ticked groups and components.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    pub whole_page: bool,
    pub groups: Vec<i64>,
    pub components: Vec<i64>,
}

impl Choice {
    /// The chooser showing a subscription (`None`: the whole page); a group is ticked when all
    /// its members are.
    pub fn showing(rows: &[ChoiceRow], components: Option<&[i64]>) -> Choice {
        let Some(ids) = components else {
            return Choice { whole_page: true, ..Choice::default() };
        };
        let groups = rows
            .iter()
            .filter_map(|r| match r {
                ChoiceRow::Group { id, members, .. } if members.iter().all(|(m, _)| ids.contains(m)) => Some(*id),
                _ => None,
            })
            .collect();
        Choice { whole_page: false, groups, components: ids.to_vec() }
    }
}

/// The form as shown: empty, or as it was sent with what was wrong.
pub struct SubscribeForm {
    /// Email subscriptions are offered (an SMTP server is configured).
    pub email_enabled: bool,
    pub kind: SubscriberKind,
    pub email: String,
    pub url: String,
    pub choice: Choice,
    pub error: Option<AppError>,
}

/// The page's public URL (no trailing slash) and the components that have feeds, in page order.
pub struct Feeds {
    pub base: String,
    pub components: Vec<(i64, String)>,
}

impl Feeds {
    pub fn new(base: String, rows: &[ChoiceRow]) -> Feeds {
        let components = rows
            .iter()
            .flat_map(|row| match row {
                ChoiceRow::Single(id, name) => vec![(*id, name.clone())],
                ChoiceRow::Group { members, .. } => members.clone(),
            })
            .collect();
        Feeds { base, components }
    }
}

/// The components chooser, shared by this page and the manage page.
pub fn chooser(rows: &[ChoiceRow], choice: &Choice, error: Option<&AppError>, lang: Lang) -> impl IntoView {
    let ticked = |list: &[i64], id: i64| list.contains(&id);
    let component = |(id, name): &(i64, String)| {
        let id = *id;
        view! {
            <li>
                <label class="check">
                    <input type="checkbox" name="component" value=id.to_string() checked=ticked(&choice.components, id)/>
                    {name.clone()}
                </label>
            </li>
        }
    };
    let items = rows
        .iter()
        .map(|row| match row {
            ChoiceRow::Single(id, name) => component(&(*id, name.clone())).into_any(),
            ChoiceRow::Group { id, name, members } => {
                let all = tr!(lang, "chooser-group-all", count = members.len());
                view! {
                    <li class="chooser__group">
                        <label class="check">
                            <input type="checkbox" name="group" value=id.to_string() checked=ticked(&choice.groups, *id)/>
                            <strong>{name.clone()}</strong>
                            <span class="hint">{all}</span>
                        </label>
                        <ul class="chooser__members">{members.iter().map(component).collect_view()}</ul>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let message = error
        .filter(|e| e.names("components"))
        .map(|e| view! { <p class="field-error" id="components-error">{refusal(e, lang)}</p> });
    let described = message.is_some().then_some("components-error");
    view! {
        <fieldset class="choices chooser" aria-describedby=described>
            <legend>{lang.t("chooser-legend")}</legend>
            {message}
            <label class="check">
                <input type="radio" id="scope-all" name="scope" value="all" checked=choice.whole_page/>
                {lang.t("chooser-all")}
            </label>
            <label class="check">
                <input type="radio" id="scope-some" name="scope" value="some" checked=!choice.whole_page/>
                {lang.t("chooser-some")}
            </label>
            <ul class="chooser__list">{items}</ul>
            <p class="hint">{lang.t("chooser-hint")}</p>
        </fieldset>
    }
}

/// A refusal in the visitor's language when it says how ([`AppError::say`]), else as written.
pub fn refusal(e: &AppError, lang: Lang) -> String {
    match &e.say {
        Some(say) => {
            // A number stays a number, so that it chooses its plural form.
            let arg = |v: &str| v.parse::<i64>().map_or_else(|_| crate::i18n::Arg::from(v.to_string()), Into::into);
            let args: Vec<(&str, crate::i18n::Arg)> = say.args.iter().map(|(k, v)| (*k, arg(v))).collect();
            lang.tf(say.id, &args)
        }
        None => e.message.clone(),
    }
}

fn field_error(error: Option<&AppError>, field: &'static str, lang: Lang) -> Option<impl IntoView> {
    error
        .filter(|e| e.names(field))
        .map(|e| view! { <p class="field-error" id=format!("{field}-error")>{refusal(e, lang)}</p> })
}

pub fn render_subscribe(site: &Site, form: &SubscribeForm, rows: &[ChoiceRow], feeds: &Feeds) -> String {
    let (error, lang) = (form.error.as_ref(), site.lang);
    let kinds = SubscriberKind::ALL
        .iter()
        .filter(|k| form.email_enabled || **k != SubscriberKind::Email)
        .map(|k| {
            let id = format!("kind-{}", k.as_str());
            let label = lang.t(&format!("subscribe-kind-{}", k.as_str()));
            view! {
                <label class="check">
                    <input type="radio" id=id name="kind" value=k.as_str() checked=form.kind == *k/>
                    {label}
                </label>
            }
        })
        .collect_view();
    let invalid = |field: &str| error.is_some_and(|e| e.names(field)).to_string();
    let described = |field: &'static str| error.is_some_and(|e| e.names(field)).then(|| format!("{field}-error"));
    let email = form.email_enabled.then(|| {
        view! {
            <div class="field field--email">
                <label for="email">{lang.t("subscribe-email")}</label>
                {field_error(error, "email", lang)}
                <input id="email" name="email" type="email" autocomplete="email" value=form.email.clone()
                    aria-invalid=invalid("email") aria-describedby=described("email")/>
            </div>
        }
    });
    let summary = error.map(|e| view! { <p class="error" role="alert">{refusal(e, lang)}</p> });
    let body = view! {
        <h1>{lang.t("subscribe-heading")}</h1>
        <p>{lang.t("subscribe-intro")}</p>
        {summary}
        <form class="form subscribe" method="post" action="/subscribe">
            <fieldset class="choices">
                <legend>{lang.t("subscribe-how")}</legend>
                {field_error(error, "kind", lang)}
                {kinds}
            </fieldset>
            {email}
            <div class="field field--url">
                <label for="url">{lang.t("subscribe-url")}</label>
                {field_error(error, "url", lang)}
                <input id="url" name="url" type="url" inputmode="url" value=form.url.clone()
                    aria-invalid=invalid("url")
                    aria-describedby=described("url").map_or("url-hint".to_string(), |e| format!("{e} url-hint"))/>
                <p class="hint" id="url-hint">{lang.t("subscribe-url-hint")}</p>
            </div>
            {chooser(rows, &form.choice, error, lang)}
            <button class="button" type="submit">{lang.t("subscribe-button")}</button>
        </form>
        {feed_list(feeds, lang)}
    };
    let title = format!("{} · {}", lang.t("subscribe-title"), site.title);
    document(site, title, tr!(lang, "subscribe-description", page = site.title.as_str()), body)
}

fn feed_list(feeds: &Feeds, lang: Lang) -> impl IntoView {
    let base = &feeds.base;
    let webcal = format!("webcal://{}/maintenance.ics", base.split_once("://").map_or(base.as_str(), |(_, rest)| rest));
    // RSS, Atom and JSON Feed of the history under `prefix` ("" or "/components/{id}").
    let formats = |prefix: String| {
        let href = |ext: &str| format!("{base}{prefix}/history.{ext}");
        view! {
            <span class="feeds__links">
                <a href=href("rss")>"RSS"</a>
                <a href=href("atom")>"Atom"</a>
                <a href=href("json")>"JSON Feed"</a>
            </span>
        }
    };
    let components = feeds
        .components
        .iter()
        .map(|(id, name)| {
            view! {
                <li>
                    <span class="feeds__name">{name.clone()}</span>
                    {formats(format!("/components/{id}"))}
                </li>
            }
        })
        .collect_view();
    let per_component = (!feeds.components.is_empty()).then(|| {
        view! {
            <h3>{lang.t("feeds-component")}</h3>
            <ul class="feeds">{components}</ul>
        }
    });
    view! {
        <section class="section" aria-labelledby="feeds">
            <h2 id="feeds">{lang.t("feeds-heading")}</h2>
            <p>{lang.t("feeds-intro")}</p>
            <ul class="feeds">
                <li>
                    <span class="feeds__name">{lang.t("feeds-all")}</span>
                    {formats(String::new())}
                </li>
                <li>
                    <span class="feeds__name">{lang.t("feeds-calendar")}</span>
                    <span class="feeds__links">
                        <a href=format!("{base}/maintenance.ics")>"iCalendar"</a>
                        <a href=webcal>{lang.t("feeds-webcal")}</a>
                    </span>
                </li>
            </ul>
            {per_component}
        </section>
    }
}
