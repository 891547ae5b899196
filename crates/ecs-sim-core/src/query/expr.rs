//! A parsed expression: comparisons of a subject (an attribute, the task group, …) with values,
//! combined with and, or and not. Written back as text in a canonical form that parses to the
//! same expression.

use std::fmt;

/// Who an expression is about.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Subject {
    Attribute(String),
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Op {
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
    pub(super) subject: Subject,
    pub(super) op: Op,
    pub(super) args: Vec<String>,
    pub(super) pattern: Option<crate::pattern::Pattern>,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
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
