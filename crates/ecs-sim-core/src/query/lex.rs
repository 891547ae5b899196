//! The query language's tokens: words (subjects, operators, values), quoted text and symbols,
//! each with the column it starts at.

use super::error::QueryError;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Quoted(String),
    Sym(&'static str),
}

pub(super) fn tokenize(input: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word_char = |c: char| c.is_alphanumeric() || "._-*:/$^+?{}|\\".contains(c);
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        if let Some(sym) = ["==", "!=", "=~", ">=", "<=", "&&", "||"].into_iter().find(|s| *s == two) {
            out.push((col, Tok::Sym(sym)));
            i += 2;
            continue;
        }
        if let Some(sym) = ["(", ")", "[", "]", ",", ">", "<", "!"].into_iter().find(|s| s.starts_with(c)) {
            out.push((col, Tok::Sym(sym)));
            i += 1;
            continue;
        }
        if c == '"' || c == '\'' {
            let end = chars[i + 1..].iter().position(|x| *x == c).ok_or(QueryError::UnterminatedQuote { column: col })?;
            out.push((col, Tok::Quoted(chars[i + 1..i + 1 + end].iter().collect())));
            i += end + 2;
            continue;
        }
        if word_char(c) {
            let start = i;
            while i < chars.len() && word_char(chars[i]) {
                i += 1;
            }
            out.push((col, Tok::Word(chars[start..i].iter().collect())));
            continue;
        }
        return Err(QueryError::UnexpectedCharacter { character: c, column: col });
    }
    Ok(out)
}
