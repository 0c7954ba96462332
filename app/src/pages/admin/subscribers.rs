//! `/admin/subscribers` (admins): counts by kind, the list (a GET form searches and filters it,
//! with or without JavaScript), removing and enabling subscribers, adding one, and the CSV export
//! and import. One subscriber's page with its delivery log is in [`super::subscriber`].

use super::forms::{form_error, kept_error, on_success, prefill, refused, FailedForm, FormError};
use super::layout::Console;
use crate::domain::{Subscriber, SubscriberKind, SubscriberState, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A subscriber as the console lists it, its times in the page's zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriberRow {
    pub subscriber: Subscriber,
    /// "Active", "Unconfirmed", "Quarantined since …".
    pub state: String,
    /// The names of its components, or "Whole page".
    pub components: String,
    pub created: String,
}

/// How many subscribers of one kind stand where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindCounts {
    pub kind: SubscriberKind,
    pub active: i64,
    pub unconfirmed: i64,
    pub quarantined: i64,
}

/// What the last write has to tell, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SubscribersNotice {
    /// A webhook was added: its signing secret, this once.
    Secret {
        address: String,
        secret: String,
    },
    Done(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribersView {
    pub user: User,
    pub counts: Vec<KindCounts>,
    pub rows: Vec<SubscriberRow>,
    pub kind: Option<SubscriberKind>,
    pub search: String,
    /// The `before` of the next (older) page, when there is one.
    pub older: Option<i64>,
    /// An SMTP server is configured (unconfirmed email subscribers can be asked to confirm).
    pub email_enabled: bool,
    pub notice: Option<SubscribersNotice>,
    pub failed: Option<FailedForm>,
}

/// Subscribers per page.
pub const PAGE: i64 = 50;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::domain::DeliveryAttempt;

    /// What the subscriber pages need from the server. Callers have checked that the user is an admin.
    #[async_trait::async_trait]
    pub trait SubscribersBackend: Send + Sync + 'static {
        /// The list page (`user`, `notice` and `failed` left for the caller).
        async fn list(
            &self,
            user: User,
            kind: Option<SubscriberKind>,
            search: String,
            before: Option<i64>,
        ) -> Result<SubscribersView, AppError>;
        /// One subscriber with its latest delivery attempts, times formatted in the page's zone.
        async fn one(&self, id: i64) -> Result<Option<(SubscriberRow, Vec<(String, DeliveryAttempt)>)>, AppError>;
        async fn add(&self, by: &User, kind: SubscriberKind, address: String, confirmed: bool) -> Result<(), AppError>;
        async fn remove(&self, by: &User, id: i64) -> Result<(), AppError>;
        async fn enable(&self, by: &User, id: i64) -> Result<(), AppError>;
        /// Imports CSV rows and keeps what happened for the next page view.
        async fn import(&self, by: &User, csv: String) -> Result<(), AppError>;
        /// The notice kept by the last write, removed as it is read.
        async fn take_notice(&self) -> Option<SubscribersNotice>;
    }

    pub fn backend() -> Result<std::sync::Arc<dyn SubscribersBackend>, AppError> {
        super::super::forms::ssr::port::<dyn SubscribersBackend>()
    }
}

#[cfg(feature = "ssr")]
use {
    super::forms::ssr::{self as forms, admin},
    crate::domain::validate::checkbox,
    ssr::SubscribersBackend,
    std::sync::Arc,
};

#[server(prefix = "/admin/fn", endpoint = "subscribers_page")]
pub async fn get_subscribers_page(
    kind: Option<String>,
    search: Option<String>,
    before: Option<String>,
) -> Result<SubscribersView, AppError> {
    let user = admin().await?;
    let kind = match kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(forms::vocabulary("kind", k)?),
        None => None,
    };
    let before = match before.as_deref().filter(|b| !b.is_empty()) {
        Some(b) => Some(b.parse().map_err(|_| AppError::invalid("before", "not a page of this list"))?),
        None => None,
    };
    let backend = ssr::backend()?;
    let search = search.unwrap_or_default().trim().to_string();
    let view = backend.list(user, kind, search, before).await?;
    Ok(SubscribersView { notice: backend.take_notice().await, failed: forms::take_failed("subscriber").await, ..view })
}

#[server(prefix = "/admin/fn", endpoint = "add_subscriber")]
pub async fn add_subscriber(kind: String, address: String, confirmed: Option<String>) -> Result<Notice, AppError> {
    let values = vec![("kind", Some(kind.clone())), ("address", Some(address.clone()))];
    let to = "/admin/subscribers";
    forms::save_as_admin("subscriber_add", values, to, |user, b: Arc<dyn SubscribersBackend>| async move {
        b.add(&user, forms::vocabulary("kind", &kind)?, address, checkbox(confirmed.as_deref())).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "remove_subscriber")]
pub async fn remove_subscriber(id: i64, confirm: Option<String>) -> Result<Notice, AppError> {
    let to = "/admin/subscribers";
    forms::save_as_admin("subscriber_remove", vec![], to, |user, b: Arc<dyn SubscribersBackend>| async move {
        if !checkbox(confirm.as_deref()) {
            return Err(AppError::invalid("confirm", "tick the box to confirm that the subscriber should be removed"));
        }
        b.remove(&user, id).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "enable_subscriber")]
pub async fn enable_subscriber(id: i64, back: Option<String>) -> Result<Notice, AppError> {
    // Back to the subscriber's own page when enabled there, else to the list.
    let to = if back.as_deref() == Some("subscriber") {
        format!("/admin/subscribers/{id}")
    } else {
        "/admin/subscribers".into()
    };
    forms::save_as_admin("subscriber_enable", vec![], &to, |user, b: Arc<dyn SubscribersBackend>| async move {
        b.enable(&user, id).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "import_subscribers")]
pub async fn import_subscribers(csv: String) -> Result<Notice, AppError> {
    let values = vec![("csv", Some(csv.clone()))];
    let to = "/admin/subscribers";
    forms::save_as_admin("subscriber_import", values, to, |user, b: Arc<dyn SubscribersBackend>| async move {
        b.import(&user, csv).await
    })
    .await
}

#[component]
pub fn SubscribersPage() -> impl IntoView {
    let query = use_query_map();
    let changed = RwSignal::new(0u32);
    let data = Resource::new(
        move || {
            let q = query.read();
            (changed.get(), q.get("kind"), q.get("search"), q.get("before"))
        },
        |(_, kind, search, before)| get_subscribers_page(kind, search, before),
    );
    view! {
        <Title text="Subscribers · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Console user=v.user.clone()><Subscribers view=v changed/></Console> }.into_any(),
                    Err(e) => refused("Subscribers", e),
                }
            })}
        </Suspense>
    }
}

fn counts(counts: &[KindCounts]) -> impl IntoView {
    let rows = counts
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.kind.label()}</th>
                    <td data-label="Active">{c.active}</td>
                    <td data-label="Unconfirmed">{c.unconfirmed}</td>
                    <td data-label="Quarantined">{c.quarantined}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="subscriber-counts">
            <thead><tr><th>"Kind"</th><th>"Active"</th><th>"Unconfirmed"</th><th>"Quarantined"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn kind_options(chosen: Option<SubscriberKind>, any: bool) -> impl IntoView {
    let kinds = SubscriberKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=chosen == Some(*k)>{k.label()}</option> })
        .collect_view();
    view! {
        {any.then(|| view! { <option value="" selected=chosen.is_none()>"Any kind"</option> })}
        {kinds}
    }
}

#[component]
fn Subscribers(view: SubscribersView, changed: RwSignal<u32>) -> impl IntoView {
    let (add, remove, enable, import) = (
        ServerAction::<AddSubscriber>::new(),
        ServerAction::<RemoveSubscriber>::new(),
        ServerAction::<EnableSubscriber>::new(),
        ServerAction::<ImportSubscribers>::new(),
    );
    let (add_form, _, _, import_form) = (
        on_success(add, changed),
        on_success(remove, changed),
        on_success(enable, changed),
        on_success(import, changed),
    );
    let failed = &view.failed;
    let add_error = form_error(add, kept_error(failed, "subscriber_add"));
    let remove_error = form_error(remove, kept_error(failed, "subscriber_remove"));
    let enable_error = form_error(enable, kept_error(failed, "subscriber_enable"));
    let import_error = form_error(import, kept_error(failed, "subscriber_import"));
    let kept_kind = prefill(failed, "subscriber_add", "kind", "email").parse().ok();
    let (kept_address, kept_csv) =
        (prefill(failed, "subscriber_add", "address", ""), prefill(failed, "subscriber_import", "csv", ""));
    let filtered = view.kind.is_some() || !view.search.is_empty() || view.older.is_some();
    let wording = if filtered { "No subscriber matches this search." } else { "Nobody has subscribed yet." };
    let empty = view.rows.is_empty().then_some(wording);
    let rows = view.rows.into_iter().map(|r| row(r, remove, enable)).collect_view();
    let older = view.older.map(|before| {
        let mut href = format!("/admin/subscribers?before={before}");
        if let Some(k) = view.kind {
            href.push_str(&format!("&kind={k}"));
        }
        if !view.search.is_empty() {
            href.push_str(&format!("&search={}", crate::paths::encode(&view.search)));
        }
        view! { <p><a href=href>"Older subscribers →"</a></p> }
    });
    view! {
        <h1>"Subscribers"</h1>
        {view.notice.map(|n| match n {
            SubscribersNotice::Secret { address, secret } => view! {
                <section class="notice" role="status" id="new-secret">
                    <p><strong>{format!("Webhook {address} added.")}</strong>" Copy its signing secret now: it is shown only this once."</p>
                    <p><input class="secret" readonly value=secret aria-label="The webhook's signing secret"/></p>
                </section>
            }.into_any(),
            SubscribersNotice::Done(text) => view! { <p class="notice" role="status" id="notice">{text}</p> }.into_any(),
        })}
        <section class="section">{counts(&view.counts)}</section>
        <section class="section">
            <h2>"List"</h2>
            <form method="get" action="/admin/subscribers" class="form filters">
                <div>
                    <label for="search">"Address contains"</label>
                    <input id="search" name="search" type="search" value=view.search.clone()/>
                </div>
                <div>
                    <label for="kind">"Kind"</label>
                    <select id="kind" name="kind">{kind_options(view.kind, true)}</select>
                </div>
                <div class="filters__buttons">
                    <button type="submit" class="button">"Search"</button>
                    <a href="/admin/subscribers.csv" class="button button--quiet" rel="external" download="subscribers.csv">"Export CSV"</a>
                </div>
            </form>
            <FormError error=remove_error/>
            <FormError error=enable_error/>
            <table class="subscribers">
                <thead><tr><th>"Address"</th><th>"Kind"</th><th>"Components"</th><th>"State"</th><th>"Created"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {empty.map(|text| view! { <p class="hint empty">{text}</p> })}
            {older}
        </section>
        <section class="section">
            <h2>"Add subscriber"</h2>
            <ActionForm action=add node_ref=add_form attr:class="form narrow">
                <FormError error=add_error/>
                <label for="sub-kind">"Kind"</label>
                <select id="sub-kind" name="kind">{kind_options(kept_kind.or(Some(SubscriberKind::Email)), false)}</select>
                <label for="sub-address">"Email address or URL"</label>
                <input id="sub-address" name="address" required value=kept_address/>
                <label class="check">
                    <input type="checkbox" name="confirmed" value="on"/>
                    " Confirmed already (email): no confirmation mail is sent"
                </label>
                {(!view.email_enabled).then(|| view! { <p class="hint">"This server sends no email: email addresses can only be added as confirmed."</p> })}
                <button type="submit" class="button">"Add subscriber"</button>
            </ActionForm>
        </section>
        <section class="section">
            <h2>"Import CSV"</h2>
            <ActionForm action=import node_ref=import_form attr:class="form">
                <FormError error=import_error/>
                <label for="csv">"Rows"</label>
                <textarea id="csv" name="csv" rows="6" required placeholder="ada@example.com\nbob@example.com,3;5">{kept_csv}</textarea>
                <p class="hint">"One subscriber a row: " <code>"email[,components]"</code> ", " <code>"kind,address[,components]"</code>
                    " or the export's own columns with its header. Components are ids separated by " <code>";"</code>
                    "; none is the whole page. Imported email addresses are added as confirmed (you vouch for them) and get no confirmation mail. Webhooks are added one at a time, to see their secret."</p>
                <button type="submit" class="button">"Import"</button>
            </ActionForm>
        </section>
    }
}

fn row(
    r: SubscriberRow,
    remove: ServerAction<RemoveSubscriber>,
    enable: ServerAction<EnableSubscriber>,
) -> impl IntoView {
    let s = r.subscriber;
    let (id, enable_id) = (s.id.to_string(), s.id.to_string());
    let quarantined = s.state() == SubscriberState::Quarantined;
    view! {
        <tr id=format!("subscriber-{}", s.id)>
            <td data-label="Address"><a href=format!("/admin/subscribers/{}", s.id)>{s.target.clone()}</a></td>
            <td data-label="Kind">{s.kind.label()}</td>
            <td data-label="Components">{r.components}</td>
            <td data-label="State">{r.state}</td>
            <td data-label="Created">{r.created}</td>
            <td data-label="">
                {quarantined.then(move || view! {
                    <ActionForm action=enable attr:class="inline">
                        <input type="hidden" name="id" value=enable_id/>
                        <button type="submit" class="button button--quiet">"Enable again"</button>
                    </ActionForm>
                })}
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <label class="check"><input type="checkbox" name="confirm" value="on" required/>" Sure"</label>
                    <button type="submit" class="button button--quiet button--quiet-danger">"Remove"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
