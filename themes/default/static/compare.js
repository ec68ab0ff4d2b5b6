// rolemap role comparison, the rules without the page: what a second role
// needs beyond a first, from the checker data (docs/checker.md, section 11,
// as unpack() gives it). Node imports this module as it is.

/**
 * Compares role `to` with role `from`: `shared`, the skills of `to` that
 * `from` has too ([{ skill, as }], `as` the skill of `from` that covers it:
 * the same id or name, or one sharing a keyword with it); `toLearn`, the
 * rest, most important first, each with the phase of `to` that teaches it
 * ([{ skill, phase }], phase null when none does); and `phases`, those
 * phases in order, with the months they cover together.
 */
export function compareRoles(from, to) {
  const byId = new Map(from.skills.map((skill) => [skill.id, skill]));
  const byName = new Map(from.skills.map((skill) => [skill.name.toLowerCase(), skill]));
  const byPhrase = new Map();
  for (const skill of from.skills) for (const phrase of skill.phrases) if (!byPhrase.has(phrase)) byPhrase.set(phrase, skill);
  const phases = new Map(to.phases.map((phase) => [phase.number, phase]));
  const shared = [];
  const toLearn = [];
  for (const skill of to.skills) {
    const as = byId.get(skill.id) || byName.get(skill.name.toLowerCase()) ||
      skill.phrases.map((phrase) => byPhrase.get(phrase)).find(Boolean);
    if (as) shared.push({ skill, as });
    else toLearn.push({ skill, phase: phases.get(skill.phase) || null });
  }
  toLearn.sort((a, b) => b.skill.weight - a.skill.weight);
  const teaching = Array.from(new Set(toLearn.filter((entry) => entry.phase).map((entry) => entry.phase.number)))
    .sort((a, b) => a - b)
    .map((number) => phases.get(number));
  const months = teaching.reduce((sum, phase) => sum + phase.end_month - phase.start_month + 1, 0);
  return { shared, toLearn, phases: teaching, months };
}
