//! `/admin/subscribers/:id` (admins): one subscriber and its delivery log, times in the page's
//! zone; enable it again when quarantined, or remove it.

use super::forms::{form_error, kept_error, refused, FormError};
use super::layout::Console;
use super::subscribers::{EnableSubscriber, RemoveSubscriber, SubscriberRow};
use crate::domain::{DeliveryAttempt, SubscriberState, User};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// Delivery attempts the page shows.
pub const LOGGED: i64 = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriberView {
    pub user: User,
    pub row: SubscriberRow,
    /// Newest first, each with its time in the page's zone.
    pub log: Vec<(String, DeliveryAttempt)>,
    pub failed: Option<super::forms::FailedForm>,
}

#[server(prefix = "/admin/fn", endpoint = "subscriber_page")]
pub async fn get_subscriber_page(id: String) -> Result<SubscriberView, AppError> {
    use super::forms::ssr as forms;
    let user = forms::admin().await?;
    let id: i64 = id.parse().map_err(|_| AppError::not_found("subscriber"))?;
    let found = super::subscribers::ssr::backend()?.one(id).await?;
    let (row, log) = found.ok_or_else(|| AppError::not_found("subscriber"))?;
    Ok(SubscriberView { user, row, log, failed: forms::take_failed("subscriber").await })
}

#[component]
pub fn SubscriberPage() -> impl IntoView {
    let params = use_params_map();
    let enable = ServerAction::<EnableSubscriber>::new();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), enable.version().get()),
        |(id, _)| get_subscriber_page(id),
    );
    view! {
        <Title text="Subscriber · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Console user=v.user.clone()><Subscriber view=v enable/></Console> }.into_any(),
                    Err(e) => refused("Subscriber", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Subscriber(view: SubscriberView, enable: ServerAction<EnableSubscriber>) -> impl IntoView {
    let remove = ServerAction::<RemoveSubscriber>::new();
    let enable_error = form_error(enable, kept_error(&view.failed, "subscriber_enable"));
    let remove_error = form_error(remove, kept_error(&view.failed, "subscriber_remove"));
    let (row, s) = (view.row.clone(), view.row.subscriber);
    let (id, enable_id) = (s.id.to_string(), s.id.to_string());
    let quarantined = s.state() == SubscriberState::Quarantined;
    let empty = view.log.is_empty();
    let log = view
        .log
        .into_iter()
        .map(|(time, a)| {
            let result = if a.ok { "Delivered".to_string() } else { format!("Failed ({})", a.state.label()) };
            view! {
                <tr>
                    <td data-label="Time">{time}</td>
                    <td data-label="Event">{a.event.label()}</td>
                    <td data-label="Subject">{a.subject.unwrap_or_default()}</td>
                    <td data-label="Attempt">{a.attempt}</td>
                    <td data-label="Result">{result}</td>
                    <td data-label="Code">{a.code.map(|c| c.to_string()).unwrap_or_default()}</td>
                    <td data-label="Detail">{a.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="crumb"><a href="/admin/subscribers">"← Subscribers"</a></p>
        <h1>{s.target.clone()}</h1>
        <dl class="facts">
            <dt>"Kind"</dt><dd>{s.kind.label()}</dd>
            <dt>"Components"</dt><dd>{row.components}</dd>
            <dt>"State"</dt><dd id="state">{row.state}</dd>
            <dt>"Created"</dt><dd>{row.created}</dd>
        </dl>
        <FormError error=enable_error/>
        <FormError error=remove_error/>
        {quarantined.then(move || view! {
            <ActionForm action=enable attr:class="inline">
                <input type="hidden" name="id" value=enable_id/>
                <input type="hidden" name="back" value="subscriber"/>
                <button type="submit" class="button">"Enable again"</button>
            </ActionForm>
        })}
        <ActionForm action=remove attr:class="inline">
            <input type="hidden" name="id" value=id/>
            <label class="check"><input type="checkbox" name="confirm" value="on" required/>" Sure"</label>
            <button type="submit" class="button button--quiet button--quiet-danger">"Remove"</button>
        </ActionForm>
        <section class="section">
            <h2>"Delivery log"</h2>
            {if empty {
                view! { <p class="hint empty">"Nothing has been delivered to this subscriber yet."</p> }.into_any()
            } else {
                view! {
                    <table class="delivery-log">
                        <thead><tr><th>"Time"</th><th>"Event"</th><th>"Subject"</th><th>"Attempt"</th><th>"Result"</th><th>"Code"</th><th>"Detail"</th></tr></thead>
                        <tbody>{log}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
