// rolemap roadmap progress and pace, the rules without the page: what a
// progress file holds and how it is checked, how a visitor's pace rescales a
// roadmap's months, and what remains of a plan (docs/progress.md). The page
// wiring is roadmap-page.js; Node imports this module as it is.

/** What a progress file says it is, and the version this code writes. */
export const FORMAT = 'rolemap-progress';
export const VERSION = 1;

/** Bounds on what a visitor's file or storage may hold. */
export const LIMITS = { fileBytes: 1_000_000, roles: 10_000, marksPerRole: 5_000, minHours: 1, maxHours: 80 };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MARK = /^(?:skill:[a-z0-9]+(?:-[a-z0-9]+)*|milestone:m-[0-9a-f]{8}(?:-[0-9]+)?)$/;

/** Whether `hours` is a weekly study time a visitor may choose. */
export function validHours(hours) {
  return Number.isInteger(hours) && hours >= LIMITS.minHours && hours <= LIMITS.maxHours;
}

/**
 * A role's phases at `hours` a week, given their `months` at the site's
 * `siteHours`: each scaled and rounded, never under one month, then laid end
 * to end. Returns [{ start, end, months }] and the total.
 */
export function scaleMonths(months, siteHours, hours) {
  let next = 1;
  const phases = months.map((m) => {
    const scaled = Math.max(1, Math.round((m * siteHours) / hours));
    const phase = { start: next, end: next + scaled - 1, months: scaled };
    next += scaled;
    return phase;
  });
  return { phases, total: next - 1 };
}

/** A role's marks as kept: only the known ones, each once, in page order. */
export function keepKnown(marks, known) {
  const marked = new Set(marks);
  return known.filter((mark) => marked.has(mark));
}

/** The file "Save my progress" writes: every started role, and the pace if chosen. */
export function progressFile(roles, hours, now = new Date()) {
  const file = { format: FORMAT, version: VERSION, saved: now.toISOString(), roles: {} };
  if (hours != null) file.hours_per_week = hours;
  for (const slug of Object.keys(roles).sort()) if (roles[slug].length) file.roles[slug] = { done: roles[slug] };
  return file;
}

/** Why a progress file was refused: the code names a message of the page's strings. */
export class ProgressFileError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * Checks a progress file's text and returns { roles: { slug: [marks] },
 * hours } (hours null when the file chose none). Throws ProgressFileError:
 * too-large, not-json, not-progress, newer-version, bad-entry.
 */
export function readProgressFile(text) {
  if (text.length > LIMITS.fileBytes) throw new ProgressFileError('too-large');
  let file;
  try {
    file = JSON.parse(text);
  } catch (e) {
    throw new ProgressFileError('not-json');
  }
  if (!isObject(file) || file.format !== FORMAT || !Number.isInteger(file.version)) throw new ProgressFileError('not-progress');
  if (file.version > VERSION || file.version < 1) throw new ProgressFileError('newer-version');
  const hours = file.hours_per_week;
  if (hours !== undefined && !validHours(hours)) throw new ProgressFileError('bad-entry');
  if (!isObject(file.roles)) throw new ProgressFileError('bad-entry');
  const slugs = Object.keys(file.roles);
  if (slugs.length > LIMITS.roles) throw new ProgressFileError('too-large');
  const roles = {};
  for (const slug of slugs) {
    const entry = file.roles[slug];
    const done = isObject(entry) ? entry.done : null;
    if (!SLUG.test(slug) || !Array.isArray(done) || done.length > LIMITS.marksPerRole) throw new ProgressFileError('bad-entry');
    if (!done.every((mark) => typeof mark === 'string' && MARK.test(mark))) throw new ProgressFileError('bad-entry');
    roles[slug] = Array.from(new Set(done));
  }
  return { roles, hours: hours === undefined ? null : hours };
}

/**
 * A role's progress as kept in storage: { done: [marks], title, total }
 * (title and total, what can be marked, as its page last said; null when
 * unknown), or null for anything else.
 */
export function readStoredRole(text) {
  try {
    const stored = JSON.parse(text);
    if (!isObject(stored) || stored.version !== VERSION || !Array.isArray(stored.done)) return null;
    return {
      done: stored.done.filter((mark) => typeof mark === 'string' && MARK.test(mark)).slice(0, LIMITS.marksPerRole),
      title: typeof stored.title === 'string' ? stored.title.slice(0, 200) : null,
      total: Number.isInteger(stored.total) && stored.total > 0 ? stored.total : null,
    };
  } catch (e) {
    return null;
  }
}

/** What storage keeps for a role's progress (see readStoredRole). */
export function storedRole({ done, title = null, total = null }) {
  return JSON.stringify({ version: VERSION, done, title, total });
}

/** The share of a role done, in percent, when how much can be marked is known. */
export function percentDone(done, total) {
  return total ? Math.min(100, Math.round((100 * done) / total)) : null;
}

/**
 * The plan: each phase ({ key, skills: [ids], milestones: [keys] }) is done
 * when each of its skills is marked done or shown by the checker (`shown`, a
 * Set of skill ids), or, for a phase that teaches no skill, when each of its
 * milestones is marked done. Returns the phases left, each with the skills
 * and milestones it still has.
 */
export function remainingPlan(phases, done, shown) {
  const marked = new Set(done);
  const skillDone = (id) => marked.has('skill:' + id) || shown.has(id);
  return phases
    .map((phase) => ({
      phase,
      skills: phase.skills.filter((id) => !skillDone(id)),
      milestones: phase.milestones.filter((key) => !marked.has('milestone:' + key)),
    }))
    .filter((left) => (left.phase.skills.length ? left.skills.length > 0 : left.milestones.length > 0));
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
