//! The validated site model: roles, skills, phases and FAQs.
//!
//! Values of these types only come out of [`crate::load`] after validation,
//! so the rest of rolemap can rely on their invariants: slugs and skill ids
//! match the slug pattern, weights are 1 to 5, every phase lasts at least a
//! month and knows its month range, and every skill or role a role refers to
//! exists. The types serialise to the public shape of a role's `index.json`.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::layout;

/// An identifier that is safe in a URL and a file name: lower-case ASCII
/// letters and digits in groups joined by single hyphens
/// (`[a-z0-9]+(-[a-z0-9]+)*`). Used for role slugs and skill ids.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Validates `text` as a slug.
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        if Self::is_valid(text) {
            Ok(Slug(text.to_owned()))
        } else {
            Err(SlugError {
                suggestion: Self::suggest(text),
            })
        }
    }

    /// Whether `text` follows the slug pattern.
    pub fn is_valid(text: &str) -> bool {
        !text.is_empty()
            && text.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// The closest valid slug to `text`, for hints (`Backend Dev` → `backend-dev`).
    pub fn suggest(text: &str) -> Option<String> {
        // Letters beyond ASCII become their closest ASCII spelling
        // (`Qualität` → `qualitat`, `Sécurité` → `securite`), so a
        // translated category keeps a readable address.
        let lowered = deunicode::deunicode(text).to_lowercase();
        let words: Vec<&str> = lowered
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then(|| words.join("-"))
    }

    /// A stand-in slug for a file whose own is not valid, so the rest of
    /// the file can still be checked: the closest valid one, else `role`.
    pub fn fallback(text: &str) -> Slug {
        Slug(Self::suggest(text).unwrap_or_else(|| "role".to_owned()))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Why a text is not a slug, with the nearest valid one if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugError {
    /// A valid slug close to the rejected text.
    pub suggestion: Option<String>,
}

/// Longest phase, in months: ten years is a career, not a phase, and every
/// month is drawn on the timeline.
pub const MAX_PHASE_MONTHS: u32 = 120;

/// Longest roadmap, in months: twenty years. Bounds the timeline's month
/// ticks, the one thing a page draws per month.
pub const MAX_ROADMAP_MONTHS: u32 = 240;

/// Most false friends (`unless`) one keyword may list: a handful is what
/// real product names need, and each is checked after every match.
pub const MAX_UNLESS: usize = 16;

/// Longest false friend, in characters.
pub const MAX_UNLESS_CHARS: usize = 100;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible days such as 2026-02-30.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&day).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How much a skill counts in the fit score, from 1 (nice to have) to 5 (core).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Weight(u8);

impl Weight {
    /// The lowest weight, used when a skill gives none.
    pub const DEFAULT: Weight = Weight(1);

    /// A weight, if `value` is in 1..=5.
    pub fn new(value: u8) -> Option<Self> {
        (1..=5).contains(&value).then_some(Weight(value))
    }

    /// The weight as a number.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The importance band shown to readers: `core` (4–5), `important` (2–3)
    /// or `useful` (1).
    pub fn importance(self) -> Importance {
        match self.0 {
            4.. => Importance::Core,
            2..=3 => Importance::Important,
            _ => Importance::Useful,
        }
    }
}

/// A reader-facing band of skill weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Importance {
    /// Weight 4 or 5: employers expect it.
    Core,
    /// Weight 2 or 3: most postings ask for it.
    Important,
    /// Weight 1: helps, rarely decisive.
    Useful,
}

impl Importance {
    /// The strings table's key of the label shown next to a skill
    /// ("Core" in English).
    pub fn label_key(self) -> &'static str {
        match self {
            Importance::Core => "role_importance_core",
            Importance::Important => "role_importance_important",
            Importance::Useful => "role_importance_useful",
        }
    }
}

/// A term that counts as evidence of a skill in a CV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyword {
    /// The term as written by the author.
    pub term: String,
    /// Whether the term only counts with exactly this capitalisation
    /// (for ordinary words such as `Go` or `Rust`).
    pub case_sensitive: bool,
    /// False friends: a mention of the term directly followed by one of
    /// these is not evidence (`Oracle` unless `VirtualBox`).
    pub unless: Vec<String>,
}

/// One skill employers look for in a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skill {
    /// Identifier, unique within its role.
    pub id: Slug,
    /// Short name shown in the checklist.
    pub name: String,
    /// Markdown detail shown under the name.
    pub detail: Option<String>,
    /// Importance in the fit score.
    pub weight: Weight,
    /// Evidence terms for the readiness checker.
    pub keywords: Vec<Keyword>,
}

/// The months a phase covers, derived from the durations of the phases
/// before it. Months are counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    /// First month of the phase.
    pub start: u32,
    /// Last month of the phase, inclusive.
    pub end: u32,
}

impl MonthRange {
    /// Number of months in the range.
    pub fn duration(self) -> u32 {
        self.end - self.start + 1
    }

    /// Lays phases of the given durations (each at least 1) end to end:
    /// durations 3, 4, 5 give months 1–3, 4–7, 8–12.
    pub fn sequence(durations: impl IntoIterator<Item = u32>) -> Vec<MonthRange> {
        let mut next_start = 1;
        durations
            .into_iter()
            .map(|months| {
                let range = MonthRange {
                    start: next_start,
                    end: next_start.saturating_add(months.max(1) - 1),
                };
                next_start = range.end.saturating_add(1);
                range
            })
            .collect()
    }
}

impl Serialize for MonthRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("start_month", &self.start)?;
        map.serialize_entry("end_month", &self.end)?;
        map.serialize_entry("duration_months", &self.duration())?;
        map.end()
    }
}

/// A link to a learning resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// Link text.
    pub title: String,
    /// Absolute http(s) or site-relative URL.
    pub url: String,
}

/// One step of a role's learning roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// Position in the roadmap, from 1.
    pub number: u32,
    /// Heading of the phase.
    pub title: String,
    /// The months this phase covers, serialised as `start_month`,
    /// `end_month` and `duration_months`.
    #[serde(flatten)]
    pub months: MonthRange,
    /// Markdown summary.
    pub summary: Option<String>,
    /// Ids of the skills learned in this phase, all defined by the role.
    pub skills: Vec<Slug>,
    /// Outcomes that show the phase is done.
    pub milestones: Vec<String>,
    /// Where to learn.
    pub resources: Vec<Resource>,
}

/// A question and its markdown answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Faq {
    /// The question.
    pub question: String,
    /// Markdown answer.
    pub answer: String,
}

/// A job role, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// URL slug, unique across the site.
    pub slug: Slug,
    /// Role name.
    pub title: String,
    /// Group on the index page.
    pub category: Option<String>,
    /// One-paragraph markdown summary.
    pub summary: String,
    /// Longer markdown introduction.
    pub description: Option<String>,
    /// Other job titles for the role.
    pub titles: Vec<String>,
    /// Drafts are built only on request.
    pub draft: bool,
    /// Last content update, used as the sitemap's lastmod.
    pub updated: Option<Date>,
    /// Skills employers look for, in the author's order.
    pub skills: Vec<Skill>,
    /// The roadmap, in order.
    pub phases: Vec<Phase>,
    /// Frequently asked questions.
    pub faqs: Vec<Faq>,
    /// Slugs of related roles, all defined by the site.
    pub related: Vec<Slug>,
}

impl Role {
    /// Length of the whole roadmap in months.
    pub fn total_months(&self) -> u32 {
        self.phases.last().map_or(0, |phase| phase.months.end)
    }

    /// The skill with this id.
    pub fn skill(&self, id: &Slug) -> Option<&Skill> {
        self.skills.iter().find(|skill| &skill.id == id)
    }

    /// The first phase that teaches the skill with this id.
    pub fn phase_teaching(&self, id: &Slug) -> Option<&Phase> {
        self.phases.iter().find(|phase| phase.skills.contains(id))
    }

    /// Site-relative path of the role's page.
    pub fn page_path(&self) -> String {
        layout::role_page(self.slug.as_str())
    }

    /// Site-relative URL of the role's page, without `index.html`.
    pub fn url_path(&self) -> String {
        layout::role_url(self.slug.as_str())
    }
}

/// Whether two loads of a role are the same: usually the very same value,
/// since unchanged files are not read again.
pub fn same_role(a: &Arc<Role>, b: &Arc<Role>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_pattern() {
        for good in ["a", "backend-developer", "web3", "c-2-x"] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "Backend", "a_b", "a b", "ü"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Slug::suggest("Backend  Dev!"), Some("backend-dev".into()));
    }

    #[test]
    fn months_follow_from_durations() {
        let ranges = MonthRange::sequence([3, 4, 5, 6]);
        let pairs: Vec<(u32, u32)> = ranges.iter().map(|r| (r.start, r.end)).collect();
        assert_eq!(pairs, [(1, 3), (4, 7), (8, 12), (13, 18)]);
        assert_eq!(ranges[3].duration(), 6);
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(
            Date::parse("2026-11-01").map(|d| d.to_string()),
            Some("2026-11-01".into())
        );
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-11-01",
            "2026-11-0a",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}
