//! `/admin/tokens` (admins): tokens for the write API. A new token's secret is shown once, on
//! the page the creation returns to; only its hash is kept. Works with and without JavaScript.

use super::clock::Clock;
use super::forms::{form_error, kept_error, on_success, prefill, refused, FailedForm, FormError};
use super::layout::Console;
use crate::domain::validate::NAME_MAX;
use crate::domain::{ApiToken, Role, TokenState, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A token just created: its secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSecret {
    pub name: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokensView {
    pub user: User,
    pub tokens: Vec<ApiToken>,
    pub created: Option<NewSecret>,
    pub failed: Option<FailedForm>,
    pub now: DateTime<Utc>,
    /// The tokens' times in the page's zone.
    pub clock: Clock,
}

/// The lifetimes the form offers, in days; 0 is "never expires".
const LIFETIMES: &[(u32, &str)] = &[(0, "Never"), (7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year")];

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use std::sync::Arc;

    /// What the tokens page needs from the server. Callers have checked that the user is an admin.
    #[async_trait::async_trait]
    pub trait TokensBackend: Send + Sync + 'static {
        async fn tokens(&self) -> Result<Vec<ApiToken>, AppError>;
        /// Creates the token and keeps its secret for the next page view only.
        async fn create(&self, by: &User, name: String, role: Role, days: u32) -> Result<(), AppError>;
        async fn revoke(&self, by: &User, id: i64) -> Result<(), AppError>;
        /// The secret kept by `create`, removed as it is read.
        async fn take_created(&self) -> Option<NewSecret>;
    }

    pub fn tokens() -> Result<Arc<dyn TokensBackend>, AppError> {
        super::super::forms::ssr::port::<dyn TokensBackend>()
    }
}

#[cfg(feature = "ssr")]
use {
    super::forms::ssr::{self as forms, admin},
    ssr::TokensBackend,
    std::sync::Arc,
};

#[server(prefix = "/admin/fn", endpoint = "tokens_page")]
pub async fn get_tokens_page() -> Result<TokensView, AppError> {
    let user = admin().await?;
    let backend = ssr::tokens()?;
    let tokens = backend.tokens().await?;
    let times = tokens.iter().flat_map(|t| {
        let revoked = match t.state(Utc::now()) {
            TokenState::Revoked(at) => Some(at),
            _ => None,
        };
        [Some(t.created_at), t.expires_at, t.last_used_at, revoked].into_iter().flatten()
    });
    Ok(TokensView {
        user,
        clock: Clock::of(times.collect::<Vec<_>>()),
        tokens,
        created: backend.take_created().await,
        failed: forms::take_failed("token").await,
        now: Utc::now(),
    })
}

#[server(prefix = "/admin/fn", endpoint = "create_token")]
pub async fn create_token(name: String, role: String, expires_in_days: Option<String>) -> Result<Notice, AppError> {
    let values = vec![("name", Some(name.clone())), ("role", Some(role.clone()))];
    forms::save_as_admin("token_create", values, "/admin/tokens", |user, tokens: Arc<dyn TokensBackend>| async move {
        let days = match expires_in_days.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => 0,
            Some(d) => match d.parse::<u32>() {
                Ok(days) if days <= 3650 => days,
                _ => return Err(AppError::invalid("expires_in_days", "choose a lifetime from the list")),
            },
        };
        tokens.create(&user, name, forms::vocabulary("role", &role)?, days).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "revoke_token")]
pub async fn revoke_token(id: i64) -> Result<Notice, AppError> {
    forms::save_as_admin("token_revoke", vec![], "/admin/tokens", |user, tokens: Arc<dyn TokensBackend>| async move {
        tokens.revoke(&user, id).await
    })
    .await
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), |_| get_tokens_page());
    view! {
        <Title text="API tokens · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <Console user=v.user.clone()>
                            <Tokens view=v changed/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("API tokens", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Tokens(view: TokensView, changed: RwSignal<u32>) -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let (form, _) = (on_success(create, changed), on_success(revoke, changed));
    let create_error = form_error(create, kept_error(&view.failed, "token_create"));
    let revoke_error = form_error(revoke, kept_error(&view.failed, "token_revoke"));
    let kept_name = prefill(&view.failed, "token_create", "name", "");
    let now = view.now;
    let clock = view.clock.clone();
    let date = |t: DateTime<Utc>| clock.show(t);
    let none = view.tokens.is_empty();
    let rows = view
        .tokens
        .into_iter()
        .map(|t| {
            let state = match t.state(now) {
                TokenState::Revoked(at) => format!("Revoked {}", date(at)),
                TokenState::Expired => "Expired".to_string(),
                TokenState::Suspended => "Suspended: its creator's account is disabled".to_string(),
                TokenState::Active => "Active".to_string(),
            };
            let role = match t.acts_as() {
                Some(acts) if acts != t.role => format!("{} (acts as {}: its creator's role)", t.role.label(), acts.label()),
                _ => t.role.label().to_string(),
            };
            let usable = t.revocable(now);
            let id = t.id.to_string();
            view! {
                <tr id=format!("token-{}", t.id)>
                    <td data-label="Name"><span><strong>{t.name.clone()}</strong><br/><code class="hint">{format!("{}…", t.prefix)}</code></span></td>
                    <td data-label="Role">{role}</td>
                    <td data-label="State">{state}</td>
                    <td data-label="Created"><span>{date(t.created_at)}<br/><span class="hint">{t.created_by.clone().unwrap_or_else(|| "command line".into())}</span></span></td>
                    <td data-label="Expires">{t.expires_at.map_or("Never".to_string(), &date)}</td>
                    <td data-label="Last used">{t.last_used_at.map_or("Never".to_string(), &date)}</td>
                    <td data-label="">
                        {usable.then(|| view! {
                            <ActionForm action=revoke attr:class="inline">
                                <input type="hidden" name="id" value=id.clone()/>
                                <button type="submit" class="button button--quiet button--quiet-danger">"Revoke"</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let lifetimes = LIFETIMES
        .iter()
        .map(|(days, label)| view! { <option value=days.to_string() selected=*days == 90>{*label}</option> })
        .collect_view();
    let roles = Role::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=*r == Role::Editor>{r.label()}</option> })
        .collect_view();
    view! {
        <h1>"API tokens"</h1>
        <p class="hint">"Scripts and alerting use a token to open and update incidents through the write API ("
            <a href="/api/v1/openapi.json">"its OpenAPI description"</a>"): send "<code>"Authorization: Bearer <token>"</code>"."</p>
        {view.created.map(|c| view! {
            <section class="notice" role="status" id="new-token">
                <p><strong>{format!("Token “{}” created.", c.name)}</strong>" Copy it now: it is shown only this once."</p>
                <p><input class="secret" readonly value=c.secret aria-label="The new token"/></p>
            </section>
        })}
        <section class="section">
            <h2>"Tokens"</h2>
            <FormError error=revoke_error/>
            {if none {
                view! { <p class="hint">"No tokens yet: create one below."</p> }.into_any()
            } else {
                view! {
                    <table class="tokens">
                        <thead><tr><th>"Name"</th><th>"Role"</th><th>"State"</th><th>"Created"</th><th>"Expires"</th><th>"Last used"</th><th><span class="visually-hidden">"Revoke"</span></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="section">
            <h2>"New token"</h2>
            <ActionForm action=create node_ref=form attr:class="form narrow">
                <FormError error=create_error/>
                <label for="token-name">"Name"</label>
                <input id="token-name" name="name" required maxlength=NAME_MAX.to_string() value=kept_name placeholder="alertmanager"/>
                <p class="hint">"What uses it; the audit log shows its changes as “token NAME”."</p>
                <label for="token-role">"Role"</label>
                <select id="token-role" name="role">{roles}</select>
                <p class="hint">"Editors open and update incidents, postmortems and maintenance and set component statuses; admins may also change and delete components, groups and incidents."</p>
                <label for="token-expiry">"Expires after"</label>
                <select id="token-expiry" name="expires_in_days">{lifetimes}</select>
                <button type="submit" class="button" disabled=move || create.pending().get()>"Create token"</button>
            </ActionForm>
        </section>
    }
}
