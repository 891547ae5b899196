//! The visitor's colour theme, as stored in localStorage.

/// localStorage key of the visitor's theme choice.
pub const THEME_KEY: &str = "ecs-sim.theme";

/// The stored theme, if it is one we know; anything else (absent, garbage) means "follow the system".
pub fn parse_theme(stored: Option<&str>) -> Option<&'static str> {
    match stored.map(str::trim) {
        Some("light") => Some("light"),
        Some("dark") => Some("dark"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_is_read_defensively() {
        assert_eq!(parse_theme(Some("dark")), Some("dark"));
        assert_eq!(parse_theme(Some(" light ")), Some("light"));
        assert_eq!(parse_theme(Some("<script>")), None);
        assert_eq!(parse_theme(None), None);
    }
}
