//! The ECS cluster query language, used by `memberOf` placement constraints:
//! `attribute:ecs.instance-type =~ t3.*`, `attribute:ecs.availability-zone in [us-east-1a, us-east-1b]`,
//! `task:group == databases`, combined with `and`/`&&`, `or`/`||`, `not`/`!` and parentheses.
//!
//! A tokenizer and a recursive-descent parser; errors name the column and the token. Patterns
//! for `=~` are compiled when parsing, so evaluation cannot fail.
//!
//! One file per stage: `lex` splits the text into tokens, `parse` builds an [`Expr`] (failing
//! with a [`QueryError`], in `error`), `expr` holds the expression and writes it back as text,
//! and `eval` evaluates it against one container instance ([`QueryContext`]).

mod error;
mod eval;
mod expr;
mod lex;
mod parse;

pub use error::{Expected, QueryError};
pub use eval::{QueryContext, AGENT_VERSION};
pub use expr::{Cmp, Expr};
pub use parse::parse;

/// Deepest nesting of parentheses and negations an expression may have.
const MAX_DEPTH: usize = 32;
