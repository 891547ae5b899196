//! A recursive-descent parser over the tokens: `or` binds looser than `and`, `not`/`!` and
//! parentheses nest up to [`MAX_DEPTH`] deep, and `=~` patterns are compiled here, so
//! evaluation cannot fail.

use super::error::{Expected, QueryError};
use super::expr::{Cmp, Expr, Op, Subject};
use super::lex::{tokenize, Tok};
use super::MAX_DEPTH;

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    len: usize,
    /// Nesting of `(` and `!` so far: bounded, so no input can exhaust the stack.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len + 1, |t| t.0)
    }

    fn found(&self) -> Option<String> {
        match self.peek()? {
            Tok::Word(w) | Tok::Quoted(w) => Some(w.clone()),
            Tok::Sym(s) => Some(s.to_string()),
        }
    }

    fn fail<T>(&self, expected: Expected) -> Result<T, QueryError> {
        Err(QueryError::Expected { expected, column: self.col(), found: self.found() })
    }

    fn is_word(&self, words: &[&str]) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if words.contains(&w.as_str()))
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while self.is_word(&["or"]) || self.peek() == Some(&Tok::Sym("||")) {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.is_word(&["and"]) || self.peek() == Some(&Tok::Sym("&&")) {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let nests = self.is_word(&["not"]) || self.peek() == Some(&Tok::Sym("!")) || self.peek() == Some(&Tok::Sym("("));
        if !nests {
            return self.cmp();
        }
        if self.depth >= MAX_DEPTH {
            return Err(QueryError::TooDeep { column: self.col() });
        }
        self.depth += 1;
        let e = self.nested();
        self.depth -= 1;
        e
    }

    /// After `!`/`not` or at `(`.
    fn nested(&mut self) -> Result<Expr, QueryError> {
        let negation = self.is_word(&["not"]) || self.peek() == Some(&Tok::Sym("!"));
        self.pos += 1;
        if negation {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        let e = self.or()?;
        if self.peek() != Some(&Tok::Sym(")")) {
            return self.fail(Expected::CloseParen);
        }
        self.pos += 1;
        Ok(e)
    }

    fn subject(&mut self) -> Result<Subject, QueryError> {
        let Some(Tok::Word(w)) = self.peek().cloned() else { return self.fail(Expected::Subject) };
        let s = match w.as_str() {
            "agentConnected" => Subject::AgentConnected,
            "agentVersion" => Subject::AgentVersion,
            "ec2InstanceId" => Subject::Ec2InstanceId,
            "registeredAt" => Subject::RegisteredAt,
            "runningTasksCount" => Subject::RunningTasksCount,
            "task:group" => Subject::TaskGroup,
            a if a.starts_with("attribute:") && a.len() > "attribute:".len() => Subject::Attribute(a["attribute:".len()..].to_string()),
            _ => return self.fail(Expected::KnownSubject),
        };
        self.pos += 1;
        Ok(s)
    }

    fn op(&mut self, subject: &str) -> Result<Op, QueryError> {
        let op = match self.peek().cloned() {
            Some(Tok::Sym("==")) => Op::Eq,
            Some(Tok::Sym("!=")) => Op::Ne,
            Some(Tok::Sym("=~")) => Op::Matches,
            Some(Tok::Sym(">")) => Op::Gt,
            Some(Tok::Sym(">=")) => Op::Ge,
            Some(Tok::Sym("<")) => Op::Lt,
            Some(Tok::Sym("<=")) => Op::Le,
            Some(Tok::Sym("!")) => {
                self.pos += 1;
                return match self.peek() {
                    Some(Tok::Word(w)) if w == "exists" => {
                        self.pos += 1;
                        Ok(Op::NotExists)
                    }
                    Some(Tok::Word(w)) if w == "in" => {
                        self.pos += 1;
                        Ok(Op::NotIn)
                    }
                    _ => self.fail(Expected::ExistsOrIn),
                };
            }
            Some(Tok::Word(w)) => match w.as_str() {
                "equals" => Op::Eq,
                "not_equals" => Op::Ne,
                "matches" => Op::Matches,
                "exists" => Op::Exists,
                "not_exists" => Op::NotExists,
                "in" => Op::In,
                "not_in" => Op::NotIn,
                "not" => {
                    self.pos += 1;
                    if self.is_word(&["in"]) {
                        self.pos += 1;
                        return Ok(Op::NotIn);
                    }
                    return self.fail(Expected::InAfterNot);
                }
                _ => return self.fail(Expected::Operator { after: subject.to_string() }),
            },
            _ => return self.fail(Expected::Operator { after: subject.to_string() }),
        };
        self.pos += 1;
        Ok(op)
    }

    fn value(&mut self) -> Result<String, QueryError> {
        match self.peek().cloned() {
            Some(Tok::Word(w)) if !["and", "or"].contains(&w.as_str()) => {
                self.pos += 1;
                Ok(w)
            }
            Some(Tok::Quoted(q)) => {
                self.pos += 1;
                Ok(q)
            }
            _ => self.fail(Expected::Value),
        }
    }

    fn cmp(&mut self) -> Result<Expr, QueryError> {
        let start = self.pos;
        let subject = self.subject()?;
        let subject_text = match &self.toks[start].1 {
            Tok::Word(w) => w.clone(),
            _ => String::new(),
        };
        let op = self.op(&subject_text)?;
        let args = match op {
            Op::Exists | Op::NotExists => vec![],
            Op::In | Op::NotIn => {
                if self.peek() != Some(&Tok::Sym("[")) {
                    return self.fail(Expected::ListStart);
                }
                self.pos += 1;
                let mut v = vec![self.value()?];
                while self.peek() == Some(&Tok::Sym(",")) {
                    self.pos += 1;
                    v.push(self.value()?);
                }
                if self.peek() != Some(&Tok::Sym("]")) {
                    return self.fail(Expected::ListNext);
                }
                self.pos += 1;
                v
            }
            _ => vec![self.value()?],
        };
        let pattern = match op {
            Op::Matches => {
                Some(crate::pattern::Pattern::new(&args[0]).map_err(|error| QueryError::Pattern { pattern: args[0].clone(), error })?)
            }
            _ => None,
        };
        Ok(Expr::Cmp(Cmp { subject, op, args, pattern }))
    }
}

/// Parses an expression.
pub fn parse(input: &str) -> Result<Expr, QueryError> {
    if input.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let toks = tokenize(input)?;
    let mut p = Parser { toks, pos: 0, len: input.chars().count(), depth: 0 };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return p.fail(Expected::End);
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}attribute:a == b{}", "(".repeat(5000), ")".repeat(5000));
        let err = parse(&deep).unwrap_err().to_string();
        assert!(err.contains("more than 32 deep"), "{err}");
        assert!(parse(&format!("{}attribute:a == b", "!".repeat(5000))).is_err());
        assert!(parse(&format!("{}attribute:a == b{}", "(".repeat(30), ")".repeat(30))).is_ok());
    }

    #[test]
    fn errors_name_the_column_and_token() {
        let e = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            e("attribute:ecs.instance-type foo"),
            "expected an operator after 'attribute:ecs.instance-type' at column 29, found 'foo'"
        );
        assert_eq!(e("attribute:ecs.instance-type =~"), "expected a value at column 31, found the end");
        assert_eq!(e("(task:group == a"), "expected ')' at column 17, found the end");
        assert_eq!(e("attribute:x in [a b]"), "expected ',' or ']' at column 19, found 'b'");
        assert_eq!(e("attribute:x == 'a"), "unterminated quote starting at column 16");
        assert_eq!(e("attribute:x == a extra"), "expected 'and', 'or' or the end at column 18, found 'extra'");
        assert_eq!(e(""), "the expression is empty");
        assert!(e("attribute:x =~ \"(\"").starts_with("'(' is not a valid pattern"));
        assert_eq!(e("attribute:x == a # b"), "unexpected character '#' at column 18");
        assert_eq!(e("attribute:x ! y"), "expected 'exists' or 'in' after '!' at column 15, found 'y'");
        assert_eq!(e("attribute:x not y"), "expected 'in' after 'not' at column 17, found 'y'");
        assert_eq!(e("attribute:x in a"), "expected '[' to start a list at column 16, found 'a'");
        assert_eq!(e("== a"), "expected a subject such as attribute:NAME or task:group at column 1, found '=='");
    }

    #[test]
    fn errors_carry_where_and_what_as_data() {
        assert_eq!(
            parse("attribute:x in [a b]").unwrap_err(),
            QueryError::Expected { expected: Expected::ListNext, column: 19, found: Some("b".into()) }
        );
        assert_eq!(parse("attribute:x ==").unwrap_err(), QueryError::Expected { expected: Expected::Value, column: 15, found: None });
        assert_eq!(
            parse("attribute:x =~ 'a)'").unwrap_err(),
            QueryError::Pattern { pattern: "a)".into(), error: crate::pattern::PatternError::UnmatchedClose { position: 2 } }
        );
        assert_eq!(parse("attribute:x == a # b").unwrap_err(), QueryError::UnexpectedCharacter { character: '#', column: 18 });
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,60}") {
            let _ = parse(&s);
        }

        #[test]
        fn display_round_trips(
            names in proptest::collection::vec("[a-z][a-z0-9.-]{0,8}", 1..4),
            values in proptest::collection::vec("[a-z0-9][a-z0-9.-]{0,6}", 1..4),
            shape in 0u8..6,
        ) {
            // A bare value cannot be one of the language's words (as in ECS, `== or` does not parse).
            proptest::prop_assume!(values.iter().all(|v| !["and", "or", "not", "in", "not_in", "exists", "matches"].contains(&v.as_str())));
            let leaf = |i: usize| format!("attribute:{} == {}", names[i % names.len()], values[i % values.len()]);
            let text = match shape {
                0 => leaf(0),
                1 => format!("{} and {}", leaf(0), leaf(1)),
                2 => format!("{} or not ({})", leaf(0), leaf(1)),
                3 => format!("attribute:{} in [{}]", names[0], values.join(", ")),
                4 => format!("task:group != {} || attribute:{} !exists", values[0], names[0]),
                _ => format!("({} or {}) and runningTasksCount <= 3", leaf(0), leaf(2)),
            };
            let e = parse(&text).unwrap();
            let again = parse(&e.to_string()).unwrap();
            proptest::prop_assert_eq!(e.to_string(), again.to_string());
        }
    }
}
