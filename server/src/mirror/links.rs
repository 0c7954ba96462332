//! The addresses a page of ours links to: the `href` and `src` attributes of the HTML Beacon
//! renders (always in double quotes, their values escaped) and the `<loc>`s of its sitemap, kept
//! when they stay on this site and lead to something a visitor reads.

/// Addresses never mirrored: the console, the live stream, the write API and the checks, which
/// need Beacon itself.
const NOT_MIRRORED: &[&str] = &["/admin", "/events", "/api/v1", "/health", "/metrics"];

/// The attribute values of `href="…"` and `src="…"` in `html`, unescaped.
pub fn attribute_links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            found.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    found
}

/// The `<loc>` values of a sitemap or sitemap index (Beacon's own, one per element), unescaped.
pub fn sitemap_locations(xml: &str) -> Vec<String> {
    xml.split("<loc>").skip(1).filter_map(|rest| rest.split_once("</loc>")).map(|(loc, _)| unescape(loc)).collect()
}

/// The records an API v2 list names (`incidents`, `scheduled_maintenances`), as the addresses of
/// their own JSON: what a Statuspage client fetches next.
pub fn api_references(json: &[u8]) -> Vec<String> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else { return Vec::new() };
    ["incidents", "scheduled_maintenances"]
        .iter()
        .filter_map(|list| value.get(list)?.as_array())
        .flatten()
        .filter_map(|record| record.get("id")?.as_str())
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|id| format!("/api/v2/incidents/{id}.json"))
        .collect()
}

fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The path of `link` on this site (`origin` is the public URL, no trailing slash), without its
/// query (asset versions) and fragment; `None` for other sites, other schemes and what is not
/// mirrored.
pub fn local_path(link: &str, origin: &str) -> Option<String> {
    let path = match link.strip_prefix(origin) {
        Some(rest) if rest.starts_with('/') => rest,
        Some(_) => return None,
        None if link.starts_with('/') && !link.starts_with("//") => link,
        None => return None,
    };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let excluded = NOT_MIRRORED.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|r| r.starts_with('/')));
    (!path.is_empty() && !excluded).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_list_names_its_records_files() {
        let json = br#"{"page":{"id":"x"},"incidents":[{"id":"12"},{"id":"7"}],"scheduled_maintenances":[{"id":"m3"},{"id":"../x"}]}"#;
        assert_eq!(
            api_references(json),
            ["/api/v2/incidents/12.json", "/api/v2/incidents/7.json", "/api/v2/incidents/m3.json"]
        );
        assert!(api_references(b"not json").is_empty());
        assert!(api_references(br#"{"status":{"indicator":"none"}}"#).is_empty());
    }

    #[test]
    fn a_sitemap_gives_its_locations() {
        let xml =
            "<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>https://s.example/sitemaps/pages.xml</loc></sitemap>\n\
                   <sitemap><loc>https://s.example/a?x=1&amp;y=2</loc></sitemap></sitemapindex>";
        assert_eq!(sitemap_locations(xml), ["https://s.example/sitemaps/pages.xml", "https://s.example/a?x=1&y=2"]);
    }

    #[test]
    fn links_on_this_site_are_followed_and_others_not() {
        let html = r#"<link rel="stylesheet" href="/pkg/beacon.css?v=1a2b"/><script src="/live.js?v=9" defer></script>
            <a href="/incidents/4#update-2">x</a><a href="https://status.example.com/components/1/history.rss">rss</a>
            <a href="https://elsewhere.example/">e</a><a href="webcal://status.example.com/maintenance.ics">w</a>
            <a href="/admin">console</a><a href="/admin/incidents/4">c</a><a href="/administrivia">a</a>
            <a href="//cdn.example/x">cdn</a><a href="/history/after/5.4?x=1&amp;y=2">older</a>
            <p>a literal href=&quot;/secret&quot; in text</p>"#;
        let origin = "https://status.example.com";
        let mut paths: Vec<String> = attribute_links(html).iter().filter_map(|l| local_path(l, origin)).collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                "/administrivia",
                "/components/1/history.rss",
                "/history/after/5.4",
                "/incidents/4",
                "/live.js",
                "/pkg/beacon.css"
            ]
        );
    }
}
