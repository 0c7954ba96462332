//! JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).

use super::{Feed, Format};
use app::time::iso;
use serde_json::json;

pub fn render(feed: &Feed) -> String {
    let items: Vec<_> = feed
        .entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "content_html": e.content_html,
                "date_published": iso(e.published),
                "date_modified": iso(e.updated),
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.self_url(Format::Json),
        "description": feed.description,
        "language": "en",
        "authors": [{ "name": feed.author, "url": feed.home_url }],
        "items": items,
    })
    .to_string()
}
