//! The admin console's routes: Leptos pages and server functions behind the session guard, the
//! sign-in forms, all behind the same-origin check; and the backend its server functions call.

use crate::auth::csrf::{origin_of, same_origin, TrustedOrigins};
use crate::auth::guard::require_user;
use crate::auth::sessions::DbSessionStore;
use crate::state::AppState;
use crate::store::Store;
use crate::store::{Actor, NewComponent, NewGroup, NewIncident, NewMaintenance, NewUpdate, StatusChange};
use app::domain::User;
use app::domain::{ComponentStatus, IncidentStatus};
use app::pages::admin::backend::ssr::{set_status, AdminBackend, Backend};
use app::pages::admin::backend::{Dashboard, FailedForm, IncidentDraft, IncidentEditor, UpdateDraft};
use app::pages::admin::components::{ComponentEdit, ComponentsEditor};
use app::pages::admin::maintenance::{MaintenanceEdit, MaintenanceEditor};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use leptos::prelude::{provide_context, ServerFnError};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[path = "admin_accounts.rs"]
mod accounts;
#[path = "admin_tokens.rs"]
mod tokens;

use app::pages::admin::accounts::ssr::Accounts;
use app::pages::admin::tokens::ssr::Tokens;

pub fn routes(state: &AppState) -> Router<AppState> {
    let pages = generate_route_list(app::pages::admin::App);
    let shell = {
        let options = state.leptos.clone();
        let stylesheet = state.site.stylesheet.clone();
        move || app::pages::admin::shell(options.clone(), stylesheet.clone())
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name("beacon_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(state.auth.idle.num_seconds())));
    let trusted = TrustedOrigins(Arc::new(origin_of(&state.public_url).into_iter().collect()));
    Router::new()
        .leptos_routes_with_context(state, pages, context(state), shell)
        .route("/admin/fn/{*name}", post(server_fn))
        .merge(crate::auth::routes::routes())
        .layer(from_fn_with_state(state.clone(), require_user))
        .layer(sessions)
        .layer(from_fn_with_state(trusted, same_origin))
}

fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let backend = Backend(Arc::new(StoreBackend { store: state.store.clone(), tz: state.site.tz }));
    let accounts = Accounts(Arc::new(accounts::StoreAccounts { store: state.store.clone() }));
    let tokens = Tokens(Arc::new(tokens::StoreTokens { store: state.store.clone() }));
    move || {
        provide_context(backend.clone());
        provide_context(accounts.clone());
        provide_context(tokens.clone());
    }
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> Response {
    handle_server_fns_with_context(context(&state), req).await.into_response()
}

/// The console's backend over the store.
struct StoreBackend {
    store: Store,
    tz: chrono_tz::Tz,
}

/// Where a refused plain form post waits for the page it returns to.
const FAILED_FORM: &str = "failed_form";

fn actor(user: &User) -> Actor {
    Actor::User { id: user.id, email: user.email.clone() }
}

fn changes(pairs: &[(i64, ComponentStatus)]) -> Vec<StatusChange> {
    pairs.iter().map(|(component_id, status)| StatusChange { component_id: *component_id, status: *status }).collect()
}

/// Refuses (403) what only admins may do.
fn require_admin(user: &User) -> Result<(), ServerFnError> {
    if user.role == app::domain::Role::Admin {
        return Ok(());
    }
    set_status(axum::http::StatusCode::FORBIDDEN);
    Err(ServerFnError::new("Only admins may do this; ask an admin."))
}

async fn session() -> Option<tower_sessions::Session> {
    leptos_axum::extract::<tower_sessions::Session>().await.ok()
}

/// The refused plain form post kept for this page (of `form`, or of any form when empty); shown once.
async fn take_failed_form(form: &str) -> Option<FailedForm> {
    take_kept(|kept| form.is_empty() || kept == form).await
}

/// The refused plain form post kept for a form whose name starts with `prefix`; shown once.
pub(super) async fn take_failed_form_prefixed(prefix: &str) -> Option<FailedForm> {
    take_kept(|kept| kept.starts_with(prefix)).await
}

async fn take_kept(wanted: impl Fn(&str) -> bool) -> Option<FailedForm> {
    let session = session().await?;
    let failed = session.get::<FailedForm>(FAILED_FORM).await.ok()??;
    if !wanted(&failed.form) {
        return None;
    }
    let _ = session.remove::<FailedForm>(FAILED_FORM).await;
    Some(failed)
}

/// A store error as the console shows it, with the answer's status set to match.
fn failed(e: crate::store::StoreError) -> ServerFnError {
    let e = crate::error::AppError::from(e);
    set_status(e.status_code());
    ServerFnError::new(e.message)
}

#[async_trait::async_trait]
impl AdminBackend for StoreBackend {
    async fn dashboard(&self, user: User) -> Result<Dashboard, ServerFnError> {
        Ok(Dashboard {
            user,
            open: self.store.open_incidents().await.map_err(failed)?,
            maintenance: self.store.current_maintenance().await.map_err(failed)?,
            groups: self.store.list_groups().await.map_err(failed)?,
            components: self.store.list_components().await.map_err(failed)?,
        })
    }

    async fn incident_editor(
        &self,
        user: User,
        incident_id: Option<i64>,
        form: &str,
    ) -> Result<IncidentEditor, ServerFnError> {
        let incident = match incident_id {
            Some(id) => self.store.get_incident(id).await.map_err(failed)?,
            None => None,
        };
        let failed_form = take_failed_form(form).await;
        let local_times = incident
            .iter()
            .flat_map(|i| &i.updates)
            .map(|u| (u.id, u.display_at.with_timezone(&self.tz).format("%Y-%m-%dT%H:%M").to_string()))
            .collect();
        Ok(IncidentEditor {
            user,
            incident,
            groups: self.store.list_groups().await.map_err(failed)?,
            components: self.store.list_components().await.map_err(failed)?,
            timezone: self.tz.name().to_string(),
            local_times,
            templates: self.store.list_templates().await.map_err(failed)?,
            failed: failed_form,
        })
    }

    async fn create_incident(&self, user: User, draft: IncidentDraft) -> Result<i64, ServerFnError> {
        let new = NewIncident {
            title: draft.title,
            impact: draft.impact,
            status: draft.status,
            body: draft.message,
            started_at: draft.started_at,
            display_at: draft.display_at,
            changes: changes(&draft.changes),
        };
        self.store.create_incident(&actor(&user), new).await.map_err(failed)
    }

    async fn post_update(&self, user: User, draft: UpdateDraft) -> Result<(), ServerFnError> {
        let mut pairs = draft.changes.clone();
        if draft.restore_operational && draft.status == IncidentStatus::Resolved {
            let incident = self.store.get_incident(draft.incident_id).await.map_err(failed)?;
            let components = self.store.list_components().await.map_err(failed)?;
            if let Some(incident) = incident {
                pairs = app::domain::affected::restoring(&incident, &components, &pairs);
            }
        }
        let changes = changes(&pairs);
        let update = NewUpdate {
            status: draft.status,
            body: draft.message,
            display_at: draft.display_at,
            changes,
            expected_version: Some(draft.version),
        };
        self.store.post_update(&actor(&user), draft.incident_id, update).await.map_err(failed)?;
        Ok(())
    }

    async fn save_postmortem(
        &self,
        user: User,
        incident_id: i64,
        body: String,
        publish: Option<bool>,
        version: i64,
    ) -> Result<(), ServerFnError> {
        self.store.save_postmortem(&actor(&user), incident_id, &body, publish, Some(version)).await.map_err(failed)
    }

    async fn components_editor(&self, user: User) -> Result<ComponentsEditor, ServerFnError> {
        Ok(ComponentsEditor {
            user,
            groups: self.store.list_groups().await.map_err(failed)?,
            components: self.store.list_components().await.map_err(failed)?,
            failed: take_failed_form("").await,
        })
    }

    async fn edit_components(&self, user: User, edit: ComponentEdit) -> Result<(), ServerFnError> {
        if edit.admin_only() {
            require_admin(&user)?;
        }
        let (store, actor) = (&self.store, actor(&user));
        match edit {
            ComponentEdit::SetStatus { component_id, status } => {
                store.set_component_status(&actor, component_id, status).await
            }
            ComponentEdit::SaveComponent { id, component: c, version } => {
                let new = NewComponent {
                    name: c.name,
                    description: c.description,
                    group_id: c.group_id,
                    position: c.position,
                    status: ComponentStatus::Operational,
                    visible: c.visible,
                    only_show_if_degraded: c.only_show_if_degraded,
                    show_uptime: c.show_uptime,
                };
                match id {
                    Some(id) => store.update_component(&actor, id, new, version).await,
                    None => store.create_component(&actor, new).await.map(|_| ()),
                }
            }
            ComponentEdit::DeleteComponent { id } => store.delete_component(&actor, id).await,
            ComponentEdit::SaveGroup { id, name, description, position, version } => {
                let group = NewGroup { name, description, position };
                match id {
                    Some(id) => store.update_group(&actor, id, group, version).await,
                    None => store.create_group(&actor, group).await.map(|_| ()),
                }
            }
            ComponentEdit::DeleteGroup { id } => store.delete_group(&actor, id).await,
        }
        .map_err(failed)
    }

    async fn edit_update(
        &self,
        user: User,
        update_id: i64,
        version: i64,
        message: String,
        display_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), ServerFnError> {
        self.store.edit_update(&actor(&user), update_id, &message, display_at, version).await.map_err(failed)
    }

    async fn delete_update(&self, user: User, update_id: i64) -> Result<(), ServerFnError> {
        self.store.delete_update(&actor(&user), update_id).await.map_err(failed)
    }

    async fn maintenance_editor(&self, user: User) -> Result<MaintenanceEditor, ServerFnError> {
        let current = self.store.current_maintenance().await.map_err(failed)?;
        let local =
            |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&self.tz).format("%b %-d, %Y %H:%M %Z").to_string();
        let windows = current
            .iter()
            .map(|m| (m.id, format!("{} – {}", local(m.scheduled_for), local(m.scheduled_until))))
            .collect();
        Ok(MaintenanceEditor {
            user,
            current,
            groups: self.store.list_groups().await.map_err(failed)?,
            components: self.store.list_components().await.map_err(failed)?,
            timezone: self.tz.name().to_string(),
            windows,
            failed: take_failed_form("").await,
        })
    }

    async fn edit_maintenance(&self, user: User, edit: MaintenanceEdit) -> Result<(), ServerFnError> {
        let actor = actor(&user);
        match edit {
            MaintenanceEdit::Schedule {
                title,
                message,
                scheduled_for,
                scheduled_until,
                auto_start,
                auto_complete,
                components,
            } => {
                let new = NewMaintenance {
                    title,
                    body: message,
                    scheduled_for,
                    scheduled_until,
                    auto_start,
                    auto_complete,
                    components,
                };
                self.store.create_maintenance(&actor, new).await.map(|_| ())
            }
            MaintenanceEdit::Update { id, status, message } => {
                self.store.post_maintenance_update(&actor, id, status, &message, None).await.map(|_| ())
            }
        }
        .map_err(failed)
    }

    async fn save_template(&self, user: User, template: app::domain::IncidentTemplate) -> Result<i64, ServerFnError> {
        self.store.create_template(&actor(&user), template).await.map_err(failed)
    }

    async fn delete_template(&self, user: User, id: i64) -> Result<(), ServerFnError> {
        self.store.delete_template(&actor(&user), id).await.map_err(failed)
    }

    async fn delete_incident(&self, user: User, incident_id: i64) -> Result<(), ServerFnError> {
        require_admin(&user)?;
        self.store.delete_incident(&actor(&user), incident_id).await.map_err(failed)
    }

    fn timezone(&self) -> chrono_tz::Tz {
        self.tz
    }

    async fn remember_failed_form(&self, failed: FailedForm) {
        if let Some(s) = session().await {
            let _ = s.insert(FAILED_FORM, failed).await;
        }
    }
}
