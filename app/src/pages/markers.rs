//! Leptos marks where dynamic text and empty branches go with `<!>`: browsers read it as an empty
//! comment, but the HTML standard calls it a bogus comment, an error. `<!---->` is the same empty
//! comment written validly, so the page's DOM (and the console's hydration) is unchanged. Inside
//! `<script>` (the console's serialized data) nothing is touched; everywhere else every `<` of the
//! page's own text is escaped, so each `<!>` is a marker.

const MARKER: &str = "<!>";
const VALID: &str = "<!---->";

pub fn valid_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    // Where the next script starts in `rest`: found once, kept until passed (searching for it
    // again at every marker would read the rest of the page each time).
    let mut script = rest.find("<script");
    loop {
        match (rest.find(MARKER), script) {
            (Some(m), s) if s.is_none_or(|s| m < s) => {
                out.push_str(&rest[..m]);
                out.push_str(VALID);
                let passed = m + MARKER.len();
                rest = &rest[passed..];
                script = script.map(|s| s - passed);
            }
            (_, Some(s)) => {
                // Copy the script element whole.
                let end = rest[s..].find("</script>").map_or(rest.len(), |e| s + e + "</script>".len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                script = rest.find("<script");
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_valid_comments_except_inside_scripts() {
        assert_eq!(valid_markers("<p><!>a<!></p>"), "<p><!---->a<!----></p>");
        assert_eq!(
            valid_markers("<b>x</b><script>let s = \"<!>\";</script><!><script nonce=\"n\">\"<!>\"</script>"),
            "<b>x</b><script>let s = \"<!>\";</script><!----><script nonce=\"n\">\"<!>\"</script>"
        );
        assert_eq!(
            valid_markers("<!>a<!><script>\"<!>\"</script><!>"),
            "<!---->a<!----><script>\"<!>\"</script><!---->",
            "markers before a script, then after it"
        );
        assert_eq!(valid_markers("&lt;!&gt; no marker"), "&lt;!&gt; no marker");
        assert_eq!(valid_markers("<script>unclosed <!>"), "<script>unclosed <!>");
        assert_eq!(valid_markers(""), "");
    }
}
