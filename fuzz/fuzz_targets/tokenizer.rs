//! Any text through the checker's tokeniser and matcher: tokens must lie
//! inside the text, in order, and scoring must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolemap::checker::compile::{CheckRole, CheckSkill, Phrase, Settings};
use rolemap::checker::text::{normalise, tokenize};

fuzz_target!(|text: &str| {
    let chars = normalise(text);
    let tokens = tokenize(&chars);
    let mut end = 0;
    for token in &tokens {
        assert!(token.start >= end && token.start < token.end && token.end <= chars.len());
        end = token.end;
    }
    let phrases = ["node.js", "c++", "ci/cd", "python", "react native", "Go"]
        .iter()
        .filter_map(|term| Phrase::new(term, *term == "Go"))
        .collect();
    let role = CheckRole {
        slug: "fuzz".to_owned(),
        title: "Fuzz".to_owned(),
        url: "roles/fuzz/index.html".to_owned(),
        skills: vec![CheckSkill {
            id: "all".to_owned(),
            name: "All".to_owned(),
            weight: 3,
            phrases,
            phase: None,
        }],
    };
    let fit = rolemap::checker::score(text, &role, &Settings::default());
    assert!(fit.score <= 100);
});
