//! `/admin/components`: every component's status (editors and admins), and for admins the
//! components and groups themselves: add, edit, reorder by position, move between groups, hide,
//! delete.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use super::forms::{form_error, prefill, refused, FailedForm, FormError};
use super::layout::Console;
use crate::domain::validate::{DESCRIPTION_MAX, NAME_MAX};
use crate::domain::{page_order, Component, ComponentGroup, ComponentStatus, Role, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {super::forms::ssr as forms, crate::domain::validate::checkbox, ssr::ComponentsBackend};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentsEditor {
    pub user: User,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
    pub failed: Option<FailedForm>,
}

/// A change to the component list, as the server receives it.
#[derive(Debug, Clone, PartialEq)]
pub enum ComponentEdit {
    SetStatus {
        component_id: i64,
        status: ComponentStatus,
    },
    /// `version` is the edited component's version as the form was loaded (none for a new one).
    SaveComponent {
        id: Option<i64>,
        component: Component,
        version: Option<i64>,
    },
    DeleteComponent {
        id: i64,
    },
    SaveGroup {
        id: Option<i64>,
        name: String,
        description: Option<String>,
        position: i64,
        version: Option<i64>,
    },
    DeleteGroup {
        id: i64,
    },
}

impl ComponentEdit {
    /// Only setting a status is open to editors.
    pub fn admin_only(&self) -> bool {
        !matches!(self, ComponentEdit::SetStatus { .. })
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;

    /// What the components page needs from the server.
    #[async_trait::async_trait]
    pub trait ComponentsBackend: Send + Sync + 'static {
        /// `failed` left empty.
        async fn components_editor(&self, user: User) -> Result<ComponentsEditor, AppError>;
        /// Setting a status is open to editors; the rest is for admins.
        async fn edit_components(&self, user: User, edit: ComponentEdit) -> Result<(), AppError>;
    }

    /// Applies an edit for the signed-in user; a refused plain post keeps its input for the page.
    pub async fn apply(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        edit: Result<ComponentEdit, AppError>,
    ) -> Result<Notice, AppError> {
        forms::save(form, values, "/admin/components", |user, backend: std::sync::Arc<dyn ComponentsBackend>| async move {
            backend.edit_components(user, edit?).await
        })
        .await
    }

    /// A position: a whole number, 0 when left empty.
    pub fn position(v: Option<String>) -> Result<i64, AppError> {
        let v = v.unwrap_or_default();
        if v.trim().is_empty() {
            return Ok(0);
        }
        v.trim().parse().map_err(|_| AppError::invalid("position", format!("position '{v}' is not a whole number")))
    }
}

#[server(prefix = "/admin/fn", endpoint = "components_editor")]
pub async fn get_components_editor() -> Result<ComponentsEditor, AppError> {
    let user = forms::signed_in().await?;
    let editor = forms::port::<dyn ComponentsBackend>()?.components_editor(user).await?;
    Ok(ComponentsEditor { failed: forms::take_failed("").await, ..editor })
}

#[server(prefix = "/admin/fn", endpoint = "set_component_status")]
pub async fn set_component_status(component_id: i64, status: String) -> Result<Notice, AppError> {
    let edit = forms::vocabulary("status", &status).map(|status| ComponentEdit::SetStatus { component_id, status });
    ssr::apply("set_component_status", vec![], edit).await
}

#[server(prefix = "/admin/fn", endpoint = "save_component")]
pub async fn save_component(
    id: Option<i64>,
    version: Option<i64>,
    name: String,
    description: Option<String>,
    group_id: Option<String>,
    position: Option<String>,
    visible: Option<String>,
    only_show_if_degraded: Option<String>,
    show_uptime: Option<String>,
) -> Result<Notice, AppError> {
    let values = vec![("name", Some(name.clone())), ("description", description.clone())];
    let edit = (|| {
        let group_id = match group_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(g) => Some(g.parse().map_err(|_| AppError::invalid("group_id", format!("'{g}' is not a group")))?),
        };
        let now = chrono::Utc::now();
        let component = Component {
            id: id.unwrap_or_default(),
            group_id,
            name,
            description,
            position: ssr::position(position)?,
            status: ComponentStatus::Operational,
            visible: checkbox(visible.as_deref()),
            only_show_if_degraded: checkbox(only_show_if_degraded.as_deref()),
            show_uptime: checkbox(show_uptime.as_deref()),
            created_at: now,
            updated_at: now,
            version: version.unwrap_or_default(),
        };
        Ok(ComponentEdit::SaveComponent { id, component, version })
    })();
    ssr::apply(if id.is_some() { "save_component" } else { "add_component" }, values, edit).await
}

#[server(prefix = "/admin/fn", endpoint = "delete_component")]
pub async fn delete_component(id: i64) -> Result<Notice, AppError> {
    ssr::apply("delete_component", vec![], Ok(ComponentEdit::DeleteComponent { id })).await
}

#[server(prefix = "/admin/fn", endpoint = "save_group")]
pub async fn save_group(
    id: Option<i64>,
    version: Option<i64>,
    name: String,
    description: Option<String>,
    position: Option<String>,
) -> Result<Notice, AppError> {
    let values = vec![("name", Some(name.clone())), ("description", description.clone())];
    let edit =
        ssr::position(position).map(|position| ComponentEdit::SaveGroup { id, name, description, position, version });
    ssr::apply(if id.is_some() { "save_group" } else { "add_group" }, values, edit).await
}

#[server(prefix = "/admin/fn", endpoint = "delete_group")]
pub async fn delete_group(id: i64) -> Result<Notice, AppError> {
    ssr::apply("delete_group", vec![], Ok(ComponentEdit::DeleteGroup { id })).await
}

#[component]
pub fn ComponentsPage() -> impl IntoView {
    let status = ServerAction::<SetComponentStatus>::new();
    let save = ServerAction::<SaveComponent>::new();
    let delete = ServerAction::<DeleteComponent>::new();
    let group = ServerAction::<SaveGroup>::new();
    let ungroup = ServerAction::<DeleteGroup>::new();
    let versions = move || {
        (
            status.version().get(),
            save.version().get(),
            delete.version().get(),
            group.version().get(),
            ungroup.version().get(),
        )
    };
    let data = Resource::new(versions, |_| get_components_editor());
    // One refusal at the top of the page: the last form's, or the kept plain post's.
    let errors = move |kept: Option<AppError>| {
        view! {
            <FormError error=form_error(status, None)/>
            <FormError error=form_error(save, None)/>
            <FormError error=form_error(delete, None)/>
            <FormError error=form_error(group, None)/>
            <FormError error=form_error(ungroup, None)/>
            <FormError error=kept/>
        }
    };
    view! {
        <Title text="Components · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) => {
                        let admin = editor.user.role == Role::Admin;
                        view! {
                            <Console user=editor.user.clone()>
                                <h1>"Components"</h1>
                                {errors(editor.failed.as_ref().map(|f| f.error.clone()))}
                                <StatusList editor=editor.clone() action=status/>
                                {admin.then(|| view! {
                                    <ComponentForms editor=editor.clone() save delete/>
                                    <GroupForms editor=editor.clone() save=group delete=ungroup/>
                                })}
                            </Console>
                        }
                        .into_any()
                    }
                    Err(e) => refused("Components", e),
                }
            })}
        </Suspense>
    }
}

fn status_options(selected: ComponentStatus) -> impl IntoView {
    ComponentStatus::ALL
        .iter()
        .map(|s| view! { <option value=s.as_str() selected=*s == selected>{s.label()}</option> })
        .collect_view()
}

#[component]
fn StatusList(editor: ComponentsEditor, action: ServerAction<SetComponentStatus>) -> impl IntoView {
    let rows = page_order(&editor.groups, &editor.components)
        .into_iter()
        .map(|(c, group)| {
            let select_id = format!("status-{}", c.id);
            let label = format!("{}{}", group.map(|g| format!("{} / ", g.name)).unwrap_or_default(), c.name);
            let (component_id, options) = (c.id.to_string(), status_options(c.status));
            view! {
                <li class="component">
                    <label for=select_id.clone() class="component__name">{label}{(!c.visible).then_some(" (hidden)")}</label>
                    <ActionForm action=action attr:class="inline-form">
                        <input type="hidden" name="component_id" value=component_id/>
                        <select id=select_id name="status">{options}</select>
                        <button type="submit" class="button button--quiet">"Set"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="section">
            <h2>"Statuses"</h2>
            <p class="hint">"Setting a status here is recorded in the component's history; to explain an outage, open an incident."</p>
            <ul class="components">{rows}</ul>
        </section>
    }
}

fn group_options(groups: &[ComponentGroup], selected: Option<i64>) -> impl IntoView {
    let none = view! { <option value="" selected=selected.is_none()>"No group"</option> };
    let rest = groups
        .iter()
        .map(|g| view! { <option value=g.id.to_string() selected=selected == Some(g.id)>{g.name.clone()}</option> })
        .collect_view();
    (none, rest)
}

/// The fields of a component form; `c` is None for a new one.
fn component_fields(editor: &ComponentsEditor, c: Option<&Component>, key: &str) -> impl IntoView {
    let form = if c.is_some() { "save_component" } else { "add_component" };
    let value = |name: &str, saved: String| prefill(&editor.failed, form, name, &saved);
    let id = |field: &str| format!("{key}-{field}");
    view! {
        {c.map(|c| view! {
            <input type="hidden" name="id" value=c.id.to_string()/>
            <input type="hidden" name="version" value=c.version.to_string()/>
        })}
        <label for=id("name")>"Name"</label>
        <input id=id("name") name="name" required maxlength=NAME_MAX.to_string() value=value("name", c.map(|c| c.name.clone()).unwrap_or_default())/>
        <label for=id("description")>"Description (optional)"</label>
        <input id=id("description") name="description" maxlength=DESCRIPTION_MAX.to_string()
            value=value("description", c.and_then(|c| c.description.clone()).unwrap_or_default())/>
        <div class="row">
            <div>
                <label for=id("group")>"Group"</label>
                <select id=id("group") name="group_id">{group_options(&editor.groups, c.and_then(|c| c.group_id))}</select>
            </div>
            <div>
                <label for=id("position")>"Position (smaller first)"</label>
                <input id=id("position") name="position" type="number" value=c.map_or(0, |c| c.position).to_string()/>
            </div>
        </div>
        <label class="check">
            <input type="checkbox" name="visible" value="on" checked=c.is_none_or(|c| c.visible)/>
            " Visible on the public page"
        </label>
        <label class="check">
            <input type="checkbox" name="only_show_if_degraded" value="on" checked=c.is_some_and(|c| c.only_show_if_degraded)/>
            " Show only while not operational"
        </label>
        <label class="check">
            <input type="checkbox" name="show_uptime" value="on" checked=c.is_none_or(|c| c.show_uptime)/>
            " Show its 90-day uptime bars"
        </label>
    }
}

#[component]
fn ComponentForms(
    editor: ComponentsEditor,
    save: ServerAction<SaveComponent>,
    delete: ServerAction<DeleteComponent>,
) -> impl IntoView {
    let items = page_order(&editor.groups, &editor.components)
        .into_iter()
        .map(|(c, _)| {
            let fields = component_fields(&editor, Some(c), &format!("c{}", c.id));
            let (id, delete_label) = (c.id.to_string(), format!("Delete {}", c.name));
            view! {
                <details class="edit">
                    <summary>{format!("Edit {}", c.name)}</summary>
                    <ActionForm action=save attr:class="form">
                        {fields}
                        <button type="submit" class="button">"Save"</button>
                    </ActionForm>
                    <ActionForm action=delete attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button--danger">{delete_label}</button>
                    </ActionForm>
                </details>
            }
        })
        .collect_view();
    let adding = editor.failed.as_ref().is_some_and(|f| f.form == "add_component");
    let new_fields = component_fields(&editor, None, "new");
    view! {
        <section class="section">
            <h2>"Edit components"</h2>
            {items}
            <details class="edit" open=adding>
                <summary>"Add a component"</summary>
                <ActionForm action=save attr:class="form">
                    {new_fields}
                    <button type="submit" class="button">"Add component"</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn GroupForms(
    editor: ComponentsEditor,
    save: ServerAction<SaveGroup>,
    delete: ServerAction<DeleteGroup>,
) -> impl IntoView {
    let fields = |g: Option<&ComponentGroup>, key: String| {
        let id = move |field: &str| format!("{key}-{field}");
        view! {
            {g.map(|g| view! {
                <input type="hidden" name="id" value=g.id.to_string()/>
                <input type="hidden" name="version" value=g.version.to_string()/>
            })}
            <label for=id("name")>"Name"</label>
            <input id=id("name") name="name" required maxlength=NAME_MAX.to_string() value=g.map(|g| g.name.clone()).unwrap_or_default()/>
            <label for=id("description")>"Description (optional)"</label>
            <input id=id("description") name="description" maxlength=DESCRIPTION_MAX.to_string() value=g.and_then(|g| g.description.clone()).unwrap_or_default()/>
            <label for=id("position")>"Position (smaller first; shared with ungrouped components)"</label>
            <input id=id("position") name="position" type="number" value=g.map_or(0, |g| g.position).to_string()/>
        }
    };
    let items = editor
        .groups
        .iter()
        .map(|g| {
            let group_fields = fields(Some(g), format!("g{}", g.id));
            let (id, delete_label) =
                (g.id.to_string(), format!("Delete group {} (its components stay, ungrouped)", g.name));
            view! {
                <details class="edit">
                    <summary>{format!("Edit group {}", g.name)}</summary>
                    <ActionForm action=save attr:class="form">
                        {group_fields}
                        <button type="submit" class="button">"Save"</button>
                    </ActionForm>
                    <ActionForm action=delete attr:class="form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button--danger">{delete_label}</button>
                    </ActionForm>
                </details>
            }
        })
        .collect_view();
    let new_fields = fields(None, "newgroup".to_string());
    view! {
        <section class="section">
            <h2>"Groups"</h2>
            {items}
            <details class="edit">
                <summary>"Add a group"</summary>
                <ActionForm action=save attr:class="form">
                    {new_fields}
                    <button type="submit" class="button">"Add group"</button>
                </ActionForm>
            </details>
        </section>
    }
}
