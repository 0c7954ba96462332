//! `/admin/settings` (admins): the page's name, time zone, brand colour, links, and the texts
//! around the status. Every instance shows a change within a second. Works with and without
//! JavaScript.
// A server function takes the form's fields as its arguments.
#![allow(clippy::too_many_arguments)]

use super::draft::MarkdownField;
use super::forms::{form_error, invalid, kept_error, prefill, refused, FailedForm, FormError, Labels};
use super::layout::Console;
use crate::domain::settings::{FooterLink, Image, PageSettings, NAME_MAX, URL_MAX};
use crate::domain::User;
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub user: User,
    pub settings: PageSettings,
    pub failed: Option<FailedForm>,
}

/// The form's name: its refusals and kept input.
const FORM: &str = "save_settings";

const LABELS: Labels = &[
    ("name", "Page name"),
    ("time_zone", "Time zone"),
    ("brand_color", "Brand colour"),
    ("support_url", "Support link"),
    ("footer_links", "Footer links"),
    ("about", "About this page"),
    ("notice", "Notice"),
    ("language", "Language"),
];

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use std::sync::Arc;

    /// What the settings page needs from the server. Callers have checked that the user is an admin.
    #[async_trait::async_trait]
    pub trait SettingsBackend: Send + Sync + 'static {
        async fn settings(&self) -> Result<PageSettings, AppError>;
        async fn save(
            &self,
            by: &User,
            input: crate::domain::settings::PageSettingsInput,
            version: Option<i64>,
        ) -> Result<(), AppError>;
    }

    pub fn settings() -> Result<Arc<dyn SettingsBackend>, AppError> {
        super::super::forms::ssr::port::<dyn SettingsBackend>()
    }
}

#[cfg(feature = "ssr")]
use {
    super::forms::ssr::{self as forms, admin},
    crate::domain::settings::PageSettingsInput,
    ssr::SettingsBackend,
    std::sync::Arc,
};

#[server(prefix = "/admin/fn", endpoint = "settings_page")]
pub async fn get_settings_page() -> Result<SettingsView, AppError> {
    let user = admin().await?;
    let settings = ssr::settings()?.settings().await?;
    Ok(SettingsView { user, settings, failed: forms::take_failed(FORM).await })
}

/// The footer's links as typed: one a line, `Label | https://address`.
pub fn links_text(links: &[FooterLink]) -> String {
    links.iter().map(|l| format!("{} | {}", l.label, l.url)).collect::<Vec<_>>().join("\n")
}

/// The links typed in the footer field; a line without a `|` is refused, naming its number.
pub fn read_links(text: &str) -> Result<Vec<FooterLink>, AppError> {
    text.lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(n, line)| match line.rsplit_once('|') {
            Some((label, url)) => Ok(FooterLink { label: label.trim().to_string(), url: url.trim().to_string() }),
            None => Err(AppError::invalid(
                "footer_links",
                format!("line {} (“{line}”): write a link as Label | https://address", n + 1),
            )),
        })
        .collect()
}

#[server(prefix = "/admin/fn", endpoint = "save_settings")]
pub async fn save_settings(
    name: String,
    time_zone: String,
    brand_color: Option<String>,
    support_url: Option<String>,
    footer_links: Option<String>,
    about: Option<String>,
    notice: Option<String>,
    language: Option<String>,
    follow_browser_language: Option<String>,
    version: Option<i64>,
) -> Result<Notice, AppError> {
    let values = vec![
        ("name", Some(name.clone())),
        ("time_zone", Some(time_zone.clone())),
        ("brand_color", brand_color.clone()),
        ("support_url", support_url.clone()),
        ("footer_links", footer_links.clone()),
        ("about", about.clone()),
        ("notice", notice.clone()),
        ("language", language.clone()),
        ("follow_browser_language", follow_browser_language.clone()),
    ];
    forms::save_as_admin(FORM, values, "/admin/settings", |user, backend: Arc<dyn SettingsBackend>| async move {
        let input = PageSettingsInput {
            name,
            time_zone,
            brand_color: brand_color.unwrap_or_default(),
            support_url: support_url.unwrap_or_default(),
            footer_links: read_links(footer_links.as_deref().unwrap_or_default())?,
            about: about.unwrap_or_default(),
            notice: notice.unwrap_or_default(),
            // A form without the field (an older page) keeps the language.
            language: match language {
                Some(tag) => tag,
                None => backend.settings().await?.language,
            },
            follow_browser_language: follow_browser_language.is_some(),
        };
        backend.save(&user, input, version).await
    })
    .await
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), |_| get_settings_page());
    view! {
        <Title text="Page settings · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <Console user=v.user.clone()>
                            <Settings view=v changed/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("Page settings", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Settings(view: SettingsView, changed: RwSignal<u32>) -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let error = form_error(save, kept_error(&view.failed, FORM));
    let s = &view.settings;
    let kept = |name: &str, saved: &str| prefill(&view.failed, FORM, name, saved);
    let name = kept("name", &s.name);
    let time_zone = kept("time_zone", &s.time_zone);
    let brand_color = kept("brand_color", s.brand_color.as_deref().unwrap_or_default());
    let support_url = kept("support_url", s.support_url.as_deref().unwrap_or_default());
    let footer_links = kept("footer_links", &links_text(&s.footer_links));
    let about = kept("about", &s.about);
    let notice = kept("notice", &s.notice);
    let language = kept("language", &s.language);
    // A refused form keeps the box as it was sent (unticked sends nothing).
    let follow = match &view.failed {
        Some(f) if f.form == FORM => f.values.contains_key("follow_browser_language"),
        _ => s.follow_browser_language,
    };
    let languages = crate::i18n::LANGUAGES
        .iter()
        .map(|(tag, name)| view! { <option value=*tag selected=language == *tag>{format!("{name} ({tag})")}</option> })
        .collect_view();
    view! {
        <h1>"Page settings"</h1>
        <p class="hint">"What visitors see around the status. A change shows on the public page (and on every instance) within a second, and is kept in the "<a href="/admin/audit">"audit log"</a>"."</p>
        <ActionForm action=save attr:class="form settings-form">
            <FormError error labels=LABELS/>
            <input type="hidden" name="version" value=view.settings.version.to_string()/>
            <label for="settings-name">"Page name"</label>
            <input id="settings-name" name="name" required maxlength=NAME_MAX.to_string() value=name aria-invalid=invalid(error, "name")/>
            <p class="hint">"The header's text and every page's title, e.g. “Acme Status”."</p>
            <label for="settings-zone">"Time zone"</label>
            <input id="settings-zone" name="time_zone" required value=time_zone aria-invalid=invalid(error, "time_zone") aria-describedby="settings-zone-hint"/>
            <p class="hint" id="settings-zone-hint">"An IANA name such as UTC, Europe/Berlin or America/Los_Angeles: every time is shown in it, and the uptime bars count their days in it."</p>
            <label for="settings-language">"Language"</label>
            <select id="settings-language" name="language" aria-invalid=invalid(error, "language") aria-describedby="settings-language-hint">{languages}</select>
            <p class="hint" id="settings-language-hint">"The public pages' language when a visitor has not chosen one in the page's footer. What staff write (incidents, names, the texts below) is shown as written."</p>
            <label class="check">
                <input type="checkbox" name="follow_browser_language" checked=follow/>
                "Speak each visitor's browser language when the page has it (Accept-Language)"
            </label>
            <label for="settings-brand">"Brand colour"</label>
            <input id="settings-brand" name="brand_color" value=brand_color placeholder="#1a5fb4" aria-invalid=invalid(error, "brand_color") aria-describedby="settings-brand-hint"/>
            <p class="hint" id="settings-brand-hint">"The header's background, as #rrggbb; its text is white, so the colour must be dark enough to keep it readable (WCAG AA). Empty: the plain header."</p>
            <label for="settings-support">"Support link"</label>
            <input id="settings-support" name="support_url" maxlength=URL_MAX.to_string() value=support_url placeholder="https://example.com/support" aria-invalid=invalid(error, "support_url")/>
            <p class="hint">"Where visitors ask for help (a web address or mailto:), linked as “Get help” in the header. Empty: none."</p>
            <label for="settings-footer">"Footer links"</label>
            <textarea id="settings-footer" name="footer_links" rows="3" aria-invalid=invalid(error, "footer_links") aria-describedby="settings-footer-hint">{footer_links}</textarea>
            <p class="hint" id="settings-footer-hint">"One a line: Label | https://address (at most 8)."</p>
            <MarkdownField id="settings-about".to_string() name="about" label="About this page (Markdown)".to_string() rows=4 initial=about preview=true/>
            <p class="hint">"Shown on the front page above the components. Empty: none."</p>
            <MarkdownField id="settings-notice".to_string() name="notice" label="Notice (Markdown)".to_string() rows=3 initial=notice preview=true/>
            <p class="hint">"Shown above the status on every page, for news that is not an incident. Empty: none."</p>
            <button type="submit" class="button" disabled=move || save.pending().get()>"Save settings"</button>
        </ActionForm>
        <section class="section" aria-labelledby="images">
            <h2 id="images">"Logo and favicon"</h2>
            {kept_error(&view.failed, IMAGE_FORM).map(|e| view! { <p class="error" role="alert">{e.message}</p> })}
            <ImageForm kind=Image::Logo src=view.settings.image_address(Image::Logo)/>
            <ImageForm kind=Image::Favicon src=view.settings.image_address(Image::Favicon)/>
        </section>
    }
}

/// The image forms' name, for their refusals and notice (`server/src/http/admin_settings.rs` takes
/// them): it reads as the settings' own form, "Settings saved.".
pub const IMAGE_FORM: &str = "save_settings:image";

/// Uploading or removing one image: a plain multipart form (a file cannot go through a server
/// function), with and without JavaScript alike.
#[component]
fn ImageForm(kind: Image, src: Option<String>) -> impl IntoView {
    let (label, what, accept) = match kind {
        Image::Logo => ("Logo", "Shown before the page's name in the header. PNG or SVG", "image/png,image/svg+xml"),
        Image::Favicon => {
            ("Favicon", "The icon of the page's tab. PNG, ICO or SVG", "image/png,image/svg+xml,image/x-icon")
        }
    };
    let hint = format!("{what}, at most {} KB.", kind.max_bytes() / 1024);
    let id = format!("settings-{}", kind.as_str());
    view! {
        <form method="post" action="/admin/settings/image" enctype="multipart/form-data" class="form narrow image-form">
            <input type="hidden" name="kind" value=kind.as_str()/>
            <label for=id.clone()>{label}</label>
            {src.clone().map(|src| view! { <img class="image-form__current" src=src alt=format!("The current {}", kind.as_str())/> })}
            <input id=id.clone() type="file" name="file" accept=accept aria-describedby=format!("{id}-hint")/>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
            <div class="actions">
                <button type="submit" class="button">{format!("Upload the {}", kind.as_str())}</button>
                {src.map(|_| view! { <button type="submit" name="remove" value="1" class="button button--quiet button--quiet-danger">{format!("Remove the {}", kind.as_str())}</button> })}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_links_are_typed_one_a_line() {
        let links = read_links("Docs | https://docs.example.com\n\n  A | B | https://x.example  \n").unwrap();
        assert_eq!(links[0], FooterLink { label: "Docs".into(), url: "https://docs.example.com".into() });
        assert_eq!(links[1], FooterLink { label: "A | B".into(), url: "https://x.example".into() });
        assert_eq!(read_links(&links_text(&links)).unwrap(), links);
        let refused = read_links("Docs https://docs.example.com").unwrap_err();
        assert!(refused.names("footer_links") && refused.message.contains("line 1"), "{refused:?}");
    }
}
