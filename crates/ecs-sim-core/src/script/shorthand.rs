//! The AWS CLI's shorthand syntax for structure and list parameters, and its JSON alternative:
//! `maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}`,
//! `subnets=[subnet-1,subnet-2]` or `subnets=subnet-1,subnet-2`, quoted values
//! (`expression="a == b"`), or a JSON document when the value starts with `{` or `[`.
//!
//! Scalars come out as JSON strings, as the CLI reads them; the caller converts them to the
//! parameter's type (and names it when that fails).

use serde_json::{Map, Value};
use std::fmt;

/// Why a shorthand value could not be read. Its text is the AWS CLI's, with the input and a
/// caret under the spot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShorthandError {
    /// Something else than what the syntax needs next.
    Expected {
        /// What the syntax needs: `key`, `=`, `,`, `]`, a closing quote or `EOF`.
        expected: &'static str,
        /// The character found; `None` at the end of the input.
        found: Option<char>,
        /// Where, counting characters from 0.
        position: usize,
        /// The whole input.
        input: String,
    },
    /// Structures and lists nested more than [`MAX_DEPTH`] deep.
    TooDeep {
        /// The whole input.
        input: String,
    },
    /// A value that starts like JSON but is not.
    Json {
        /// serde_json's description, with line and column.
        message: String,
        /// The whole input.
        input: String,
    },
}

impl fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShorthandError::Expected { expected, found, position, input } => {
                write!(f, "Expected: '{expected}', received: '")?;
                match found {
                    Some(c) => write!(f, "{c}")?,
                    None => f.write_str("EOF")?,
                }
                write!(f, "' for input:\n{input}\n{}^", " ".repeat(*position))
            }
            ShorthandError::TooDeep { input } => write!(f, "Structures and lists nest more than {MAX_DEPTH} deep for input:\n{input}"),
            ShorthandError::Json { message, input } => write!(f, "Invalid JSON: {message}\nJSON received: {input}"),
        }
    }
}

impl std::error::Error for ShorthandError {}

struct P<'a> {
    s: &'a [char],
    i: usize,
    input: &'a str,
    /// Nesting of `{` and `[` so far: bounded, so no input can exhaust the stack.
    depth: usize,
}

/// Deepest nesting of structures and lists a shorthand value may have.
const MAX_DEPTH: usize = 32;

impl P<'_> {
    fn err(&self, expected: &'static str) -> ShorthandError {
        ShorthandError::Expected {
            expected,
            found: self.s.get(self.i).copied(),
            position: self.i.min(self.s.len()),
            input: self.input.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == ' ') {
            self.i += 1;
        }
    }

    fn key(&mut self) -> Result<String, ShorthandError> {
        self.skip_ws();
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c)) {
            self.i += 1;
        }
        if self.i == start {
            return Err(self.err("key"));
        }
        let k: String = self.s[start..self.i].iter().collect();
        self.skip_ws();
        if self.peek() != Some('=') {
            return Err(self.err("="));
        }
        self.i += 1;
        Ok(k)
    }

    /// Does a `key=` start at the current position?
    fn key_ahead(&self) -> bool {
        let mut j = self.i;
        while self.s.get(j) == Some(&' ') {
            j += 1;
        }
        let start = j;
        while self.s.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || "_-.:".contains(*c)) {
            j += 1;
        }
        j > start && self.s.get(j) == Some(&'=')
    }

    /// `key=value,key=value` until `end` (or the end of input when `end` is None).
    fn object(&mut self, end: Option<char>) -> Result<Value, ShorthandError> {
        let mut map = Map::new();
        loop {
            let k = self.key()?;
            let v = self.values(end)?;
            map.insert(k, v);
            match self.peek() {
                Some(',') => self.i += 1,
                c if c == end => return Ok(Value::Object(map)),
                _ => return Err(self.err(",")),
            }
        }
    }

    /// The value(s) after `key=`: one value, or a comma list of values without `=`.
    fn values(&mut self, end: Option<char>) -> Result<Value, ShorthandError> {
        let first = self.value(end)?;
        let mut list = vec![first];
        while self.peek() == Some(',') && {
            let save = self.i;
            let mut probe = P { s: self.s, i: save + 1, input: self.input, depth: self.depth };
            probe.skip_ws();
            !probe.key_ahead()
        } {
            self.i += 1;
            list.push(self.value(end)?);
        }
        Ok(if list.len() == 1 { list.pop().unwrap_or(Value::Null) } else { Value::Array(list) })
    }

    fn value(&mut self, end: Option<char>) -> Result<Value, ShorthandError> {
        self.skip_ws();
        if matches!(self.peek(), Some('{' | '[')) {
            if self.depth >= MAX_DEPTH {
                return Err(ShorthandError::TooDeep { input: self.input.to_string() });
            }
            self.depth += 1;
            let v = self.nested(end);
            self.depth -= 1;
            return v;
        }
        self.nested(end)
    }

    fn nested(&mut self, end: Option<char>) -> Result<Value, ShorthandError> {
        match self.peek() {
            Some('{') => {
                self.i += 1;
                if self.peek() == Some('}') {
                    self.i += 1;
                    return Ok(Value::Object(Map::new()));
                }
                let v = self.object(Some('}'))?;
                self.i += 1;
                Ok(v)
            }
            Some('[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.peek() == Some(']') {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(Some(']'))?);
                    self.skip_ws();
                    match self.peek() {
                        Some(',') => self.i += 1,
                        Some(']') => {
                            self.i += 1;
                            return Ok(Value::Array(items));
                        }
                        _ => return Err(self.err("]")),
                    }
                }
            }
            Some(q @ ('"' | '\'')) => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.err(if q == '"' { "\"" } else { "'" })),
                        Some('\\') if self.s.get(self.i + 1).is_some_and(|c| *c == q || *c == '\\') => {
                            out.push(self.s[self.i + 1]);
                            self.i += 2;
                        }
                        Some(c) if c == q => {
                            self.i += 1;
                            break;
                        }
                        Some(c) => {
                            out.push(c);
                            self.i += 1;
                        }
                    }
                }
                self.skip_ws();
                Ok(Value::String(out))
            }
            _ => {
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c == ',' || Some(c) == end || (end.is_some() && "{}[]".contains(c)) {
                        break;
                    }
                    self.i += 1;
                }
                let v: String = self.s[start..self.i].iter().collect();
                Ok(Value::String(v.trim().to_string()))
            }
        }
    }
}

/// Reads one parameter value: JSON when it starts with `{` or `[` (or `"`), else shorthand
/// `key=value,…`.
pub fn parse(input: &str) -> Result<Value, ShorthandError> {
    let t = input.trim_start();
    if t.starts_with('{') || t.starts_with('[') || t.starts_with('"') {
        return serde_json::from_str(t).map_err(|e| ShorthandError::Json { message: e.to_string(), input: input.to_string() });
    }
    let chars: Vec<char> = input.chars().collect();
    let mut p = P { s: &chars, i: 0, input, depth: 0 };
    let v = p.object(None)?;
    if p.i < chars.len() {
        return Err(p.err("EOF"));
    }
    Ok(v)
}

/// Writes a string value so [`parse`] reads it back: bare when plain, else in double quotes.
pub fn value(s: &str) -> Option<String> {
    let plain = !s.is_empty() && s.trim() == s && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/*@".contains(c));
    if plain {
        Some(s.to_string())
    } else if !s.contains('"') && !s.contains('\\') && s.trim() == s {
        Some(format!("\"{s}\""))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("a={}", "{a=".repeat(5000));
        assert!(parse(&deep).unwrap_err().to_string().contains("nest more than 32 deep"));
        assert!(parse(&format!("a={}1{}", "[".repeat(5000), "]".repeat(5000))).is_err());
        assert!(parse("a={b={c=[1,2]}}").is_ok());
    }

    #[test]
    fn shorthand_reads_nested_structures_lists_and_quotes() {
        assert_eq!(
            parse("maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true}").unwrap(),
            json!({"maximumPercent":"200","minimumHealthyPercent":"100","deploymentCircuitBreaker":{"enable":"true","rollback":"true"}})
        );
        assert_eq!(
            parse("type=memberOf,expression=\"attribute:ecs.instance-type =~ t3.*\"").unwrap(),
            json!({"type":"memberOf","expression":"attribute:ecs.instance-type =~ t3.*"})
        );
        assert_eq!(
            parse("awsvpcConfiguration={subnets=[subnet-1,subnet-2],assignPublicIp=ENABLED}").unwrap(),
            json!({"awsvpcConfiguration":{"subnets":["subnet-1","subnet-2"],"assignPublicIp":"ENABLED"}})
        );
        assert_eq!(parse("subnets=a,b,c=d").unwrap(), json!({"subnets":["a","b"],"c":"d"}));
        assert_eq!(parse("expression=task:group == db").unwrap(), json!({"expression":"task:group == db"}));
        assert_eq!(parse(r#"{"type":"spread"}"#).unwrap(), json!({"type":"spread"}));
    }

    #[test]
    fn mistakes_point_at_the_spot() {
        assert_eq!(parse("type").unwrap_err().to_string(), "Expected: '=', received: 'EOF' for input:\ntype\n    ^");
        assert_eq!(parse("type").unwrap_err(), ShorthandError::Expected { expected: "=", found: None, position: 4, input: "type".into() });
        assert_eq!(parse("a={b=1}x").unwrap_err().to_string(), "Expected: ',', received: 'x' for input:\na={b=1}x\n       ^");
        assert_eq!(parse("a='x").unwrap_err().to_string(), "Expected: ''', received: 'EOF' for input:\na='x\n    ^");
        assert!(parse("a={b=1").unwrap_err().to_string().starts_with("Expected: ','"));
        assert!(parse("{oops")
            .unwrap_err()
            .to_string()
            .starts_with("Invalid JSON: key must be a string at line 1 column 2\nJSON received: {oops"));
    }
}
