//! What the fuzz targets check HTML against: HTML made from staff's Markdown holds only the
//! elements and attributes Markdown makes, and no link or image that runs code when followed.

use scraper::node::Node;
use scraper::Html;
use url::Url;

/// Every element `app::markdown::render` may emit (CommonMark, tables, strikethrough, task lists),
/// with the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("blockquote", &[]),
    ("pre", &[]),
    ("code", &["class"]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("hr", &[]),
    ("br", &[]),
    ("a", &["href", "title", "rel"]),
    ("img", &["src", "alt", "title"]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["style"]),
    ("td", &["style"]),
    ("input", &["type", "checked", "disabled"]),
    // The feeds' own frame around each step.
    ("small", &[]),
];

/// Schemes a link or image may use; anything else could run code (`javascript:`, `vbscript:`,
/// `data:` documents) or leave the web.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Why `html` could run something, if it could: parsed as a browser parses it inside a page's
/// `<body>` (a whole page, not a fragment, so that a stray `<body onload=…>` reaches the body).
pub fn inert(html: &str) -> Result<(), String> {
    let doc = Html::parse_document(&format!("<!DOCTYPE html><html><head></head><body>{html}</body></html>"));
    for node in doc.tree.nodes() {
        let Node::Element(element) = node.value() else { continue };
        let name = element.name();
        let allowed: &[&str] = if matches!(name, "html" | "head" | "body") {
            // The page's own frame; a stray `<body onload=x>` tag would hand it attributes.
            &[]
        } else {
            match ALLOWED.iter().find(|(n, _)| *n == name) {
                Some((_, attrs)) => attrs,
                None => return Err(format!("element <{name}>")),
            }
        };
        for (attr, value) in element.attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                return Err(format!("event handler {attr} on <{name}>"));
            }
            if !allowed.contains(&attr) {
                return Err(format!("attribute {attr}={value:?} on <{name}>"));
            }
            match attr {
                "href" | "src" => safe_url(value).map_err(|why| format!("<{name} {attr}={value:?}>: {why}"))?,
                "style" if !matches!(value, "text-align: left" | "text-align: center" | "text-align: right") => {
                    return Err(format!("style {value:?} on <{name}>"));
                }
                "type" if value != "checkbox" => return Err(format!("<input type={value:?}>")),
                _ => {}
            }
        }
        if name == "a" && element.attr("rel") != Some("nofollow noopener") {
            return Err(format!("a link without rel=\"nofollow noopener\": {:?}", element.attrs().collect::<Vec<_>>()));
        }
    }
    Ok(())
}

/// A URL as a browser follows it from an incident page: resolved by the WHATWG URL parser (which
/// drops tabs and line breaks and trims control characters), and, stricter still, with every
/// control character and space removed anywhere.
fn safe_url(value: &str) -> Result<(), String> {
    let page = Url::parse("https://status.example.com/incidents/1").expect("a valid base");
    if let Ok(resolved) = page.join(value) {
        if !SAFE_SCHEMES.contains(&resolved.scheme()) {
            return Err(format!("resolves to scheme {}", resolved.scheme()));
        }
    }
    let squeezed: String =
        value.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:"] {
        if squeezed.starts_with(scheme) {
            return Err(format!("starts with {scheme}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn the_checker_refuses_what_runs() {
        for bad in [
            "<script>alert(1)</script>",
            "<p onclick=x>a</p>",
            "<a href=\"java&#x09;script:alert(1)\" rel=\"nofollow noopener\">x</a>",
            "<a href=\" data:text/html,x\" rel=\"nofollow noopener\">x</a>",
            "<img src=\"vbscript:x\">",
            "<iframe></iframe>",
            "<style>p{}</style>",
            "<table><tr><td style=\"background: url(x)\">x</td></tr></table>",
            "<html onload=x>",
            "<body onload=x>",
            "<a href=\"https://e.com\">no rel</a>",
        ] {
            assert!(inert(bad).is_err(), "{bad}");
        }
        assert_eq!(inert(&app::markdown::render("# A\n\n[x](https://e.com) ![i](/i.png)\n\n- [x] done")), Ok(()));
    }
}
