//! A role file exactly as written: the serde shape of `roles/*.yaml`.
//!
//! These types only decide what is syntactically allowed (which keys, which
//! value types). Meaning (slug patterns, ranges, cross references) is checked
//! in [`super::validate`], which turns them into model types.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleFile {
    pub title: String,
    pub slug: Option<String>,
    pub category: Option<String>,
    pub summary: String,
    pub description: Option<String>,
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<String>,
    pub skills: Vec<SkillEntry>,
    pub phases: Vec<PhaseEntry>,
    #[serde(default)]
    pub faqs: Vec<FaqEntry>,
    #[serde(default)]
    pub related: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillEntry {
    pub id: String,
    pub name: String,
    pub detail: Option<String>,
    pub weight: Option<u8>,
    #[serde(default)]
    pub keywords: Vec<KeywordEntry>,
}

/// A keyword is either a plain term or `{term: Go, case_sensitive: true}`.
#[derive(Debug)]
pub struct KeywordEntry {
    pub term: String,
    pub case_sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordSpec {
    term: String,
    #[serde(default)]
    case_sensitive: bool,
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
                })
            }
        }

        deserializer.deserialize_any(KeywordVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseEntry {
    pub title: String,
    pub duration_months: u32,
    pub summary: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<String>,
    #[serde(default)]
    pub resources: Vec<ResourceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    pub question: String,
    pub answer: String,
}
