//! A role file exactly as written: the serde shape of `roles/*.yaml`.
//!
//! These types only decide what is syntactically allowed (which keys, which
//! value types). Meaning (slug patterns, ranges, cross references) is checked
//! in [`super::validate`], which turns them into model types.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The slug rule, for the schema (validation checks it in Rust).
const SLUG_PATTERN: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";

/// Top-level keys of a role file, for did-you-mean hints.
pub const ROLE_KEYS: &[&str] = &[
    "title",
    "slug",
    "category",
    "summary",
    "description",
    "titles",
    "draft",
    "updated",
    "skills",
    "phases",
    "faqs",
    "related",
];

/// A rolemap role file (`roles/*.yaml`): one job role, its key skills, a
/// phased learning roadmap and FAQs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a role: a mapping with title, summary, skills and phases"
)]
#[schemars(title = "rolemap role")]
pub struct RoleFile {
    /// The role's name, e.g. Backend Developer.
    #[schemars(length(min = 1))]
    pub title: String,
    /// URL slug; defaults to the file name without .yaml.
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub slug: Option<String>,
    /// Groups roles on the index page.
    pub category: Option<String>,
    /// One markdown paragraph, under 300 characters.
    #[schemars(length(min = 1))]
    pub summary: String,
    /// A longer markdown introduction.
    pub description: Option<String>,
    /// Other job titles for the role.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Drafts are built only with --drafts.
    #[serde(default)]
    pub draft: bool,
    /// Last update, YYYY-MM-DD; the sitemap's lastmod.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub updated: Option<String>,
    /// Skills employers look for, most important first.
    #[schemars(length(min = 1))]
    pub skills: Vec<SkillEntry>,
    /// The learning roadmap, in order; months are derived from the durations.
    #[schemars(length(min = 1))]
    pub phases: Vec<PhaseEntry>,
    /// Frequently asked questions.
    #[serde(default)]
    pub faqs: Vec<FaqEntry>,
    /// Slugs of related roles.
    #[serde(default)]
    #[schemars(inner(regex(pattern = SLUG_PATTERN)))]
    pub related: Vec<String>,
}

/// One skill employers look for.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillEntry {
    /// Unique within the role; phases name skills by it.
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub id: String,
    /// Short name shown in the checklist.
    #[schemars(length(min = 1))]
    pub name: String,
    /// One markdown sentence under the name.
    pub detail: Option<String>,
    /// Importance in the fit score: 1 (nice to have) to 5 (core); default 1.
    #[schemars(range(min = 1, max = 5))]
    pub weight: Option<WholeNumber>,
    /// Terms that count as evidence of the skill in a CV.
    #[serde(default)]
    pub keywords: Vec<KeywordEntry>,
}

/// A keyword is either a plain term or `{term: Go, case_sensitive: true}`
/// (with `unless: [...]` for false friends).
#[derive(Debug)]
pub struct KeywordEntry {
    pub term: String,
    pub case_sensitive: bool,
    pub unless: Vec<String>,
}

/// A keyword with options.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeywordSpec {
    /// The term.
    term: String,
    /// Count it only with exactly this capitalisation (for words like Go).
    #[serde(default)]
    case_sensitive: bool,
    /// False friends: a mention directly followed by one of these terms is
    /// not evidence (`{term: Oracle, unless: [VirtualBox]}`).
    #[serde(default)]
    #[schemars(length(max = 16), inner(length(min = 1, max = 100)))]
    unless: Vec<String>,
}

impl JsonSchema for KeywordEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Keyword".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let spec = generator.subschema_for::<KeywordSpec>();
        schemars::json_schema!({
            "description": "A term matched without regard to case, or {term: Go, case_sensitive: true} (optionally with unless: [false friends]).",
            "anyOf": [{ "type": "string", "minLength": 1 }, spec]
        })
    }
}

impl<'de> Deserialize<'de> for KeywordEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeywordVisitor;

        impl<'de> Visitor<'de> for KeywordVisitor {
            type Value = KeywordEntry;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a term, or a mapping like {term: Go, case_sensitive: true}")
            }

            fn visit_str<E: de::Error>(self, term: &str) -> Result<KeywordEntry, E> {
                Ok(KeywordEntry {
                    term: term.to_owned(),
                    case_sensitive: false,
                    unless: Vec::new(),
                })
            }

            // Terms such as `3d` or `2fa` are fine; YAML may still read some as numbers.
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<KeywordEntry, E> {
                self.visit_str(&number.to_string())
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<KeywordEntry, A::Error> {
                let spec = KeywordSpec::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(KeywordEntry {
                    term: spec.term,
                    case_sensitive: spec.case_sensitive,
                    unless: spec.unless,
                })
            }
        }

        deserializer.deserialize_any(KeywordVisitor)
    }
}

/// One step of the roadmap.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseEntry {
    /// Heading of the phase.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Length in months, at least 1.
    #[schemars(range(min = 1))]
    pub duration_months: WholeNumber,
    /// Markdown summary.
    pub summary: Option<String>,
    /// Ids of the skills learned in this phase.
    #[serde(default)]
    #[schemars(inner(regex(pattern = SLUG_PATTERN)))]
    pub skills: Vec<String>,
    /// Outcomes that show the phase is done (inline markdown).
    #[serde(default)]
    pub milestones: Vec<String>,
    /// Where to learn.
    #[serde(default)]
    pub resources: Vec<ResourceEntry>,
}

/// A link to a learning resource.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    /// Link text.
    pub title: String,
    /// An http(s) URL, or a path within the site.
    pub url: String,
}

/// A frequently asked question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// The question.
    pub question: String,
    /// The markdown answer.
    pub answer: String,
}

/// A whole number as written, of any size or sign. Ranges are the model's
/// business: validation checks them with messages about the field, where
/// serde would name a Rust type ("expected u8").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeNumber(pub i64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = WholeNumber;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(number))
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(i64::try_from(number).unwrap_or(i64::MAX)))
            }
        }

        deserializer.deserialize_i64(NumberVisitor)
    }
}

impl JsonSchema for WholeNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WholeNumber".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer" })
    }
}
