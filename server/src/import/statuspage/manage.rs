//! A page read through Statuspage's manage API (https://developer.statuspage.io): the page, its
//! components and groups, and every incident and maintenance, page by page (the public API shows
//! only the last 50 incidents). Authenticated with `Authorization: OAuth KEY`.

use super::convert::{At, Collected};
use super::wire;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Rows asked for per request (the API's maximum).
const PER_PAGE: usize = 100;
/// A bound on the requests for one list, whatever the server answers.
const MAX_PAGES: usize = 1_000;

pub struct Client {
    http: reqwest::Client,
    base: String,
    key: String,
    page_id: String,
}

impl Client {
    pub fn new(base: &str, key: &str, page_id: &str) -> Result<Client, String> {
        let base = base.trim_end_matches('/');
        let base = base.strip_suffix("/v1").unwrap_or(base).to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("--url {base}: not an http(s) address (e.g. https://api.statuspage.io)"));
        }
        if page_id.is_empty() || !page_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("--page-id {page_id}: a Statuspage page id has only letters and digits"));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        Ok(Client { http, base, key: key.to_string(), page_id: page_id.to_string() })
    }

    /// One GET; `label` names it in errors (`GET /v1/pages/ID/incidents?page=2`).
    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<(String, T), String> {
        let label = format!("GET {path}");
        let url = format!("{}{path}", self.base);
        let answer = self
            .http
            .get(&url)
            .header("Authorization", format!("OAuth {}", self.key))
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| format!("{label}: {}", without_url(&e)))?;
        let status = answer.status();
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            return Err(format!("{label}: HTTP {status}: check --api-key and --page-id"));
        }
        if !status.is_success() {
            return Err(format!("{label}: HTTP {status}"));
        }
        let text = answer.text().await.map_err(|e| format!("{label}: {}", without_url(&e)))?;
        let value = wire::parse(&text).map_err(|e| format!("{label}: {e}"))?;
        Ok((label, value))
    }

    /// Every row of a paginated list, each with where it was read.
    async fn all<T: DeserializeOwned>(&self, what: &str) -> Result<Vec<(At, T)>, String> {
        let mut rows = Vec::new();
        let mut previous: Vec<serde_json::Value> = Vec::new();
        for page in 1..=MAX_PAGES {
            let path = format!("/v1/pages/{}/{what}?page={page}&per_page={PER_PAGE}", self.page_id);
            let (label, list): (String, Vec<serde_json::Value>) = self.get(&path).await?;
            // Stop at an empty page (a short one may just be the server's own cap), or at one
            // that repeats the last: a server that ignores `page` must not keep us asking.
            if list.is_empty() || list == previous {
                break;
            }
            for (n, row) in list.iter().enumerate() {
                let at = format!("[{n}]");
                let value = wire::from_value(row.clone(), &at).map_err(|e| format!("{label}: {e}"))?;
                rows.push((At::new(&label, at), value));
            }
            previous = list;
        }
        Ok(rows)
    }

    pub async fn collect(&self) -> Result<Collected, String> {
        let (_, page): (String, wire::Page) = self.get(&format!("/v1/pages/{}", self.page_id)).await?;
        let groups = self.all::<wire::Group>("component-groups").await?;
        let components = self.all::<wire::Component>("components").await?;
        let mut incidents = self.all::<wire::Incident>("incidents").await?;
        // A row seen twice (the list moved while it was read) counts once: the newest copy.
        let mut seen = std::collections::HashSet::new();
        incidents.reverse();
        incidents.retain(|(_, i)| seen.insert(i.id.clone()));
        incidents.reverse();
        let source = format!("{}/v1/pages/{}", self.base, self.page_id);
        Ok(Collected { source, page, groups, components, incidents })
    }
}

/// reqwest's message with its cause (a refused connection, a timeout), on one line.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text = format!("{text}: {c}");
        cause = c.source();
    }
    text.replace('\n', " ")
}
