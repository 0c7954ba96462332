//! RSS 2.0, with an `atom:link` to itself as feed validators ask.

use super::{Feed, Format};
use crate::xml::escape;

pub fn render(feed: &Feed) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n",
    );
    element(&mut out, "title", &feed.title);
    element(&mut out, "link", &feed.home_url);
    element(&mut out, "description", &feed.description);
    element(&mut out, "language", "en");
    element(&mut out, "lastBuildDate", &feed.updated.to_rfc2822());
    out.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(&feed.self_url(Format::Rss))
    ));
    for entry in &feed.entries {
        out.push_str("<item>\n");
        element(&mut out, "title", &entry.title);
        element(&mut out, "link", &entry.url);
        out.push_str(&format!("<guid isPermaLink=\"false\">{}</guid>\n", escape(&entry.id)));
        // RSS has one date; it is the last change, the order the feed is in.
        element(&mut out, "pubDate", &entry.updated.to_rfc2822());
        element(&mut out, "description", &entry.content_html);
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}
