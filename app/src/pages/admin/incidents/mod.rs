//! `/admin/incidents/new` and an incident's three pages, `/admin/incidents/{id}` (post its updates,
//! resolve it, its timeline), `…/details` (title, impact, start, components; delete) and
//! `…/postmortem`. The forms submit without reloading when JavaScript runs and as plain posts when
//! it does not; a refused post keeps what was typed and says why.

pub mod actions;

use super::draft::{successes, DraftInput, MarkdownField};
use super::forms::{form_error, kept_error, kept_notify, prefill, refused, reset_on_success, FormError, NotifyBox};
use super::layout::Console;
use crate::domain::validate::{NAME_MAX, TITLE_MAX};
use crate::domain::{page_order, timeline, ComponentStatus, Impact, Incident, IncidentStatus, IncidentTemplate, Role};
use crate::error::AppError;
use crate::markdown;
use actions::{
    get_incident_editor, CreateIncident, DeleteIncident, DeleteTemplate, DeleteUpdate, EditIncident, EditUpdate,
    IncidentEditor, LocalTime, PostUpdate, SavePostmortem,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The template chosen in the address (`?template=ID`), if any.
fn chosen_template(editor: &IncidentEditor) -> Option<IncidentTemplate> {
    let query = use_query_map();
    let id: i64 = query.read_untracked().get("template")?.parse().ok()?;
    editor.templates.iter().find(|t| t.id == id).cloned()
}

pub(super) fn options<T: Copy + PartialEq + 'static>(
    all: &'static [T],
    selected: Option<T>,
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl IntoView {
    all.iter()
        .map(|v| view! { <option value=name(*v) selected=selected == Some(*v)>{label(*v)}</option> })
        .collect_view()
}

/// One select per component: leave it, or set it to a status (`preset` chooses one).
fn component_choices(editor: &IncidentEditor, preset: &[(i64, ComponentStatus)]) -> impl IntoView {
    let ordered = page_order(&editor.groups, &editor.components);
    let rows = ordered
        .into_iter()
        .map(|(c, group)| {
            let id = format!("component-{}", c.id);
            let name = format!("components[{}]", c.id);
            let group = group.map(|g| format!("{} / ", g.name));
            let chosen = preset.iter().find(|(id, _)| *id == c.id).map(|(_, s)| *s);
            view! {
                <div class="choice">
                    <label for=id.clone()>{group} {c.name.clone()}</label>
                    <select id=id name=name>
                        <option value="unchanged" selected=chosen.is_none()>{format!("Unchanged ({})", c.status.label())}</option>
                        {options(ComponentStatus::ALL, chosen, ComponentStatus::as_str, ComponentStatus::label)}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend>"Components"</legend>
            {rows}
        </fieldset>
    }
}

#[component]
pub fn NewIncidentPage() -> impl IntoView {
    let action = ServerAction::<CreateIncident>::new();
    let query = use_query_map();
    // Reloaded after a save (a template saved from this form) and when another template is chosen.
    let data =
        Resource::new(move || (action.version().get(), query.read().get("template")), |_| get_incident_editor(None));
    view! {
        <Title text="New incident · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) => view! {
                        <Console user=editor.user.clone()>
                            <h1>"New incident"</h1>
                            <NewIncidentForm editor action/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("New incident", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewIncidentForm(editor: IncidentEditor, action: ServerAction<CreateIncident>) -> impl IntoView {
    let template = chosen_template(&editor);
    let from_template = |pick: fn(&IncidentTemplate) -> String, default: &str| {
        template.as_ref().map(pick).unwrap_or_else(|| default.to_string())
    };
    let kept = |name: &str, default: &str| prefill(&editor.failed, "create_incident", name, default);
    let impact: Option<Impact> = kept("impact", &from_template(|t| t.impact.as_str().into(), "minor")).parse().ok();
    let status: Option<IncidentStatus> =
        kept("status", &from_template(|t| t.status.as_str().into(), "investigating")).parse().ok();
    let title = kept("title", &from_template(|t| t.title.clone(), ""));
    let message = kept("message", &from_template(|t| t.body.clone(), ""));
    let (started_at, display_at, template_name) =
        (kept("started_at", ""), kept("display_at", ""), kept("template_name", ""));
    let error = form_error(action, kept_error(&editor.failed, "create_incident"));
    let preset = template.as_ref().map(|t| t.components.clone()).unwrap_or_default();
    let pending = action.pending();
    view! {
        <TemplatePicker editor=editor.clone() chosen=template.as_ref().map(|t| t.id)/>
        <ActionForm action=action attr:class="form">
            <FormError error/>
            <DraftInput id="title" name="title" label="Title" maxlength=TITLE_MAX initial=title
                draft="new-incident:title".to_string() offer_kept=template.is_none() sent=successes(action)/>
            <div class="row">
                <div>
                    <label for="impact">"Impact"</label>
                    <select id="impact" name="impact">{options(Impact::ALL, impact, Impact::as_str, Impact::label)}</select>
                </div>
                <div>
                    <label for="status">"Status"</label>
                    <select id="status" name="status">{options(IncidentStatus::ALL, status, IncidentStatus::as_str, IncidentStatus::label)}</select>
                </div>
            </div>
            <MarkdownField id="message".to_string() name="message" label="Message (Markdown)".to_string()
                initial=message draft="new-incident".to_string() offer_kept=template.is_none() preview=true
                sent=successes(action)/>
            {component_choices(&editor, &preset)}
            <NotifyBox id="notify".to_string() checked=kept_notify(&editor.failed, "create_incident")/>
            <details class="backfill">
                <summary>"Backfill: start and first update times"</summary>
                <label for="started_at">{format!("Started at ({})", editor.timezone)}</label>
                <input id="started_at" name="started_at" type="datetime-local" value=started_at/>
                <label for="display_at">{format!("First update shown at ({})", editor.timezone)}</label>
                <input id="display_at" name="display_at" type="datetime-local" value=display_at/>
            </details>
            <button type="submit" class="button" disabled=move || pending.get()>"Open incident"</button>
            <details class="backfill">
                <summary>"Save these fields as a template instead"</summary>
                <label for="template_name">"Template name"</label>
                <input id="template_name" name="template_name" maxlength=NAME_MAX.to_string() value=template_name/>
                <button type="submit" name="intent" value="save_template" class="button button--quiet">"Save as template"</button>
            </details>
        </ActionForm>
    }
}

/// The incident whose pages these are (from the address), loaded again after every save that
/// `reloads` counts. A refused plain post comes back with its form's input.
fn incident_data(reloads: Signal<usize>) -> Resource<Result<IncidentEditor, AppError>> {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    Resource::new(
        move || (id(), reloads.get(), query.read().get("template")),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_incident_editor(Some(id)).await,
                None => Err(AppError::not_found("incident")),
            }
        },
    )
}

/// The incident's three pages: where each leads, and its name in the tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Updates,
    Details,
    Postmortem,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Updates, Tab::Details, Tab::Postmortem];

    fn path(self, id: i64) -> String {
        match self {
            Tab::Updates => format!("/admin/incidents/{id}"),
            Tab::Details => format!("/admin/incidents/{id}/details"),
            Tab::Postmortem => format!("/admin/incidents/{id}/postmortem"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Updates => "Updates",
            Tab::Details => "Details and deletion",
            Tab::Postmortem => "Postmortem",
        }
    }
}

/// An incident page of the console: its title, state and public link, the tabs, and `body`.
fn incident_frame(editor: &IncidentEditor, incident: &Incident, tab: Tab, body: AnyView) -> AnyView {
    let id = incident.id;
    let tabs = Tab::ALL
        .iter()
        .map(|t| {
            let current = (*t == tab).then_some("page");
            view! { <a href=t.path(id) aria-current=current>{t.label()}</a> }
        })
        .collect_view();
    let (title, impact, status) = (incident.title.clone(), incident.impact, incident.status);
    view! {
        <Console user=editor.user.clone()>
            <p class="crumb"><a href="/admin">"← Dashboard"</a></p>
            <h1>{title}</h1>
            <p class="incident-meta">
                <span class=format!("impact impact--{}", impact.css())>{impact.label()} " impact"</span>
                <span class="state">{status.label()}</span>
                <a href=crate::paths::incident(id) target="_blank" rel="noopener">"Public page"</a>
            </p>
            <nav class="tabs" aria-label="This incident">{tabs}</nav>
            {body}
        </Console>
    }
    .into_any()
}

/// The page of an incident that loaded, or the refusal (404 for an unknown incident).
fn incident_page(
    data: Resource<Result<IncidentEditor, AppError>>,
    tab: Tab,
    body: impl Fn(IncidentEditor, Incident) -> AnyView + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Title text=format!("{} · Incident · Beacon admin", tab.label())/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) => match editor.incident.clone() {
                        Some(incident) => incident_frame(&editor, &incident, tab, body(editor.clone(), incident.clone())),
                        None => refused("Incident", AppError::not_found("incident")),
                    },
                    Err(e) => refused("Incident", e),
                }
            })}
        </Suspense>
    }
}

/// `/admin/incidents/{id}`: what is done most, first — the update form, then the timeline.
#[component]
pub fn IncidentAdminPage() -> impl IntoView {
    let action = ServerAction::<PostUpdate>::new();
    let edit = ServerAction::<EditUpdate>::new();
    let remove = ServerAction::<DeleteUpdate>::new();
    let reloads = Signal::derive(move || action.version().get() + edit.version().get() + remove.version().get());
    let data = incident_data(reloads);
    incident_page(data, Tab::Updates, move |editor, incident| {
        view! {
            <UpdateForm editor=editor.clone() incident=incident.clone() action/>
            <Timeline editor incident edit remove/>
        }
        .into_any()
    })
}

/// `/admin/incidents/{id}/details`: the title, impact, start and components; deleting it.
#[component]
pub fn IncidentDetailsPage() -> impl IntoView {
    let details = ServerAction::<EditIncident>::new();
    let delete = ServerAction::<DeleteIncident>::new();
    let data = incident_data(Signal::derive(move || details.version().get()));
    incident_page(data, Tab::Details, move |editor, incident| {
        view! {
            {details_form(&editor, &incident, details)}
            <DeleteIncidentForm editor action=delete/>
        }
        .into_any()
    })
}

/// `/admin/incidents/{id}/postmortem`.
#[component]
pub fn IncidentPostmortemPage() -> impl IntoView {
    let postmortem = ServerAction::<SavePostmortem>::new();
    let data = incident_data(Signal::derive(move || postmortem.version().get()));
    incident_page(data, Tab::Postmortem, move |editor, _| {
        view! { <PostmortemEditor editor action=postmortem/> }.into_any()
    })
}

/// Fill the update from a template (a plain GET form: works without JavaScript); templates of
/// each status are listed under it.
fn update_templates(editor: &IncidentEditor, incident_id: i64, chosen: Option<i64>) -> Option<impl IntoView> {
    if editor.templates.is_empty() {
        return None;
    }
    let groups = IncidentStatus::ALL
        .iter()
        .filter_map(|status| {
            let of_status: Vec<&IncidentTemplate> = editor.templates.iter().filter(|t| t.status == *status).collect();
            (!of_status.is_empty()).then(|| {
                let options = of_status
                    .into_iter()
                    .map(|t| view! { <option value=t.id.to_string() selected=chosen == Some(t.id)>{t.name.clone()}</option> })
                    .collect_view();
                view! { <optgroup label=status.label()>{options}</optgroup> }
            })
        })
        .collect_view();
    Some(view! {
        <form class="inline-form templates" method="get" action=format!("/admin/incidents/{incident_id}")>
            <label for="template">"Fill from a template"</label>
            <select id="template" name="template">{groups}</select>
            <button type="submit" class="button button--quiet">"Use template"</button>
        </form>
    })
}

#[component]
fn UpdateForm(editor: IncidentEditor, incident: Incident, action: ServerAction<PostUpdate>) -> impl IntoView {
    let current = incident.status;
    let template = chosen_template(&editor);
    let failed = editor.failed.clone();
    let kept = move |name: &str, default: &str| prefill(&failed, "post_update", name, default);
    let preset_status = template.as_ref().map_or(current, |t| t.status);
    let chosen: Option<IncidentStatus> = kept("status", preset_status.as_str()).parse().ok();
    let (status, set_status) = signal(chosen.unwrap_or(current));
    let pending = action.pending();
    // After a posted update the form starts empty again (with JavaScript; without, the page reloads).
    let form = reset_on_success(action);
    let error = form_error(action, kept_error(&editor.failed, "post_update"));
    let message = kept("message", &template.as_ref().map(|t| t.body.clone()).unwrap_or_default());
    let preset = template.as_ref().map(|t| t.components.clone()).unwrap_or_default();
    view! {
        <section class="section" aria-labelledby="post-update">
            <h2 id="post-update">"Post an update"</h2>
            {update_templates(&editor, incident.id, template.as_ref().map(|t| t.id))}
            <ActionForm action=action node_ref=form attr:class="form">
                <FormError error/>
                <input type="hidden" name="incident_id" value=incident.id.to_string()/>
                <input type="hidden" name="version" value=incident.version.to_string()/>
                <label for="status">"Status"</label>
                <select id="status" name="status" on:change=move |ev| {
                    if let Ok(s) = event_target_value(&ev).parse() {
                        set_status.set(s);
                    }
                }>
                    {options(IncidentStatus::ALL, chosen, IncidentStatus::as_str, IncidentStatus::label)}
                </select>
                <p class="hint" aria-live="polite">
                    {move || if status.get() == current {
                        "The status does not change: this update will read \u{201c}Update\u{201d}.".to_string()
                    } else {
                        format!("This update will read \u{201c}{}\u{201d}.", status.get().label())
                    }}
                </p>
                <MarkdownField id="message".to_string() name="message" label="Message (Markdown)".to_string()
                    initial=message draft=format!("update:{}", incident.id) offer_kept=template.is_none()
                    preview=true sent=successes(action)/>
                <details class="backfill" open=!preset.is_empty()>
                    <summary>"Component statuses"</summary>
                    {component_choices(&editor, &preset)}
                </details>
                <label class="check">
                    <input type="checkbox" name="restore_operational" value="on" checked=true/>
                    " When resolving, set the affected components back to Operational"
                </label>
                <NotifyBox id="notify".to_string() checked=kept_notify(&editor.failed, "post_update")/>
                <details class="backfill">
                    <summary>"Backfill: shown time"</summary>
                    <label for="display_at">{format!("Shown at ({})", editor.timezone)}</label>
                    <input id="display_at" name="display_at" type="datetime-local" value=kept("display_at", "")/>
                </details>
                <p class="hint">"Ctrl+Enter (⌘+Enter) in the message sends."</p>
                <button type="submit" class="button" disabled=move || pending.get()>"Post update"</button>
            </ActionForm>
        </section>
    }
}

/// The updates, newest first, each with its edit and delete forms folded away.
#[component]
fn Timeline(
    editor: IncidentEditor,
    incident: Incident,
    edit: ServerAction<EditUpdate>,
    remove: ServerAction<DeleteUpdate>,
) -> impl IntoView {
    let edit_error = form_error(edit, kept_error(&editor.failed, "edit_update"));
    let remove_error = form_error(remove, kept_error(&editor.failed, "delete_update"));
    let trail = timeline::newest_first(&incident.updates)
        .into_iter()
        .map(|(label, u)| {
            let local = editor.local_times.get(&u.id).cloned();
            let (shown, local) = local.map(|t| (t.shown, t.input)).unwrap_or_default();
            let (incident_id, update_id, version, body) =
                (incident.id.to_string(), u.id.to_string(), u.version.to_string(), u.body.clone());
            let (edit_id, time_id) = (format!("edit-{}", u.id), format!("edit-time-{}", u.id));
            let (incident_id2, update_id2) = (incident_id.clone(), update_id.clone());
            view! {
                <li class="update">
                    <strong class="update__label">{label}</strong>
                    <div class="md" inner_html=markdown::render(&u.body)></div>
                    <p class="update__time">
                        <time datetime=u.display_at.to_rfc3339()>{shown}</time>
                    </p>
                    <details class="edit edit--update">
                        <summary>"Edit or delete"</summary>
                        <ActionForm action=edit attr:class="form">
                            <input type="hidden" name="incident_id" value=incident_id/>
                            <input type="hidden" name="update_id" value=update_id/>
                            <input type="hidden" name="version" value=version/>
                            <label for=edit_id.clone()>"Message (Markdown)"</label>
                            <textarea id=edit_id name="message" rows="4">{body}</textarea>
                            <label for=time_id.clone()>"Shown at"</label>
                            <input id=time_id name="display_at" type="datetime-local" value=local/>
                            <button type="submit" class="button">"Save changes"</button>
                        </ActionForm>
                        <ActionForm action=remove attr:class="form">
                            <input type="hidden" name="incident_id" value=incident_id2/>
                            <input type="hidden" name="update_id" value=update_id2/>
                            <label class="check">
                                <input type="checkbox" name="confirm" value="on" required/>
                                " Delete this update (component changes it made stay)"
                            </label>
                            <button type="submit" class="button button--danger">"Delete update"</button>
                        </ActionForm>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="timeline">
            <h2 id="timeline">"Timeline"</h2>
            <FormError error=edit_error/>
            <FormError error=remove_error/>
            <ol class="timeline">{trail}</ol>
        </section>
    }
}

/// The incident's details: title, impact, start and the components it concerns.
fn details_form(editor: &IncidentEditor, incident: &Incident, action: ServerAction<EditIncident>) -> impl IntoView {
    let failed = editor.failed.clone();
    let kept_error = kept_error(&failed, "edit_incident");
    let kept = move |name: &str, default: &str| prefill(&failed, "edit_incident", name, default);
    let error = form_error(action, kept_error);
    let started = editor.started_local.as_ref().map(|t| t.input.clone()).unwrap_or_default();
    let impact: Option<Impact> = kept("edit_impact", incident.impact.as_str()).parse().ok();
    let concerned: Vec<i64> = incident.affected.iter().map(|a| a.component_id).collect();
    let boxes = page_order(&editor.groups, &editor.components)
        .into_iter()
        .map(|(c, group)| {
            let (id, label_for) = (format!("affected-{}", c.id), format!("affected-{}", c.id));
            let (name, checked) = (format!("affected[{}]", c.id), concerned.contains(&c.id));
            let group = group.map(|g| format!("{} / ", g.name));
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=id name=name value="on" checked=checked/>
                    " " {group} {c.name.clone()}
                </label>
            }
        })
        .collect_view();
    let (incident_id, version) = (incident.id.to_string(), incident.version.to_string());
    let title = kept("edit_title", &incident.title);
    let started = kept("edit_started_at", &started);
    let started_label = format!("Started at ({})", editor.timezone);
    view! {
        <section class="section" aria-labelledby="details">
            <h2 id="details">"Title, impact, start and components"</h2>
            <FormError error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="incident_id" value=incident_id/>
                <input type="hidden" name="version" value=version/>
                <label for="edit-title">"Title"</label>
                <input id="edit-title" name="title" required maxlength=TITLE_MAX.to_string() value=title/>
                <div class="row">
                    <div>
                        <label for="edit-impact">"Impact"</label>
                        <select id="edit-impact" name="impact">{options(Impact::ALL, impact, Impact::as_str, Impact::label)}</select>
                    </div>
                    <div>
                        <label for="edit-started">{started_label}</label>
                        <input id="edit-started" name="started_at" type="datetime-local" value=started/>
                    </div>
                </div>
                <fieldset class="choices">
                    <legend>"Components it concerns"</legend>
                    <p class="hint">"Which components the incident is about; their statuses and the status changes of its updates stay as they are."</p>
                    {boxes}
                </fieldset>
                <button type="submit" class="button">"Save details"</button>
            </ActionForm>
        </section>
    }
}

/// The postmortem: Markdown with a live preview by the public page's renderer; saved as a draft,
/// published or withdrawn.
#[component]
fn PostmortemEditor(editor: IncidentEditor, action: ServerAction<SavePostmortem>) -> impl IntoView {
    let Some(incident) = editor.incident.clone() else { return ().into_any() };
    let saved = incident.postmortem.clone();
    let published = saved.as_ref().and_then(|p| p.published_at);
    let initial =
        prefill(&editor.failed, "save_postmortem", "postmortem", saved.as_ref().map_or("", |p| p.body.as_str()));
    let published_local =
        editor.published_local.clone().unwrap_or(LocalTime { input: String::new(), shown: String::new() });
    let state = match (&saved, published) {
        (None, _) => "Not written yet.".to_string(),
        (Some(_), None) => "Draft: not shown on the public page.".to_string(),
        (Some(_), Some(_)) => format!("Published {}: shown above the timeline.", published_local.shown),
    };
    let pending = action.pending();
    let version = saved.as_ref().map_or(0, |p| p.version).to_string();
    let error = form_error(action, kept_error(&editor.failed, "save_postmortem"));
    view! {
        <section class="section" id="postmortem" aria-labelledby="postmortem-title">
            <h2 id="postmortem-title">"Postmortem"</h2>
            <p class="hint">{state}</p>
            <ActionForm action=action attr:class="form">
                <FormError error/>
                <input type="hidden" name="incident_id" value=incident.id.to_string()/>
                <input type="hidden" name="version" value=version/>
                <MarkdownField id="postmortem-body".to_string() name="body" label="Markdown".to_string() rows=14
                    initial draft=format!("postmortem:{}", incident.id) preview=true sent=successes(action)/>
                <details class="backfill" open=published.is_some()>
                    <summary>"Backfill: publication time"</summary>
                    <label for="published_at">{format!("Published at ({}); empty: now, or as it is", editor.timezone)}</label>
                    <input id="published_at" name="published_at" type="datetime-local"
                        value=prefill(&editor.failed, "save_postmortem", "published_at", &published_local.input)/>
                </details>
                <div class="buttons">
                    <button type="submit" name="intent" value="draft" class="button button--quiet" disabled=move || pending.get()>
                        {if published.is_some() { "Save (stays published)" } else { "Save draft" }}
                    </button>
                    {published.is_none().then(|| view! {
                        <button type="submit" name="intent" value="publish" class="button" disabled=move || pending.get()>"Publish"</button>
                    })}
                    {published.is_some().then(|| view! {
                        <button type="submit" name="intent" value="unpublish" class="button button--quiet" disabled=move || pending.get()>"Unpublish"</button>
                    })}
                </div>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Deleting an incident: admins only, behind a confirmation box.
#[component]
fn DeleteIncidentForm(editor: IncidentEditor, action: ServerAction<DeleteIncident>) -> impl IntoView {
    let Some(incident): Option<Incident> = editor.incident.clone() else { return ().into_any() };
    if editor.user.role != Role::Admin {
        return ().into_any();
    }
    let error = form_error(action, kept_error(&editor.failed, "delete_incident"));
    view! {
        <section class="section danger">
            <h2>"Delete this incident"</h2>
            <p class="hint">"It disappears from the public page, the history, the feeds and the API. Component statuses stay as they are. This cannot be undone."</p>
            <ActionForm action=action attr:class="form">
                <FormError error/>
                <input type="hidden" name="incident_id" value=incident.id.to_string()/>
                <label class="check">
                    <input type="checkbox" name="confirm" value="on" required/>
                    {format!(" Delete “{}” and its {} updates", incident.title, incident.updates.len())}
                </label>
                <button type="submit" class="button button--danger">"Delete incident"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Start from a template (a plain GET form: works without JavaScript), or delete one.
#[component]
fn TemplatePicker(editor: IncidentEditor, chosen: Option<i64>) -> impl IntoView {
    if editor.templates.is_empty() {
        return ().into_any();
    }
    let delete = ServerAction::<DeleteTemplate>::new();
    let error = form_error(delete, kept_error(&editor.failed, "delete_template"));
    let options = editor
        .templates
        .iter()
        .map(|t| view! { <option value=t.id.to_string() selected=chosen == Some(t.id)>{t.name.clone()}</option> })
        .collect_view();
    let chosen_name =
        chosen.and_then(|id| editor.templates.iter().find(|t| t.id == id)).map(|t| (t.id, t.name.clone()));
    view! {
        <FormError error/>
        <form class="inline-form templates" method="get" action="/admin/incidents/new">
            <label for="template">"Start from a template"</label>
            <select id="template" name="template">{options}</select>
            <button type="submit" class="button button--quiet">"Use template"</button>
        </form>
        {chosen_name.map(|(id, name)| view! {
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" class="button button--quiet">{format!("Delete template \u{201c}{name}\u{201d}")}</button>
            </ActionForm>
        })}
    }
    .into_any()
}
