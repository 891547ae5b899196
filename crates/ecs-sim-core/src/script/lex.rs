//! Shell-like words: what a terminal would pass to `aws` after the shell has done its work.
//!
//! Supports single quotes (literal), double quotes (`\"`, `\\`, `\$` and `` \` `` escaped),
//! a backslash outside quotes (escapes the next character; before a newline it continues the
//! line), adjacent parts joining into one word (`'a'"b"c` is `abc`), and `#` comments at the
//! start of a word. A quoted word may span lines, so pasted multi-line JSON works.

/// One logical line: its words and the 1-based line number it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based number of the physical line the logical line starts on.
    pub number: usize,
    /// The words, quotes removed.
    pub words: Vec<String>,
    /// The source text of the logical line (continuations joined), for echoing.
    pub text: String,
}

/// A quote left open at the end of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unterminated {
    /// 1-based line the quote opened on.
    pub line: usize,
    /// `'` or `"`.
    pub quote: char,
}

/// Splits a script into logical lines of words. Blank and comment-only lines are left out.
pub fn lines(text: &str) -> Result<Vec<Line>, Unterminated> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word: Option<String> = None;
    let mut line_no = 1;
    let mut start_line = 1;
    let mut start_idx = 0;
    let mut i = 0;
    let finish = |words: &mut Vec<String>, word: &mut Option<String>, out: &mut Vec<Line>, number: usize, text: String| {
        if let Some(w) = word.take() {
            words.push(w);
        }
        if !words.is_empty() {
            out.push(Line { number, words: std::mem::take(words), text });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                let text: String = chars[start_idx..i].iter().collect();
                finish(&mut words, &mut word, &mut out, start_line, text.trim().to_string());
                line_no += 1;
                start_line = line_no;
                start_idx = i + 1;
                i += 1;
            }
            ' ' | '\t' | '\r' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
                i += 1;
            }
            '#' if word.is_none() => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {
                        if let Some(w) = word.take() {
                            words.push(w);
                        }
                        line_no += 1;
                    }
                    Some('\r') if chars.get(i + 2) == Some(&'\n') => {
                        if let Some(w) = word.take() {
                            words.push(w);
                        }
                        line_no += 1;
                        i += 1;
                    }
                    Some(&n) => word.get_or_insert_with(String::new).push(n),
                    None => {}
                }
                i += 2;
            }
            '\'' => {
                let open = line_no;
                let w = word.get_or_insert_with(String::new);
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(Unterminated { line: open, quote: '\'' }),
                        Some('\'') => break,
                        Some(&ch) => {
                            if ch == '\n' {
                                line_no += 1;
                            }
                            w.push(ch);
                        }
                    }
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                let open = line_no;
                let w = word.get_or_insert_with(String::new);
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(Unterminated { line: open, quote: '"' }),
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            w.push(chars[i + 1]);
                            i += 1;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => {
                            line_no += 1;
                            i += 1;
                        }
                        Some(&ch) => {
                            if ch == '\n' {
                                line_no += 1;
                            }
                            w.push(ch);
                        }
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => {
                word.get_or_insert_with(String::new).push(c);
                i += 1;
            }
        }
    }
    let text: String = chars[start_idx.min(chars.len())..].iter().collect();
    finish(&mut words, &mut word, &mut out, start_line, text.trim().to_string());
    Ok(out)
}

/// Quotes a word so [`lines`] reads it back unchanged: bare when it is plain, else in single
/// quotes (a `'` inside becomes `'\''`).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty() && !word.starts_with('#') && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/=,@%+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        lines(text).unwrap().into_iter().map(|l| l.words).collect()
    }

    #[test]
    fn quotes_comments_and_continuations_work_as_in_a_shell() {
        let script = "# a comment\naws ecs stop-task --task abcd \\\n  --reason \"it's done\" # why\nsay 'two words' a'b'\"c\"\n\n";
        assert_eq!(
            words(script),
            vec![vec!["aws", "ecs", "stop-task", "--task", "abcd", "--reason", "it's done"], vec!["say", "two words", "abc"],]
        );
        let l = lines(script).unwrap();
        assert_eq!((l[0].number, l[1].number), (2, 4));
        assert_eq!(words("a#b '' \"x\\\"y\""), vec![vec!["a#b", "", "x\"y"]]);
    }

    #[test]
    fn quoted_json_may_span_lines_and_line_numbers_stay_right() {
        let l = lines("register '{\n \"a\": 1\n}'\nnext").unwrap();
        assert_eq!(l[0].words[1], "{\n \"a\": 1\n}");
        assert_eq!(l[1].number, 4);
    }

    #[test]
    fn an_open_quote_names_its_line() {
        assert_eq!(lines("ok\nsay \"oops"), Err(Unterminated { line: 2, quote: '"' }));
    }

    #[test]
    fn quote_round_trips() {
        for w in ["plain", "", "two words", "it's", "#x", "a\\b", "\"q\"", "x\ny", "{a=1}"] {
            assert_eq!(words(&format!("cmd {}", quote(w))), vec![vec!["cmd".to_string(), w.to_string()]], "{w}");
        }
    }
}
