//! The compact form of the checker data (docs/checker.md, section 11), the
//! one the browser reads: every distinct phrase once, in `phrases`, and
//! roles referring to them by index; each role's phases once, its skills
//! naming a phase by number; a phrase's or cue's token keys and joins
//! written as one *spelling* (`"continuous integration"`, `"ci/cd"`), since
//! keys never hold a space, `-` or `/`. `data/checker.js` carries every
//! role in this form and a role page its own role.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::compile::{Band, CheckRole, Cue, Exclusion, PhaseRef, Phrase, Settings};
use super::text::{FastMap, Join};

/// The version of the packed form, written as its `format` field.
pub const FORMAT: u32 = 2;

/// Checker data in the packed form, borrowing from the compiled roles.
#[derive(Debug, Serialize)]
pub struct Packed<'d> {
    /// [`FORMAT`].
    pub format: u32,
    /// Site-wide settings.
    pub settings: PackedSettings<'d>,
    /// The roles and their phrases.
    #[serde(flatten)]
    pub roles: PackedRoles<'d>,
}

/// Roles with the distinct phrases they name: [`Packed`] without the
/// site-wide part.
#[derive(Debug, Serialize)]
pub struct PackedRoles<'d> {
    /// Every distinct phrase of the roles' skills and titles, in order of
    /// first use.
    phrases: Vec<PackedPhrase<'d>>,
    /// The roles, in the order given.
    roles: Vec<PackedRole<'d>>,
}

/// The settings with every cue as its spelling.
#[derive(Debug)]
pub struct PackedSettings<'d>(pub &'d Settings);

/// A role whose phrases are indices into [`PackedRoles::phrases`].
#[derive(Debug, Serialize)]
struct PackedRole<'d> {
    slug: &'d str,
    title: &'d str,
    url: &'d str,
    titles: Vec<u32>,
    /// The phases that teach one of its skills, by number.
    phases: Vec<&'d PhaseRef>,
    skills: Vec<PackedSkill<'d>>,
}

/// A skill whose phrases are indices into [`PackedRoles::phrases`].
#[derive(Debug, Serialize)]
struct PackedSkill<'d> {
    id: &'d str,
    name: &'d str,
    weight: u8,
    phrases: Vec<u32>,
    /// The number of the first phase that teaches it.
    phase: Option<u32>,
}

/// A phrase as `[term, spelling, flags]` (flags: 1 case-sensitive,
/// 2 ordinary), with the spellings of its false friends as a fourth item
/// when it has any.
#[derive(Debug)]
struct PackedPhrase<'d>(&'d Phrase);

/// Packs `roles` (in that order) with `settings`.
pub fn pack<'d>(
    settings: &'d Settings,
    roles: impl IntoIterator<Item = &'d CheckRole>,
) -> Packed<'d> {
    Packed {
        format: FORMAT,
        settings: PackedSettings(settings),
        roles: pack_roles(roles),
    }
}

/// Packs `roles` (in that order) without the settings.
pub fn pack_roles<'d>(roles: impl IntoIterator<Item = &'d CheckRole>) -> PackedRoles<'d> {
    let mut phrases = Interner::default();
    let roles = roles
        .into_iter()
        .map(|role| PackedRole {
            slug: &role.slug,
            title: &role.title,
            url: &role.url,
            titles: role.titles.iter().map(|p| phrases.index(p)).collect(),
            phases: phases_of(role),
            skills: role
                .skills
                .iter()
                .map(|skill| PackedSkill {
                    id: &skill.id,
                    name: &skill.name,
                    weight: skill.weight,
                    phrases: skill.phrases.iter().map(|p| phrases.index(p)).collect(),
                    phase: skill.phase.as_ref().map(|phase| phase.number),
                })
                .collect(),
        })
        .collect();
    PackedRoles {
        phrases: phrases.list.into_iter().map(PackedPhrase).collect(),
        roles,
    }
}

/// The distinct phases that teach the skills of `role`, by number.
fn phases_of(role: &CheckRole) -> Vec<&PhaseRef> {
    let mut phases: Vec<&PhaseRef> = role
        .skills
        .iter()
        .filter_map(|s| s.phase.as_ref())
        .collect();
    phases.sort_by_key(|phase| phase.number);
    phases.dedup_by_key(|phase| phase.number);
    phases
}

/// Token keys and the joins between them as one string.
fn spelling(keys: &[String], joins: &[Join]) -> String {
    let mut spelled = String::new();
    for (index, key) in keys.iter().enumerate() {
        if index > 0 {
            spelled.push_str(joins.get(index - 1).map_or(" ", |join| join.as_str()));
        }
        spelled.push_str(key);
    }
    spelled
}

impl Serialize for PackedPhrase<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let phrase = self.0;
        let flags = u8::from(phrase.case_sensitive) | (u8::from(phrase.ordinary) << 1);
        let unless: Vec<String> = phrase
            .unless
            .iter()
            .map(|friend: &Exclusion| spelling(&friend.keys, &friend.joins))
            .collect();
        let mut seq = serializer.serialize_seq(Some(3 + usize::from(!unless.is_empty())))?;
        seq.serialize_element(&phrase.term)?;
        seq.serialize_element(&spelling(&phrase.keys, &phrase.joins))?;
        seq.serialize_element(&flags)?;
        if !unless.is_empty() {
            seq.serialize_element(&unless)?;
        }
        seq.end()
    }
}

impl Serialize for PackedSettings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let settings = self.0;
        let cues = |list: &[Cue]| -> Vec<String> {
            list.iter()
                .map(|cue| spelling(&cue.keys, &cue.joins))
                .collect()
        };
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry::<str, Vec<Band>>("bands", &settings.bands)?;
        for (name, list) in [
            ("negation_cues", &settings.negation_cues),
            ("negation_cues_after", &settings.negation_cues_after),
            ("negation_stops", &settings.negation_stops),
            ("negation_exceptions", &settings.negation_exceptions),
            ("double_negation", &settings.double_negation),
            ("list_conjunctions", &settings.list_conjunctions),
        ] {
            map.serialize_entry(name, &cues(list))?;
        }
        map.end()
    }
}

/// Items numbered in order of first use, equal items once: the phrases of
/// the checker data, the names of the search index.
pub(crate) struct Interner<T> {
    /// The distinct items, each at its number.
    pub(crate) list: Vec<T>,
    seen: FastMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            list: Vec::new(),
            seen: FastMap::default(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Copy> Interner<T> {
    /// The number of `item`, given it now if it is new.
    pub(crate) fn index(&mut self, item: T) -> u32 {
        let next = self.list.len() as u32;
        let index = *self.seen.entry(item).or_insert(next);
        if index == next {
            self.list.push(item);
        }
        index
    }
}
