//! A small CSV reader and writer (RFC 4180): fields in double quotes may hold commas, quotes
//! (doubled) and line breaks; lines end in CRLF or LF. Enough for the subscriber export and import.

/// One record and the line it starts on (1-based).
pub type Record = (usize, Vec<String>);

/// A field as CSV writes it: quoted when it holds a comma, a quote, a line break or leading or
/// trailing spaces.
pub fn field(value: &str) -> String {
    if !value.contains([',', '"', '\n', '\r']) && value.trim() == value {
        return value.to_string();
    }
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// A record as one CSV line with its CRLF.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The records of `text`, each with the line it starts on; blank lines are skipped. A quote left
/// open, or text after a closing quote, is an error naming its line.
pub fn read(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut record = Vec::new();
        let mut field = String::new();
        loop {
            match chars.next() {
                None => {
                    record.push(std::mem::take(&mut field));
                    break;
                }
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some('\n') => {
                    line += 1;
                    record.push(std::mem::take(&mut field));
                    break;
                }
                Some(',') => record.push(std::mem::take(&mut field)),
                Some('"') if field.is_empty() => {
                    let opened = line;
                    loop {
                        match chars.next() {
                            None => return Err((opened, "a quoted field is never closed".into())),
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            Some('"') => break,
                            Some(c) => {
                                if c == '\n' {
                                    line += 1;
                                }
                                field.push(c);
                            }
                        }
                    }
                    if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                        return Err((line, "text follows a closing quote; double a quote inside quotes".into()));
                    }
                }
                Some(c) => field.push(c),
            }
        }
        if record.iter().any(|f| !f.trim().is_empty()) {
            records.push((start, record));
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_and_line_breaks_round_trip() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "", " padded ", "-3"];
        let text = line(&fields) + &line(&["x", "y"]);
        let records = read(&text).unwrap();
        assert_eq!(records[0], (1, fields.iter().map(|f| f.to_string()).collect()));
        assert_eq!(records[1], (3, vec!["x".to_string(), "y".to_string()]), "the record after a field's line break");
    }

    #[test]
    fn lf_crlf_blank_lines_and_a_byte_order_mark() {
        let records = read("\u{feff}a,b\n\n c ,d\r\n").unwrap();
        assert_eq!(records, vec![(1, vec!["a".into(), "b".into()]), (3, vec![" c ".into(), "d".into()])]);
    }

    #[test]
    fn malformed_quotes_name_their_line() {
        assert_eq!(read("a\nb,\"open\n").unwrap_err().0, 2);
        assert_eq!(read("a\n\"x\"y,z\n").unwrap_err().0, 2);
        assert_eq!(read("say \"hi\",x").unwrap(), vec![(1, vec!["say \"hi\"".into(), "x".into()])]);
    }
}
