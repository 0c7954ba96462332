//! The one Markdown renderer: incident updates, postmortems and maintenance notes go through here
//! for the public page, the feeds, the API and the console's preview alike.
//!
//! Content is written by staff but must stay inert: raw HTML is shown as text, links and images
//! keep only safe schemes, and every link gets `rel="nofollow noopener"`.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Markdown → safe HTML.
pub fn render(markdown: &str) -> String {
    render_with(markdown, true)
}

/// As [`render`], with every image replaced by its alt text: a mail must load nothing from
/// elsewhere (no tracking pixels) and read the same with images blocked.
pub fn render_without_images(markdown: &str) -> String {
    render_with(markdown, false)
}

fn render_with(markdown: &str, images: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut dropped_links = 0usize; // open links whose URL was refused (their text is kept)
    let mut dropped_images = 0usize; // open images whose URL was refused (their alt text is kept)
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        // Raw HTML becomes text: escaped on output, shown as written, never run.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // A line typed on its own line stays on its own line, as Statuspage and GitHub comments
        // show it (CommonMark alone would join it to the previous one).
        Event::SoftBreak => Some(Event::HardBreak),
        Event::Start(Tag::Link { dest_url, title, .. }) => {
            if !is_safe_url(&dest_url) {
                dropped_links += 1;
                return None;
            }
            let mut a = String::from("<a href=\"");
            let _ = escape_href(&mut a, &dest_url);
            if !title.is_empty() {
                a += "\" title=\"";
                let _ = escape_html(&mut a, &title);
            }
            a += "\"";
            a += " rel=\"nofollow noopener\">";
            Some(Event::InlineHtml(CowStr::from(a)))
        }
        Event::End(TagEnd::Link) => {
            if dropped_links > 0 {
                dropped_links -= 1;
                None
            } else {
                Some(Event::InlineHtml(CowStr::Borrowed("</a>")))
            }
        }
        Event::Start(Tag::Image { dest_url, .. }) if !images || !is_safe_url(&dest_url) => {
            dropped_images += 1;
            None
        }
        Event::End(TagEnd::Image) if dropped_images > 0 => {
            dropped_images -= 1;
            None
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Web links, mail links, and relative or fragment links; nothing that runs code.
fn is_safe_url(url: &str) -> bool {
    // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_control() && !c.is_whitespace()).collect();
    match cleaned.find(':') {
        None => true,
        // A colon after a path, query or fragment start is not a scheme separator.
        Some(colon) if cleaned[..colon].contains(['/', '?', '#']) => true,
        Some(colon) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_common_markdown() {
        let html = render("## Cause\n\n- one\n- **two**\n\n`code` and *em*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h2>Cause</h2>"), "{html}");
        assert!(html.contains("<li><strong>two</strong></li>"), "{html}");
        assert!(html.contains("<code>code</code>"), "{html}");
        assert!(html.contains("<em>em</em>"), "{html}");
        assert!(html.contains("<table>") && html.contains("<td>2</td>"), "{html}");
    }

    #[test]
    fn a_single_newline_is_a_line_break_and_a_blank_line_a_paragraph() {
        let html = render("Data loss is expected.\nWe are working with the certificate authority.\n\nNext.");
        assert_eq!(
            html,
            "<p>Data loss is expected.<br />\nWe are working with the certificate authority.</p>\n<p>Next.</p>\n"
        );
        // Inside a list item too, and a code block keeps its lines as they are.
        let html = render("- one\n  two\n\n```\na\nb\n```\n");
        assert!(html.contains("<li>one<br />\ntwo</li>"), "{html}");
        assert!(html.contains("<pre><code>a\nb\n</code></pre>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    }

    #[test]
    fn link_titles_are_escaped() {
        let html = render("[t](https://e.com \"a \\\"b\\\" <c>\")");
        assert!(html.contains("<a href=\"https://e.com\" title=\"a &quot;b&quot; &lt;c&gt;\" rel="), "{html}");
    }

    #[test]
    fn links_get_rel_and_unsafe_schemes_are_dropped() {
        let html = render("[docs](https://example.com/a?b=1&c=\"2\") [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,hi)");
        assert!(
            html.contains(
                // A quote cannot end the attribute: the URL carries it percent-encoded.
                "<a href=\"https://example.com/a?b=1&amp;c=%222%22\" rel=\"nofollow noopener\">docs</a>"
            ),
            "{html}"
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(" x ") && html.contains(" y ") && html.contains(" z"), "link text is kept: {html}");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert_eq!(html.matches("</a>").count(), 1, "{html}");
    }

    #[test]
    fn autolinks_and_relative_links_are_kept() {
        let html = render("<https://status.example.com> [rel](/incidents/3) [frag](#x) [odd](a/b:c)");
        assert_eq!(html.matches("rel=\"nofollow noopener\"").count(), 4, "{html}");
    }

    #[test]
    fn unsafe_images_keep_only_their_alt_text() {
        let html = render("![alt text](javascript:alert(1)) ![ok](https://example.com/i.png)");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("alt text"), "{html}");
        assert!(html.contains("<img src=\"https://example.com/i.png\" alt=\"ok\""), "{html}");
    }

    #[test]
    fn mail_html_has_no_images_only_their_alt_text() {
        let html = render_without_images("![pixel](https://tracker.example/p.gif) and [a link](https://example.com)");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("pixel"), "{html}");
        assert!(html.contains("<a href=\"https://example.com\" rel=\"nofollow noopener\">a link</a>"), "{html}");
    }
}
