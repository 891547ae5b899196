//! The ECS cluster query language, used by `memberOf` placement constraints:
//! `attribute:ecs.instance-type =~ t3.*`, `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`,
//! `task:group == databases`, combined with `and`/`&&`, `or`/`||`, `not`/`!` and parentheses.
//!
//! A tokenizer and a recursive-descent parser; errors name the column and the token. Patterns
//! for `=~` are compiled when parsing, so evaluation cannot fail.

use std::fmt;

/// A parse error, naming where and what. Columns count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing but blanks.
    Empty,
    /// A quote never closed.
    UnterminatedQuote {
        /// Where the quote opens.
        column: usize,
    },
    /// A character the language has no use for.
    UnexpectedCharacter {
        /// The character.
        character: char,
        /// Where it is.
        column: usize,
    },
    /// Something else than what the grammar needs next.
    Expected {
        /// What the grammar needs.
        expected: Expected,
        /// Where.
        column: usize,
        /// The token found there; `None` at the end of the expression.
        found: Option<String>,
    },
    /// Parentheses and negations nested more than [`MAX_DEPTH`] deep.
    TooDeep {
        /// Where the nesting goes too deep.
        column: usize,
    },
    /// The pattern after `=~` does not compile.
    Pattern {
        /// The pattern.
        pattern: String,
        /// Why.
        error: crate::pattern::PatternError,
    },
}

/// What the grammar needed where a [`QueryError::Expected`] was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// The `)` closing a group.
    CloseParen,
    /// A subject, where a symbol or quoted text was found.
    Subject,
    /// A subject, where an unknown word was found.
    KnownSubject,
    /// `exists` or `in` after `!`.
    ExistsOrIn,
    /// `in` after `not`.
    InAfterNot,
    /// An operator after the subject.
    Operator {
        /// The subject as written.
        after: String,
    },
    /// The `[` of a list.
    ListStart,
    /// A `,` or the `]` in a list.
    ListNext,
    /// A value.
    Value,
    /// `and`, `or` or the end.
    End,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::CloseParen => "')'",
            Expected::Subject => "a subject such as attribute:NAME or task:group",
            Expected::KnownSubject => "a subject such as attribute:NAME, task:group, ec2InstanceId or runningTasksCount",
            Expected::ExistsOrIn => "'exists' or 'in' after '!'",
            Expected::InAfterNot => "'in' after 'not'",
            Expected::Operator { after } => return write!(f, "an operator after '{after}'"),
            Expected::ListStart => "'[' to start a list",
            Expected::ListNext => "',' or ']'",
            Expected::Value => "a value",
            Expected::End => "'and', 'or' or the end",
        })
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str("the expression is empty"),
            QueryError::UnterminatedQuote { column } => write!(f, "unterminated quote starting at column {column}"),
            QueryError::UnexpectedCharacter { character, column } => write!(f, "unexpected character '{character}' at column {column}"),
            QueryError::Expected { expected, column, found } => {
                write!(f, "expected {} at column {column}, found ", *expected)?;
                match found {
                    Some(t) => write!(f, "'{t}'"),
                    None => f.write_str("the end"),
                }
            }
            QueryError::TooDeep { column } => {
                write!(f, "the expression nests parentheses and negations more than {MAX_DEPTH} deep at column {column}")
            }
            QueryError::Pattern { pattern, error } => write!(f, "'{pattern}' is not a valid pattern: {}", *error),
        }
    }
}

impl std::error::Error for QueryError {}

/// What an expression is evaluated against: one container instance.
pub trait QueryContext {
    /// A built-in (`ecs.*`) or custom attribute.
    fn attribute(&self, name: &str) -> Option<String>;
    /// The EC2 instance id.
    fn ec2_instance_id(&self) -> String;
    /// Tasks on the instance that are not STOPPED.
    fn running_tasks_count(&self) -> u32;
    /// True if a task of `group` is on the instance.
    fn has_task_group(&self, group: &str) -> bool;
    /// True if the agent is connected.
    fn agent_connected(&self) -> bool;
}

/// The simulator's ECS agent version (for `agentVersion`).
pub const AGENT_VERSION: &str = "1.89.0";

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Sym(&'static str),
}

fn tokenize(input: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
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

/// Who an expression is about.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    Attribute(String),
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup,
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Exists,
    NotExists,
    Gt,
    Ge,
    Lt,
    Le,
    Matches,
    In,
    NotIn,
}

/// A parsed expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// Both sides hold.
    And(Box<Expr>, Box<Expr>),
    /// Either side holds.
    Or(Box<Expr>, Box<Expr>),
    /// The inner expression does not hold.
    Not(Box<Expr>),
    /// One comparison.
    Cmp(Cmp),
}

/// `subject operator [argument]`.
#[derive(Clone, Debug)]
pub struct Cmp {
    subject: Subject,
    op: Op,
    args: Vec<String>,
    pattern: Option<crate::pattern::Pattern>,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    len: usize,
    /// Nesting of `(` and `!` so far: bounded, so no input can exhaust the stack.
    depth: usize,
}

/// Deepest nesting of parentheses and negations an expression may have.
const MAX_DEPTH: usize = 32;

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

fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

impl Expr {
    /// Evaluates the expression for one instance.
    pub fn matches(&self, ctx: &impl QueryContext) -> bool {
        match self {
            Expr::And(a, b) => a.matches(ctx) && b.matches(ctx),
            Expr::Or(a, b) => a.matches(ctx) || b.matches(ctx),
            Expr::Not(e) => !e.matches(ctx),
            Expr::Cmp(c) => c.matches(ctx),
        }
    }
}

impl Cmp {
    fn matches(&self, ctx: &impl QueryContext) -> bool {
        if self.subject == Subject::TaskGroup {
            let any = self.args.iter().any(|g| ctx.has_task_group(g));
            return match self.op {
                Op::Eq | Op::In => any,
                Op::Ne | Op::NotIn => !any,
                Op::Exists => true,
                _ => false,
            };
        }
        let value = match &self.subject {
            Subject::Attribute(a) => ctx.attribute(a),
            Subject::AgentConnected => Some(ctx.agent_connected().to_string()),
            Subject::AgentVersion => Some(AGENT_VERSION.to_string()),
            Subject::Ec2InstanceId => Some(ctx.ec2_instance_id()),
            Subject::RegisteredAt => None,
            Subject::RunningTasksCount => Some(ctx.running_tasks_count().to_string()),
            Subject::TaskGroup => unreachable!("handled above"),
        };
        let Some(v) = value else { return matches!(self.op, Op::NotExists | Op::Ne | Op::NotIn) };
        let arg = self.args.first().map(String::as_str).unwrap_or("");
        match self.op {
            Op::Exists => true,
            Op::NotExists => false,
            Op::Eq => v == arg,
            Op::Ne => v != arg,
            Op::Gt => compare(&v, arg).is_gt(),
            Op::Ge => compare(&v, arg).is_ge(),
            Op::Lt => compare(&v, arg).is_lt(),
            Op::Le => compare(&v, arg).is_le(),
            Op::Matches => self.pattern.as_ref().is_some_and(|p| p.is_match(&v)),
            Op::In => self.args.contains(&v),
            Op::NotIn => !self.args.contains(&v),
        }
    }
}

fn quote(v: &str) -> String {
    if !v.is_empty() && v.chars().all(|c| c.is_alphanumeric() || "._-*:/".contains(c)) && !["and", "or", "not", "in"].contains(&v) {
        v.to_string()
    } else {
        format!("\"{v}\"")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(a, b) => write!(f, "({a} and {b})"),
            Expr::Or(a, b) => write!(f, "({a} or {b})"),
            Expr::Not(e) => write!(f, "not ({e})"),
            Expr::Cmp(c) => {
                let subject = match &c.subject {
                    Subject::Attribute(a) => format!("attribute:{a}"),
                    Subject::AgentConnected => "agentConnected".into(),
                    Subject::AgentVersion => "agentVersion".into(),
                    Subject::Ec2InstanceId => "ec2InstanceId".into(),
                    Subject::RegisteredAt => "registeredAt".into(),
                    Subject::RunningTasksCount => "runningTasksCount".into(),
                    Subject::TaskGroup => "task:group".into(),
                };
                let op = match c.op {
                    Op::Eq => "==",
                    Op::Ne => "!=",
                    Op::Exists => "exists",
                    Op::NotExists => "!exists",
                    Op::Gt => ">",
                    Op::Ge => ">=",
                    Op::Lt => "<",
                    Op::Le => "<=",
                    Op::Matches => "=~",
                    Op::In => "in",
                    Op::NotIn => "not_in",
                };
                match c.op {
                    Op::Exists | Op::NotExists => write!(f, "{subject} {op}"),
                    Op::In | Op::NotIn => {
                        let list: Vec<String> = c.args.iter().map(|a| quote(a)).collect();
                        write!(f, "{subject} {op} [{}]", list.join(", "))
                    }
                    _ => write!(f, "{subject} {op} {}", quote(&c.args[0])),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Inst {
        attrs: BTreeMap<String, String>,
        groups: Vec<String>,
        tasks: u32,
    }

    impl QueryContext for Inst {
        fn attribute(&self, name: &str) -> Option<String> {
            self.attrs.get(name).cloned()
        }
        fn ec2_instance_id(&self) -> String {
            "i-0abc".into()
        }
        fn running_tasks_count(&self) -> u32 {
            self.tasks
        }
        fn has_task_group(&self, group: &str) -> bool {
            self.groups.iter().any(|g| g == group)
        }
        fn agent_connected(&self) -> bool {
            true
        }
    }

    fn inst(ty: &str, az: &str, groups: &[&str], tasks: u32) -> Inst {
        let attrs =
            [("ecs.instance-type", ty), ("ecs.availability-zone", az)].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Inst { attrs, groups: groups.iter().map(|g| g.to_string()).collect(), tasks }
    }

    fn m(expr: &str, i: &Inst) -> bool {
        parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).matches(i)
    }

    #[test]
    fn the_reference_examples() {
        let a = inst("t3.medium", "us-east-1a", &["databases"], 2);
        let b = inst("m5.large", "us-east-1c", &[], 5);
        assert!(m("attribute:ecs.instance-type =~ t3.*", &a) && !m("attribute:ecs.instance-type =~ t3.*", &b));
        assert!(m("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", &a));
        assert!(!m("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", &b));
        assert!(m("task:group == databases", &a) && !m("task:group == databases", &b));
        assert!(m("not (attribute:x exists) or runningTasksCount < 3", &b));
        assert!(m("runningTasksCount >= 5 && attribute:ecs.availability-zone != us-east-1a", &b));
        assert!(m("attribute:ecs.availability-zone not in [us-east-1a]", &b));
        assert!(m("attribute:ecs.availability-zone !in [us-east-1a]", &b));
        assert!(m("attribute:custom !exists", &b));
        assert!(m("ec2InstanceId == i-0abc and agentConnected == true", &a));
        assert!(m("attribute:ecs.instance-type matches \"m5\\.(large|xlarge)\"", &b));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}attribute:a == b{}", "(".repeat(5000), ")".repeat(5000));
        let err = parse(&deep).unwrap_err().to_string();
        assert!(err.contains("more than 32 deep"), "{err}");
        assert!(parse(&format!("{}attribute:a == b", "!".repeat(5000))).is_err());
        assert!(parse(&format!("{}attribute:a == b{}", "(".repeat(30), ")".repeat(30))).is_ok());
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let a = inst("t3.medium", "us-east-1a", &[], 0);
        // true or (false and false) = true; (true or false) and false would be false.
        assert!(m("attribute:ecs.instance-type == t3.medium or runningTasksCount > 1 and runningTasksCount > 2", &a));
        assert_eq!(
            parse("a:x == 1 or attribute:y == 2 and attribute:z == 3").unwrap_err().to_string(),
            "expected a subject such as attribute:NAME, task:group, ec2InstanceId or runningTasksCount at column 1, found 'a:x'"
        );
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
