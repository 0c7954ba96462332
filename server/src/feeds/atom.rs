//! Atom (RFC 4287).

use super::{Feed, Format};
use crate::xml::escape;
use app::time::iso;

pub fn render(feed: &Feed) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n",
    );
    element(&mut out, "id", &feed.id);
    element(&mut out, "title", &feed.title);
    element(&mut out, "subtitle", &feed.description);
    element(&mut out, "updated", &iso(feed.updated));
    link(&mut out, "alternate", "text/html", &feed.home_url);
    link(&mut out, "self", "application/atom+xml", &feed.self_url(Format::Atom));
    out.push_str("<author>\n");
    element(&mut out, "name", &feed.author);
    element(&mut out, "uri", &feed.home_url);
    out.push_str("</author>\n");
    for entry in &feed.entries {
        out.push_str("<entry>\n");
        element(&mut out, "id", &entry.id);
        element(&mut out, "title", &entry.title);
        element(&mut out, "published", &iso(entry.published));
        element(&mut out, "updated", &iso(entry.updated));
        link(&mut out, "alternate", "text/html", &entry.url);
        out.push_str(&format!("<content type=\"html\">{}</content>\n", escape(&entry.content_html)));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}

fn link(out: &mut String, rel: &str, media_type: &str, href: &str) {
    out.push_str(&format!("<link rel=\"{rel}\" type=\"{media_type}\" href=\"{}\"/>\n", escape(href)));
}
