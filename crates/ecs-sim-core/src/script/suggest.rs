//! "Maybe you meant": the valid words closest to a mistyped one, ranked as the AWS CLI ranks
//! them (Python's `difflib.get_close_matches`: the similarity `2·M / (a + b)`, where `M` is the
//! number of characters the two words share in order).

/// Up to three of `choices` whose similarity to `word` is at least 0.6, the closest first (ties
/// keep the order of `choices`).
pub fn close_matches<'a>(word: &str, choices: &mut dyn Iterator<Item = &'a str>) -> Vec<&'a str> {
    // Kept in order by insertion rather than a sort: the standard sort would add kilobytes to the
    // wasm for this one list. Ties keep the order of `choices`.
    let mut best: Vec<(usize, &str)> = Vec::with_capacity(4);
    for c in choices {
        let score = similarity_permille(word.as_bytes(), c.as_bytes());
        if score >= 600 {
            let at = best.iter().position(|(s, _)| *s < score).unwrap_or(best.len());
            best.insert(at, (score, c));
            best.truncate(3);
        }
    }
    best.into_iter().map(|(_, c)| c).collect()
}

/// `2·M / (a + b)` in thousandths, with `M` the longest common subsequence of the two words
/// (byte-wise: the names compared are ASCII).
fn similarity_permille(a: &[u8], b: &[u8]) -> usize {
    if a.len() + b.len() == 0 {
        return 1000;
    }
    let mut row = vec![0usize; b.len() + 1];
    for &ca in a {
        let mut diagonal = 0;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb { diagonal + 1 } else { above.max(row[j]) };
            diagonal = above;
        }
    }
    2000 * row[b.len()] / (a.len() + b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_word_meant() {
        let ops = ["create-service", "describe-services", "list-tasks", "update-service"];
        assert_eq!(close_matches("describe-service", &mut ops.into_iter())[0], "describe-services");
        assert_eq!(close_matches("list-task", &mut ops.into_iter()), ["list-tasks"], "nothing else is near");
        assert_eq!(close_matches("updte-service", &mut ops.into_iter())[0], "update-service");
    }

    #[test]
    fn a_word_like_none_of_them_gets_no_suggestion() {
        assert!(close_matches("xyz", &mut ["create-service", "list-tasks"].into_iter()).is_empty());
        assert!(close_matches("", &mut ["kill"].into_iter()).is_empty());
    }

    #[test]
    fn at_most_three_closest_first() {
        let found = close_matches("kil", &mut ["kill", "kills", "killed", "kil-l", "advance"].into_iter());
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], "kill");
    }
}
