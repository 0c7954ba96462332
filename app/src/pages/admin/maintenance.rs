//! `/admin/maintenance`: schedule a maintenance window (components, start and end in the page's
//! zone, whether it starts and finishes by itself) and post its updates.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use super::forms::{form_error, kept_notify, prefill, refused, FailedForm, FormError, NotifyBox};
use super::layout::Console;
use crate::domain::validate::TITLE_MAX;
use crate::domain::{page_order, Component, ComponentGroup, Maintenance, MaintenanceStatus, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceEditor {
    pub user: User,
    /// Not yet completed, soonest first.
    pub current: Vec<Maintenance>,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
    pub timezone: String,
    /// `scheduled_for` and `scheduled_until` of each window, shown in the page's zone.
    pub windows: HashMap<i64, String>,
    pub failed: Option<FailedForm>,
}

/// A change to maintenance, as the server receives it.
#[derive(Debug, Clone, PartialEq)]
pub enum MaintenanceEdit {
    Schedule {
        title: String,
        message: String,
        scheduled_for: DateTime<Utc>,
        scheduled_until: DateTime<Utc>,
        auto_start: bool,
        auto_complete: bool,
        components: Vec<i64>,
        notify: bool,
    },
    Update {
        id: i64,
        status: MaintenanceStatus,
        message: String,
        notify: bool,
    },
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;

    /// What the maintenance page needs from the server.
    #[async_trait::async_trait]
    pub trait MaintenanceBackend: Send + Sync + 'static {
        /// `failed` left empty.
        async fn maintenance_editor(&self, user: User) -> Result<MaintenanceEditor, AppError>;
        async fn edit_maintenance(&self, user: User, edit: MaintenanceEdit) -> Result<(), AppError>;
        /// The page's time zone, in which form times are read.
        fn timezone(&self) -> chrono_tz::Tz;
    }

    pub async fn apply(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        edit: impl FnOnce(chrono_tz::Tz) -> Result<MaintenanceEdit, AppError>,
    ) -> Result<Notice, AppError> {
        forms::save(
            form,
            values,
            "/admin/maintenance",
            |user, backend: std::sync::Arc<dyn MaintenanceBackend>| async move {
                let tz = backend.timezone();
                backend.edit_maintenance(user, edit(tz)?).await
            },
        )
        .await
    }
}
#[cfg(feature = "ssr")]
use {
    super::forms::ssr as forms,
    crate::domain::validate::{checkbox, offered_checkbox},
    ssr::MaintenanceBackend,
};

#[server(prefix = "/admin/fn", endpoint = "maintenance_editor")]
pub async fn get_maintenance_editor() -> Result<MaintenanceEditor, AppError> {
    let user = forms::signed_in().await?;
    let editor = forms::port::<dyn MaintenanceBackend>()?.maintenance_editor(user).await?;
    Ok(MaintenanceEditor { failed: forms::take_failed("").await, ..editor })
}

#[server(prefix = "/admin/fn", endpoint = "schedule_maintenance")]
pub async fn schedule_maintenance(
    title: String,
    message: String,
    scheduled_for: String,
    scheduled_until: String,
    auto_start: Option<String>,
    auto_complete: Option<String>,
    components: Option<HashMap<String, String>>,
    notify: Option<String>,
    notify_offered: Option<String>,
) -> Result<Notice, AppError> {
    let notify = offered_checkbox(notify_offered.as_deref(), notify.as_deref(), true);
    let values = vec![
        ("notify", Some(if notify { "on" } else { "off" }.to_string())),
        ("title", Some(title.clone())),
        ("message", Some(message.clone())),
        ("scheduled_for", Some(scheduled_for.clone())),
        ("scheduled_until", Some(scheduled_until.clone())),
    ];
    ssr::apply("schedule_maintenance", values, move |tz| {
        let time = |name, v: &str| {
            forms::local_time(name, Some(v), tz)?.ok_or_else(|| AppError::invalid(name, format!("{name} is required")))
        };
        let mut ids = Vec::new();
        for (id, on) in components.unwrap_or_default() {
            if checkbox(Some(&on)) {
                let id =
                    id.parse().map_err(|_| AppError::invalid("components", format!("'{id}' is not a component id")))?;
                ids.push(id);
            }
        }
        ids.sort_unstable();
        Ok(MaintenanceEdit::Schedule {
            title,
            message,
            scheduled_for: time("scheduled_for", &scheduled_for)?,
            scheduled_until: time("scheduled_until", &scheduled_until)?,
            auto_start: checkbox(auto_start.as_deref()),
            auto_complete: checkbox(auto_complete.as_deref()),
            components: ids,
            notify,
        })
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "post_maintenance_update")]
pub async fn post_maintenance_update(
    id: i64,
    status: String,
    message: String,
    notify: Option<String>,
    notify_offered: Option<String>,
) -> Result<Notice, AppError> {
    let notify = offered_checkbox(notify_offered.as_deref(), notify.as_deref(), true);
    let values = vec![("update_message", Some(message.clone()))];
    ssr::apply("post_maintenance_update", values, move |_| {
        Ok(MaintenanceEdit::Update { id, status: forms::vocabulary("status", &status)?, message, notify })
    })
    .await
}

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let schedule = ServerAction::<ScheduleMaintenance>::new();
    let update = ServerAction::<PostMaintenanceUpdate>::new();
    let data = Resource::new(move || (schedule.version().get(), update.version().get()), |_| get_maintenance_editor());
    let errors = move |kept: Option<AppError>| {
        view! {
            <FormError error=form_error(schedule, None)/>
            <FormError error=form_error(update, None)/>
            <FormError error=kept/>
        }
    };
    view! {
        <Title text="Maintenance · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) => view! {
                        <Console user=editor.user.clone()>
                            <h1>"Maintenance"</h1>
                            {errors(editor.failed.as_ref().map(|f| f.error.clone()))}
                            <Current editor=editor.clone() action=update/>
                            <ScheduleForm editor action=schedule/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("Maintenance", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Current(editor: MaintenanceEditor, action: ServerAction<PostMaintenanceUpdate>) -> impl IntoView {
    if editor.current.is_empty() {
        return view! { <section class="section"><h2>"Scheduled and in progress"</h2><p class="hint">"Nothing scheduled."</p></section> }.into_any();
    }
    let items = editor
        .current
        .iter()
        .map(|m| {
            let window = editor.windows.get(&m.id).cloned().unwrap_or_default();
            let (id, select_id, message_id) = (m.id.to_string(), format!("m{}-status", m.id), format!("m{}-message", m.id));
            let options = MaintenanceStatus::ALL
                .iter()
                .map(|s| view! { <option value=s.as_str() selected=*s == m.status>{s.label()}</option> })
                .collect_view();
            let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
            view! {
                <article class="incident maintenance" id=format!("maintenance-{}", m.id)>
                    <h3 class="incident__title">{m.title.clone()}</h3>
                    <p class="hint">{m.status.label()} " · " {window} " · " {crate::domain::affected::join_english(&names)}</p>
                    <ActionForm action=action attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <label for=select_id.clone()>"Status"</label>
                        <select id=select_id name="status">{options}</select>
                        <label for=message_id.clone()>"Message (Markdown)"</label>
                        <textarea id=message_id name="message" rows="3"></textarea>
                        <NotifyBox checked=true/>
                        <button type="submit" class="button">"Post maintenance update"</button>
                    </ActionForm>
                </article>
            }
        })
        .collect_view();
    view! { <section class="section"><h2>"Scheduled and in progress"</h2>{items}</section> }.into_any()
}

#[component]
fn ScheduleForm(editor: MaintenanceEditor, action: ServerAction<ScheduleMaintenance>) -> impl IntoView {
    let failed = editor.failed.clone();
    let value = move |name: &str| prefill(&failed, "schedule_maintenance", name, "");
    let boxes = page_order(&editor.groups, &editor.components)
        .into_iter()
        .map(|(c, group)| {
            let (id, for_id, name) = (format!("mc-{}", c.id), format!("mc-{}", c.id), format!("components[{}]", c.id));
            let label = format!("{}{}", group.map(|g| format!("{} / ", g.name)).unwrap_or_default(), c.name);
            view! {
                <label class="check" for=for_id>
                    <input id=id type="checkbox" name=name value="on"/>
                    " " {label}
                </label>
            }
        })
        .collect_view();
    let tz = editor.timezone.clone();
    view! {
        <section class="section">
            <h2>"Schedule maintenance"</h2>
            <ActionForm action=action attr:class="form">
                <label for="m-title">"Title"</label>
                <input id="m-title" name="title" required maxlength=TITLE_MAX.to_string() value=value("title")/>
                <div class="row">
                    <div>
                        <label for="m-from">{format!("Starts ({tz})")}</label>
                        <input id="m-from" name="scheduled_for" type="datetime-local" required value=value("scheduled_for")/>
                    </div>
                    <div>
                        <label for="m-until">{format!("Ends ({tz})")}</label>
                        <input id="m-until" name="scheduled_until" type="datetime-local" required value=value("scheduled_until")/>
                    </div>
                </div>
                <label for="m-message">"Message (Markdown)"</label>
                <textarea id="m-message" name="message" rows="4">{value("message")}</textarea>
                <fieldset class="choices">
                    <legend>"Components under maintenance"</legend>
                    {boxes}
                </fieldset>
                <label class="check"><input type="checkbox" name="auto_start" value="on" checked=true/>" Start by itself at the start time"</label>
                <label class="check"><input type="checkbox" name="auto_complete" value="on" checked=true/>" Complete by itself at the end time"</label>
                <NotifyBox checked=kept_notify(&editor.failed, "schedule_maintenance")/>
                <button type="submit" class="button">"Schedule"</button>
            </ActionForm>
        </section>
    }
}
