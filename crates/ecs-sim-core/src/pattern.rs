//! The regular-expression subset that `=~` patterns in the cluster query language use
//! (`t3.*`, `m5\.(large|xlarge)`, `[abc]-[0-9]+`): literals, `.`, classes `[a-z]`/`[^…]`,
//! groups with `|`, and the quantifiers `*`, `+`, `?`, matched against the whole value.
//!
//! Hand-written on purpose: a general regex crate adds tens of kilobytes to the page for a
//! feature that needs a few dozen lines.

use std::fmt;

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    alternatives: Vec<Vec<Piece>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    Class { negated: bool, ranges: Vec<(char, char)> },
    Group(Pattern),
}

/// Longest pattern, in characters.
const MAX_LEN: usize = 200;
/// Deepest nesting of groups.
const MAX_DEPTH: usize = 20;

/// Why a pattern does not compile. Positions count characters from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// More than [`MAX_LEN`] characters.
    TooLong,
    /// Groups nested more than [`MAX_DEPTH`] deep.
    TooDeep,
    /// A `)` with no `(` before it.
    UnmatchedClose {
        /// Where the `)` is.
        position: usize,
    },
    /// `*`, `+` or `?` with nothing before it.
    NothingToRepeat {
        /// The quantifier.
        quantifier: char,
        /// Where it is.
        position: usize,
    },
    /// A `\` at the very end.
    TrailingBackslash,
    /// A `(` never closed.
    MissingClose,
    /// A `[` never closed.
    MissingBracket,
    /// A class range such as `z-a`.
    BackwardRange {
        /// The range's first character.
        from: char,
        /// Its last character, below the first.
        to: char,
    },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::TooLong => write!(f, "the pattern is longer than {MAX_LEN} characters"),
            PatternError::TooDeep => f.write_str("groups are nested too deeply"),
            PatternError::UnmatchedClose { position } => write!(f, "unmatched ')' at position {position}"),
            PatternError::NothingToRepeat { quantifier, position } => {
                write!(f, "'{quantifier}' at position {position} has nothing to repeat")
            }
            PatternError::TrailingBackslash => f.write_str("trailing '\\'"),
            PatternError::MissingClose => f.write_str("missing ')'"),
            PatternError::MissingBracket => f.write_str("missing ']'"),
            PatternError::BackwardRange { from, to } => write!(f, "range {from}-{to} runs backwards"),
        }
    }
}

struct Compiler<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Compiler<'_> {
    fn alternatives(&mut self, depth: usize) -> Result<Pattern, PatternError> {
        if depth > MAX_DEPTH {
            return Err(PatternError::TooDeep);
        }
        let mut alternatives = vec![Vec::new()];
        while let Some(&c) = self.chars.get(self.pos) {
            match c {
                '|' => {
                    self.pos += 1;
                    alternatives.push(Vec::new());
                }
                ')' if depth > 0 => break,
                ')' => return Err(PatternError::UnmatchedClose { position: self.pos + 1 }),
                '*' | '+' | '?' => return Err(PatternError::NothingToRepeat { quantifier: c, position: self.pos + 1 }),
                _ => {
                    let atom = self.atom(depth)?;
                    let (min, max) = match self.chars.get(self.pos) {
                        Some('*') => (0, None),
                        Some('+') => (1, None),
                        Some('?') => (0, Some(1)),
                        _ => (1, Some(1)),
                    };
                    if (min, max) != (1, Some(1)) {
                        self.pos += 1;
                    }
                    alternatives.last_mut().expect("never empty").push(Piece { atom, min, max });
                }
            }
        }
        Ok(Pattern { alternatives })
    }

    fn atom(&mut self, depth: usize) -> Result<Atom, PatternError> {
        let c = self.chars[self.pos];
        self.pos += 1;
        Ok(match c {
            '.' => Atom::Any,
            // Matches are always of the whole value: anchors change nothing.
            '^' | '$' => Atom::Group(Pattern { alternatives: vec![vec![]] }),
            '\\' => {
                let e = *self.chars.get(self.pos).ok_or(PatternError::TrailingBackslash)?;
                self.pos += 1;
                Atom::Char(e)
            }
            '(' => {
                let inner = self.alternatives(depth + 1)?;
                if self.chars.get(self.pos) != Some(&')') {
                    return Err(PatternError::MissingClose);
                }
                self.pos += 1;
                Atom::Group(inner)
            }
            '[' => self.class()?,
            c => Atom::Char(c),
        })
    }

    fn class(&mut self) -> Result<Atom, PatternError> {
        let negated = self.chars.get(self.pos) == Some(&'^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        loop {
            let c = *self.chars.get(self.pos).ok_or(PatternError::MissingBracket)?;
            self.pos += 1;
            if c == ']' && !ranges.is_empty() {
                break;
            }
            let c = if c == '\\' {
                let e = *self.chars.get(self.pos).ok_or(PatternError::MissingBracket)?;
                self.pos += 1;
                e
            } else {
                c
            };
            if self.chars.get(self.pos) == Some(&'-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']') {
                let hi = self.chars[self.pos + 1];
                self.pos += 2;
                if hi < c {
                    return Err(PatternError::BackwardRange { from: c, to: hi });
                }
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
        Ok(Atom::Class { negated, ranges })
    }
}

impl Pattern {
    /// Compiles a pattern.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = source.chars().collect();
        if chars.len() > MAX_LEN {
            return Err(PatternError::TooLong);
        }
        let mut c = Compiler { chars: &chars, pos: 0 };
        let p = c.alternatives(0)?;
        Ok(p)
    }

    /// True if the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut budget = 100_000usize;
        self.ends(&chars, 0, &mut budget).contains(&chars.len())
    }

    /// Every position the pattern can end at, starting from `at` (bounded work).
    fn ends(&self, text: &[char], at: usize, budget: &mut usize) -> Vec<usize> {
        let mut out = Vec::new();
        for alt in &self.alternatives {
            let mut positions = vec![at];
            for piece in alt {
                positions = piece.ends(text, &positions, budget);
                if positions.is_empty() {
                    break;
                }
            }
            out.extend(positions);
        }
        crate::sort::sort_numbers(&mut out);
        out.dedup();
        out
    }
}

impl Piece {
    fn ends(&self, text: &[char], starts: &[usize], budget: &mut usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut frontier: Vec<usize> = starts.to_vec();
        let mut count = 0;
        if self.min == 0 {
            out.extend(&frontier);
        }
        while !frontier.is_empty() && self.max.is_none_or(|m| count < m) {
            if *budget == 0 {
                return Vec::new();
            }
            *budget -= 1;
            let mut next = Vec::new();
            for &p in &frontier {
                next.extend(self.atom.step(text, p, budget));
            }
            crate::sort::sort_numbers(&mut next);
            next.dedup();
            next.retain(|p| !(count > 0 && frontier.contains(p) && self.max.is_none()));
            count += 1;
            if count >= self.min {
                out.extend(&next);
            }
            if next == frontier {
                break;
            }
            frontier = next;
        }
        crate::sort::sort_numbers(&mut out);
        out.dedup();
        out
    }
}

impl Atom {
    fn step(&self, text: &[char], at: usize, budget: &mut usize) -> Vec<usize> {
        let one = |ok: bool| if ok { vec![at + 1] } else { vec![] };
        match self {
            Atom::Group(p) => p.ends(text, at, budget),
            _ if at >= text.len() => vec![],
            Atom::Char(c) => one(text[at] == *c),
            Atom::Any => one(true),
            Atom::Class { negated, ranges } => one(ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&text[at])) != *negated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::new(p).unwrap().is_match(t)
    }

    #[test]
    fn matches_whole_values() {
        assert!(m("t3.*", "t3.medium") && m("t3.*", "t3") && !m("t3.*", "xt3.large"));
        assert!(m("m5\\.(large|xlarge)", "m5.xlarge") && !m("m5\\.(large|xlarge)", "m5xlarge") && !m("m5\\.(large|xlarge)", "m5.2xlarge"));
        assert!(m("us-east-1[ab]", "us-east-1b") && !m("us-east-1[ab]", "us-east-1c"));
        assert!(m("[^c]+", "ab") && !m("[^c]+", "abc"));
        assert!(m("a+b?c*", "aaa") && m("a+b?c*", "abcc") && !m("a+b?c*", "bc"));
        assert!(m("(ab)*", "") && m("(ab)*", "abab") && !m("(ab)*", "aba"));
        assert!(m("^t3.*$", "t3.small"));
        assert!(m("(a*)*b", "aaab") && !m("(a*)*b", &"a".repeat(40)), "nested stars stay fast");
    }

    #[test]
    fn bad_patterns_are_named() {
        assert_eq!(Pattern::new("(").unwrap_err().to_string(), "missing ')'");
        assert_eq!(Pattern::new("a)").unwrap_err().to_string(), "unmatched ')' at position 2");
        assert_eq!(Pattern::new("*a").unwrap_err().to_string(), "'*' at position 1 has nothing to repeat");
        assert_eq!(Pattern::new("[z-a]").unwrap_err().to_string(), "range z-a runs backwards");
        assert_eq!(Pattern::new("[ab").unwrap_err().to_string(), "missing ']'");
        assert_eq!(Pattern::new("a\\").unwrap_err().to_string(), "trailing '\\'");
        assert_eq!(Pattern::new(&"(".repeat(30)).unwrap_err(), PatternError::TooDeep);
        assert_eq!(Pattern::new(&"a".repeat(201)).unwrap_err().to_string(), "the pattern is longer than 200 characters");
        assert_eq!(Pattern::new("ab+*").unwrap_err(), PatternError::NothingToRepeat { quantifier: '*', position: 4 });
        assert_eq!(Pattern::new("[b-a]").unwrap_err(), PatternError::BackwardRange { from: 'b', to: 'a' });
    }

    proptest::proptest! {
        #[test]
        fn never_panics(p in "[a-c.*+?()|\\[\\]^$\\\\-]{0,16}", t in "[a-c]{0,16}") {
            if let Ok(p) = Pattern::new(&p) {
                let _ = p.is_match(&t);
            }
        }
    }
}
