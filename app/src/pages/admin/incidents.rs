//! `/admin/incidents/new` and `/admin/incidents/{id}`: open an incident, post its updates, resolve
//! it. The forms submit without reloading when JavaScript runs and as plain posts when it does
//! not; a refused post keeps what was typed and says why.

use super::backend::{error_text, get_incident_editor, CreateIncident, IncidentEditor, PostUpdate};
use super::layout::Console;
use crate::domain::{page_order, timeline, ComponentStatus, Impact, IncidentStatus};
use crate::markdown;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A refused post's value for `name`, or `default`.
fn prefill(editor: &IncidentEditor, name: &str, default: &str) -> String {
    editor.failed.as_ref().and_then(|f| f.values.get(name).cloned()).unwrap_or_else(|| default.to_string())
}

fn options<T: Copy + PartialEq + 'static>(
    all: &'static [T],
    selected: Option<T>,
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl IntoView {
    all.iter()
        .map(|v| view! { <option value=name(*v) selected=selected == Some(*v)>{label(*v)}</option> })
        .collect_view()
}

/// One select per component: leave it, or set it to a status.
fn component_choices(editor: &IncidentEditor) -> impl IntoView {
    let ordered = page_order(&editor.groups, &editor.components);
    let rows = ordered
        .into_iter()
        .map(|(c, group)| {
            let id = format!("component-{}", c.id);
            let name = format!("components[{}]", c.id);
            let group = group.map(|g| format!("{} / ", g.name));
            view! {
                <div class="choice">
                    <label for=id.clone()>{group} {c.name.clone()}</label>
                    <select id=id name=name>
                        <option value="unchanged" selected=true>{format!("Unchanged ({})", c.status.label())}</option>
                        {options(ComponentStatus::ALL, None, ComponentStatus::as_str, ComponentStatus::label)}
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

fn failure(editor: &IncidentEditor) -> Option<impl IntoView> {
    editor.failed.as_ref().map(|f| view! { <p class="error" role="alert">{f.error.clone()}</p> })
}

#[component]
pub fn NewIncidentPage() -> impl IntoView {
    let action = ServerAction::<CreateIncident>::new();
    let data = Resource::new(|| (), |_| get_incident_editor(None, "create_incident".into()));
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
                    Err(e) => view! { <p class="error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewIncidentForm(editor: IncidentEditor, action: ServerAction<CreateIncident>) -> impl IntoView {
    let impact: Option<Impact> = prefill(&editor, "impact", "minor").parse().ok();
    let status: Option<IncidentStatus> = prefill(&editor, "status", "investigating").parse().ok();
    let pending = action.pending();
    view! {
        <ActionForm action=action attr:class="form">
            {failure(&editor)}
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(&e)}</p> })}
            <label for="title">"Title"</label>
            <input id="title" name="title" required maxlength="200" value=prefill(&editor, "title", "")/>
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
            <label for="message">"Message (Markdown)"</label>
            <textarea id="message" name="message" rows="6">{prefill(&editor, "message", "")}</textarea>
            {component_choices(&editor)}
            <details class="backfill">
                <summary>"Backfill: start and first update times"</summary>
                <label for="started_at">{format!("Started at ({})", editor.timezone)}</label>
                <input id="started_at" name="started_at" type="datetime-local" value=prefill(&editor, "started_at", "")/>
                <label for="display_at">{format!("First update shown at ({})", editor.timezone)}</label>
                <input id="display_at" name="display_at" type="datetime-local" value=prefill(&editor, "display_at", "")/>
            </details>
            <button type="submit" class="button" disabled=move || pending.get()>"Open incident"</button>
        </ActionForm>
    }
}

#[component]
pub fn IncidentAdminPage() -> impl IntoView {
    let params = use_params_map();
    let action = ServerAction::<PostUpdate>::new();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    // Reloaded after every posted update.
    let data =
        Resource::new(move || (id(), action.version().get()), |(id, _)| get_incident_editor(id, "post_update".into()));
    view! {
        <Title text="Incident · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) if editor.incident.is_some() => view! {
                        <Console user=editor.user.clone()>
                            <IncidentAdmin editor action/>
                        </Console>
                    }
                    .into_any(),
                    Ok(_) => view! { <p class="error" role="alert">"This incident does not exist."</p> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IncidentAdmin(editor: IncidentEditor, action: ServerAction<PostUpdate>) -> impl IntoView {
    let Some(incident) = editor.incident.clone() else { return ().into_any() };
    let current = incident.status;
    let chosen: Option<IncidentStatus> = prefill(&editor, "status", current.as_str()).parse().ok();
    let (status, set_status) = signal(chosen.unwrap_or(current));
    let pending = action.pending();
    // After a posted update the form starts empty again (with JavaScript; without, the page reloads).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            if let Some(form) = form.get() {
                form.reset();
            }
        }
    });
    let trail = timeline::newest_first(&incident.updates)
        .into_iter()
        .map(|(label, u)| {
            view! {
                <li class="update">
                    <strong class="update__label">{label}</strong>
                    <div class="md" inner_html=markdown::render(&u.body)></div>
                    <p class="update__time"><time datetime=u.display_at.to_rfc3339()>{u.display_at.format("%b %-d, %Y %H:%M UTC").to_string()}</time></p>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="crumb"><a href="/admin">"← Dashboard"</a></p>
        <h1>{incident.title.clone()}</h1>
        <p class="incident-meta">
            <span class=format!("impact impact--{}", incident.impact.css())>{incident.impact.label()} " impact"</span>
            <span class="state">{incident.status.label()}</span>
            <a href=format!("/incidents/{}", incident.id) target="_blank" rel="noopener">"Public page"</a>
        </p>
        <section class="section">
            <h2>"Post an update"</h2>
            <ActionForm action=action node_ref=form attr:class="form">
                {failure(&editor)}
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(&e)}</p> })}
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
                <label for="message">"Message (Markdown)"</label>
                <textarea id="message" name="message" rows="6">{prefill(&editor, "message", "")}</textarea>
                {component_choices(&editor)}
                <label class="check">
                    <input type="checkbox" name="restore_operational" value="on" checked=true/>
                    " When resolving, set the affected components back to Operational"
                </label>
                <details class="backfill">
                    <summary>"Backfill: shown time"</summary>
                    <label for="display_at">{format!("Shown at ({})", editor.timezone)}</label>
                    <input id="display_at" name="display_at" type="datetime-local" value=prefill(&editor, "display_at", "")/>
                </details>
                <button type="submit" class="button" disabled=move || pending.get()>"Post update"</button>
            </ActionForm>
        </section>
        <section class="section">
            <h2>"Timeline"</h2>
            <ol class="timeline">{trail}</ol>
        </section>
    }
    .into_any()
}
