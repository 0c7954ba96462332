//! Status badges for READMEs and dashboards: `/badge.svg` (the overall status),
//! `/components/{id}/badge.svg` and a group's `/components/g{id}/badge.svg` (the worst of its
//! listed members, as the page shows the group), in the flat shields.io look — the status in words
//! and colour.

use super::language::Speaking;
use crate::cache::Policy;
use crate::error::{self, AppError};
use crate::state::AppState;
use crate::xml::escape;
use app::domain::{board, BoardRow, ComponentStatus, Overall};
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

/// Badges are embedded in other sites and proxied by image caches: let them keep one a minute.
static BADGE: Policy = Policy {
    content_type: "image/svg+xml",
    cache_control: "public, max-age=60, stale-while-revalidate=60, stale-if-error=86400",
    cors: true,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/badge.svg", get(overall)).route("/components/{id}/badge.svg", get(component))
}

async fn overall(Speaking(state): Speaking, headers: HeaderMap) -> Response {
    answer(&state, &headers, "/badge.svg", |state| async move {
        let components = state.store.list_components().await?;
        let open = state.store.open_incidents().await?;
        let (overall, lang) = (Overall::of(&components, &open), state.site().lang);
        Ok(svg(&lang.t("badge-status"), &lang.overall(overall), colour(overall.css())))
    })
    .await
}

async fn component(Speaking(state): Speaking, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(group) = id.strip_prefix('g').and_then(|g| g.parse::<i64>().ok()) {
        return group_badge(state, group, headers).await;
    }
    let Ok(id) = id.parse::<i64>() else {
        return error::page(&state.site(), &AppError::not_found("component"));
    };
    answer(&state, &headers, format!("/components/{id}/badge.svg"), move |state| async move {
        let c = state.store.get_component(id).await?.filter(|c| c.visible).ok_or(AppError::not_found("component"))?;
        Ok(svg(&c.name, &state.site().lang.component_status(c.status), status_colour(c.status)))
    })
    .await
}

/// A group's badge: its name and the status the page shows for it.
async fn group_badge(state: AppState, id: i64, headers: HeaderMap) -> Response {
    answer(&state, &headers, format!("/components/g{id}/badge.svg"), move |state| async move {
        let groups = state.store.list_groups().await?;
        let components = state.store.list_components().await?;
        let row = board(&groups, &components).into_iter().find_map(|row| match row {
            BoardRow::Group { group, status, .. } if group.id == id => Some((group.name, status)),
            _ => None,
        });
        let (name, status) = row.ok_or(AppError::not_found("group"))?;
        Ok(svg(&name, &state.site().lang.component_status(status), status_colour(status)))
    })
    .await
}

/// A badge from the cache, drawn by `draw` when needed.
async fn answer<F, Fut>(state: &AppState, headers: &HeaderMap, key: impl Into<crate::cache::Key>, draw: F) -> Response
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>> + Send + 'static,
{
    super::cached(state, headers, key, &BADGE, draw).await
}

fn status_colour(status: ComponentStatus) -> &'static str {
    colour(status.css())
}

/// The page's palette (by its CSS modifier) in badge colours.
fn colour(css: &str) -> &'static str {
    match css {
        "ok" => "#2e8540",
        "maint" => "#0b6fb8",
        "minor" => "#b8860b",
        "major" => "#d9531e",
        _ => "#c62828",
    }
}

/// A two-part badge: `label` on grey, `message` on `colour`.
fn svg(label: &str, message: &str, colour: &str) -> String {
    let (lw, mw) = (text_width(label) + 12, text_width(message) + 12);
    let width = lw + mw;
    let (label, message) = (escape(label), escape(message));
    let text = |x: u32, content: &str, w: u32| {
        format!(
            "<text x=\"{x}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" textLength=\"{w}\">{content}</text>\
             <text x=\"{x}\" y=\"14\" textLength=\"{w}\">{content}</text>"
        )
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"20\" role=\"img\" aria-label=\"{label}: {message}\">\
         <title>{label}: {message}</title>\
         <linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
         <clipPath id=\"r\"><rect width=\"{width}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
         <g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{colour}\"/>\
         <rect width=\"{width}\" height=\"20\" fill=\"url(#s)\"/></g>\
         <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">{}{}</g></svg>",
        text(lw / 2, &label, lw - 12),
        text(lw + mw / 2, &message, mw - 12),
    )
}

/// About how wide `s` is in 11px Verdana; `textLength` makes the text fit exactly.
fn text_width(s: &str) -> u32 {
    let tenths: u32 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 35,
            ' ' | 'f' | 'r' | 't' | '(' | ')' | '-' => 45,
            'm' | 'w' | 'M' | 'W' => 105,
            'A'..='Z' => 78,
            _ => 68,
        })
        .sum();
    tenths.div_ceil(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_widths_grow_with_the_text() {
        let badge = svg("A&B <x>", "Operational", "#2e8540");
        assert!(badge.contains("A&amp;B &lt;x&gt;: Operational"), "{badge}");
        assert!(!badge.contains("<x>"));
        assert!(text_width("Major Outage") > text_width("Ok"));
    }
}
