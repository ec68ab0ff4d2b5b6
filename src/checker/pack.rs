//! The compact form of the checker data (docs/checker.md, section 11), the
//! one the browser reads: every distinct phrase once, in `phrases`, and
//! roles referring to them by index; each role's phases once, its skills
//! naming a phase by number. `data/checker.js` carries every role in this
//! form and a role page its own role, so the same phrase list never repeats
//! a term however many roles use it.

use std::collections::HashMap;

use serde::Serialize;

use super::compile::{CheckRole, PhaseRef, Phrase, Settings};

/// The version of the packed form, written as its `format` field.
pub const FORMAT: u32 = 2;

/// Checker data in the packed form, borrowing from the compiled roles.
#[derive(Debug, Serialize)]
pub struct Packed<'d> {
    /// [`FORMAT`].
    pub format: u32,
    /// Site-wide settings, as in the compiled data.
    pub settings: &'d Settings,
    /// Every distinct phrase of the roles' skills and titles, in order of
    /// first use.
    pub phrases: Vec<&'d Phrase>,
    /// The roles, in the order given.
    pub roles: Vec<PackedRole<'d>>,
}

/// A role whose phrases are indices into [`Packed::phrases`].
#[derive(Debug, Serialize)]
pub struct PackedRole<'d> {
    slug: &'d str,
    title: &'d str,
    url: &'d str,
    titles: Vec<u32>,
    /// The phases that teach one of its skills, by number.
    phases: Vec<&'d PhaseRef>,
    skills: Vec<PackedSkill<'d>>,
}

/// A skill whose phrases are indices into [`Packed::phrases`].
#[derive(Debug, Serialize)]
struct PackedSkill<'d> {
    id: &'d str,
    name: &'d str,
    weight: u8,
    phrases: Vec<u32>,
    /// The number of the first phase that teaches it.
    phase: Option<u32>,
}

/// Packs `roles` (in that order) with `settings`.
pub fn pack<'d>(
    settings: &'d Settings,
    roles: impl IntoIterator<Item = &'d CheckRole>,
) -> Packed<'d> {
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
    Packed {
        format: FORMAT,
        settings,
        phrases: phrases.list,
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

/// Phrases numbered in order of first use, equal phrases once.
#[derive(Default)]
struct Interner<'d> {
    list: Vec<&'d Phrase>,
    seen: HashMap<&'d Phrase, u32>,
}

impl<'d> Interner<'d> {
    fn index(&mut self, phrase: &'d Phrase) -> u32 {
        let next = self.list.len() as u32;
        let index = *self.seen.entry(phrase).or_insert(next);
        if index == next {
            self.list.push(phrase);
        }
        index
    }
}
