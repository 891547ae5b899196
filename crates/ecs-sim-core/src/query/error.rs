//! Why an expression does not parse, as data: where (a column, counting characters from 1) and
//! what was expected or found. The text is worded from these fields.

use super::MAX_DEPTH;
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
