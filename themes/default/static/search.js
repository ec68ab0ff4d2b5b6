// rolemap search, the rules without the page: the index of data/search.js
// made ready once, then each query ranked against it. A role matches when
// every word of the query starts a word of its title, other titles,
// category or skill names; title words count most. Node imports this module
// as it is; search-page.js wires it into the page.

/** The version of data/search.js this code reads. */
export const VERSION = 1;

/** Longest query read, in characters: nothing longer is typed into a search box. */
export const MAX_QUERY = 200;

const WEIGHTS = { title: 8, titles: 5, category: 2, skill: 3 };

/** Lower case, accents folded, every run of other characters one space;
 * `+ # .` stay inside words (c++, c#, node.js). */
export function normalise(text) {
  return (' ' + String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() + ' ')
    .replace(/[^\p{L}\p{N}+#.]+/gu, ' ')
    .replace(/(?<=\s)\.+|\.+(?=\s)/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The index of `data` (as data/search.js assigns it), ready to search. */
export function prepare(data) {
  if (!data || data.version !== VERSION || !Array.isArray(data.roles)) throw new Error('not a rolemap search index');
  const categories = data.categories.map(normalise);
  const skills = data.skills.map(normalise);
  return data.roles.map(([slug, title, category, titles, skillIds]) => ({
    slug,
    title,
    category: category >= 0 ? data.categories[category] : null,
    fields: {
      title: normalise(title),
      titles: normalise(titles.join(' \u00b7 ')),
      category: category >= 0 ? categories[category] : ' ',
      skill: ' ' + skillIds.map((id) => skills[id].trim()).join(' \u00b7 ') + ' ',
    },
    skillNames: skillIds.map((id) => data.skills[id]),
    skillFolded: skillIds.map((id) => skills[id]),
  }));
}

/**
 * The roles of `index` matching `query`, best first: { total, results:
 * [{ slug, title, category, skill }] } with at most `limit` results;
 * `skill` names the first skill a query word matched, when only skills
 * matched it.
 */
export function search(index, query, limit = 10) {
  const words = normalise(String(query).slice(0, MAX_QUERY)).trim().split(' ').filter(Boolean);
  if (!words.length) return { total: 0, results: [] };
  const scored = [];
  for (const role of index) {
    let score = 0;
    let skillWord = null;
    for (const word of words) {
      const best = wordScore(role.fields, word);
      if (!best) {
        score = 0;
        break;
      }
      score += best.score;
      if (best.field === 'skill' && skillWord == null) skillWord = word;
    }
    if (score) scored.push({ role, score, skillWord });
  }
  scored.sort((a, b) => b.score - a.score || a.role.title.localeCompare(b.role.title) || (a.role.slug < b.role.slug ? -1 : 1));
  return {
    total: scored.length,
    results: scored.slice(0, limit).map(({ role, skillWord }) => ({
      slug: role.slug,
      title: role.title,
      category: role.category,
      skill: skillWord == null ? null : role.skillNames[role.skillFolded.findIndex((name) => name.includes(' ' + skillWord))],
    })),
  };
}

// How well `word` matches a role's fields: the best field where it starts
// a word (a whole word counts half again), or null.
function wordScore(fields, word) {
  let best = null;
  for (const field of Object.keys(WEIGHTS)) {
    const text = fields[field];
    const at = text.indexOf(' ' + word);
    if (at < 0) continue;
    const whole = text.startsWith(' ', at + 1 + word.length) || text.indexOf(' ' + word + ' ') >= 0;
    const score = WEIGHTS[field] * (whole ? 1.5 : 1);
    if (!best || score > best.score) best = { field, score };
  }
  return best;
}
