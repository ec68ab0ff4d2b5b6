//! Properties that must hold for any input, not just the examples: the slug
//! rule, month derivation and the markdown filter's safety.

use proptest::prelude::*;
use rolemap::markdown::to_html;
use rolemap::model::{MonthRange, Slug};

proptest! {
    #[test]
    fn slugs_are_exactly_the_pattern(text in "[a-z0-9-]{0,12}|\\PC{0,12}") {
        let by_pattern = !text.is_empty()
            && text.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        prop_assert_eq!(Slug::parse(&text).is_ok(), by_pattern);
        // A suggestion, when there is one, is itself a valid slug.
        if let Some(suggestion) = Slug::suggest(&text) {
            prop_assert!(Slug::is_valid(&suggestion), "{suggestion}");
        }
    }

    #[test]
    fn months_run_end_to_end(durations in prop::collection::vec(1u32..48, 1..10)) {
        let ranges = MonthRange::sequence(durations.clone());
        prop_assert_eq!(ranges[0].start, 1);
        for (range, duration) in ranges.iter().zip(&durations) {
            prop_assert_eq!(range.duration(), *duration);
        }
        for pair in ranges.windows(2) {
            prop_assert_eq!(pair[1].start, pair[0].end + 1);
        }
        prop_assert_eq!(ranges.last().unwrap().end, durations.iter().sum::<u32>());
    }

    #[test]
    fn markdown_never_carries_script(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
            "<a href=\"JAVASCRIPT:alert(1)\">x</a>", "<svg onload=alert(1)>", "<iframe src=x>", "</script>",
            "**bold**", "`code`", "\n\n", " text ", "<", ">", "&", "\"", "[^1]", "\n\n[^1]: note", "| a | b |\n|---|---|\n| 1 | 2 |",
            "<div style=\"x\">", "&#106;avascript:", "![i](data:text/html,x)", "<!-- -->", "<style>x</style>",
        ]), 0..12),
        inline in any::<bool>(),
    ) {
        let html = to_html(&pieces.concat(), inline).to_lowercase();
        // Escaped text has no raw '<': every '<' opens a real tag.
        for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or("")) {
            let name = tag.split_whitespace().next().unwrap_or("");
            prop_assert!(!["script", "iframe", "style", "object", "embed", "svg"].contains(&name), "<{}> in {}", tag, html);
            for attribute in [" on", " style=", "=\"javascript:", "=\"data:"] {
                prop_assert!(!tag.contains(attribute), "{} in <{}>", attribute, tag);
            }
        }
    }
}
