//! The stable identities of what a visitor can mark done on a role page.
//!
//! A visitor's progress is kept in their browser against these keys
//! (docs/progress.md), so they must survive edits of the role file: a skill
//! is its `id`; a milestone and a phase are keyed by their own text, so
//! reordering them or editing any other entry keeps every mark. Only
//! rewording a milestone (or renaming a phase) starts it afresh.

use std::collections::HashSet;

/// Keys for a role's milestones, in order: `m-` and the FNV-1a hash of the
/// milestone's normalised text, with `-2`, `-3`… for repeats within the role.
pub fn milestone_keys<'a>(milestones: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique_keys("m", milestones)
}

/// Keys for a role's phases, in order, from their titles as for milestones
/// (`p-…`).
pub fn phase_keys<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique_keys("p", titles)
}

fn unique_keys<'a>(prefix: &str, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    texts
        .into_iter()
        .map(|text| {
            let base = format!("{prefix}-{:08x}", text_hash(text));
            let mut key = base.clone();
            let mut repeat = 1;
            while !seen.insert(key.clone()) {
                repeat += 1;
                key = format!("{base}-{repeat}");
            }
            key
        })
        .collect()
}

/// 32-bit FNV-1a of the text lower-cased with runs of white space as one
/// space and none at the ends: a fixed, documented function, so keys never
/// change with the program's version (a general hasher may).
fn text_hash(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    };
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            feed(b" ");
        }
        feed(word.to_lowercase().as_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::{milestone_keys, text_hash};

    #[test]
    fn keys_ignore_case_and_spacing_but_not_words() {
        assert_eq!(
            text_hash("Ship  a REST API\n"),
            text_hash("ship a rest api")
        );
        assert_ne!(
            text_hash("ship a REST API"),
            text_hash("ship a GraphQL API")
        );
        // The published FNV-1a test value, so the function is the documented one.
        assert_eq!(text_hash("a"), 0xe40c_292c);
    }

    #[test]
    fn a_key_follows_its_text_not_its_position() {
        let before = milestone_keys(["Deploy it", "Write tests", "Write tests"]);
        let after = milestone_keys(["Write tests", "Add a new one", "Deploy it"]);
        assert_eq!(before[0], after[2]);
        assert_eq!(before[1], after[0]);
        assert_eq!(before[2], format!("{}-2", before[1]));
    }
}
