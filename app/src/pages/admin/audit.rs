//! `/admin/audit` (admins): who changed what, newest first, a page at a time. The filters are a
//! plain GET form, so they work without JavaScript and every view has its own address.

use super::accounts::{get_audit_page, AuditItem, AuditQuery, AuditView};
use super::forms::refused;
use super::layout::Console;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The address of the audit page for `query`.
fn href(query: &AuditQuery) -> String {
    let pairs = [
        ("actor", &query.actor),
        ("action", &query.action),
        ("entity_type", &query.entity_type),
        ("before", &query.before),
    ];
    let params: Vec<String> =
        pairs.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", crate::paths::encode(v)))).collect();
    if params.is_empty() {
        "/admin/audit".to_string()
    } else {
        format!("/admin/audit?{}", params.join("&"))
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k);
            (get("actor"), get("action"), get("entity_type"), get("before"))
        },
        |(actor, action, entity_type, before)| get_audit_page(actor, action, entity_type, before),
    );
    view! {
        <Title text="Audit log · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <Console user=v.user.clone()>
                            <Audit view=v/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("Audit log", e),
                }
            })}
        </Suspense>
    }
}

/// A filter's select: "any", then every offered value, the chosen one selected.
fn filter(name: &'static str, label: &'static str, values: &[String], chosen: &Option<String>) -> impl IntoView {
    let options = values
        .iter()
        .map(|v| view! { <option value=v.clone() selected=chosen.as_ref() == Some(v)>{v.clone()}</option> })
        .collect_view();
    view! {
        <div>
            <label for=format!("filter-{name}")>{label}</label>
            <select id=format!("filter-{name}") name=name>
                <option value="" selected=chosen.is_none()>"Any"</option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn Audit(view: AuditView) -> impl IntoView {
    let q = view.query.clone();
    let filtered = q.actor.is_some() || q.action.is_some() || q.entity_type.is_some();
    let newest = AuditQuery { before: None, ..q.clone() };
    let older = view.next.clone().map(|next| AuditQuery { before: Some(next), ..q.clone() });
    let rows = if view.entries.is_empty() {
        view! { <p class="hint">{if filtered { "No entries match these filters." } else { "Nothing recorded yet." }}</p> }
            .into_any()
    } else {
        let rows = view.entries.iter().map(entry).collect_view();
        view! {
            <table class="audit">
                <thead>
                    <tr><th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Entity"</th><th scope="col">"Change"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <h1>"Audit log"</h1>
        <form method="get" action="/admin/audit" class="form filters">
            {filter("actor", "Who", &view.actors, &q.actor)}
            {filter("action", "What", &view.actions, &q.action)}
            {filter("entity_type", "Entity", &view.entity_types, &q.entity_type)}
            <div class="filters__buttons">
                <button type="submit" class="button">"Filter"</button>
                {filtered.then(|| view! { <a class="button button--quiet" href="/admin/audit">"Clear"</a> })}
            </div>
        </form>
        {rows}
        <nav class="pager" aria-label="Audit log pages">
            <span>{q.before.is_some().then(|| view! { <a href=href(&newest)>"← Newest"</a> })}</span>
            <span>{older.map(|o| view! { <a href=href(&o) rel="next">"Older →"</a> })}</span>
        </nav>
    }
}

/// One row; its view is type-erased (`AnyView`) to keep the page's view type shallow.
fn entry(e: &AuditItem) -> AnyView {
    let entity = match &e.entity_id {
        Some(id) => format!("{} {id}", e.entity_type),
        None => e.entity_type.clone(),
    };
    // The summary names the only one; with both, each is labelled.
    let both = e.before.is_some() && e.after.is_some();
    let json = |label: &'static str, value: &Option<String>| {
        value.clone().map(|v| {
            view! {
                <div class="audit__json">
                    {both.then(|| view! { <p class="preview__label">{label}</p> })}
                    <pre>{v}</pre>
                </div>
            }
            .into_any()
        })
    };
    let change = (e.before.is_some() || e.after.is_some()).then(|| {
        view! {
            <details>
                <summary>{if e.before.is_some() && e.after.is_some() { "Before and after" } else if e.before.is_some() { "Before" } else { "After" }}</summary>
                {json("Before", &e.before)}
                {json("After", &e.after)}
            </details>
        }
        .into_any()
    });
    view! {
        <tr id=format!("audit-{}", e.id)>
            <td data-label="When"><time datetime=e.at.to_rfc3339()>{e.shown.clone()}</time></td>
            <td data-label="Who" class="audit__actor">{e.actor.clone()}</td>
            <td data-label="What"><code>{e.action.clone()}</code></td>
            <td data-label="Entity">{entity}</td>
            <td data-label="Change">{change}</td>
        </tr>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_the_filters_and_encode_them() {
        let q =
            AuditQuery { actor: Some("ada+ops@example.com".into()), before: Some("17_3".into()), ..Default::default() };
        assert_eq!(href(&q), "/admin/audit?actor=ada%2Bops%40example.com&before=17_3");
        assert_eq!(href(&AuditQuery::default()), "/admin/audit");
    }
}
