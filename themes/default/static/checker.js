// rolemap readiness checker, the matching core: docs/checker.md in code, the
// twin of src/checker/. No DOM, no dependencies, no network. Node imports it
// (the parity test, the benchmark); checker-page.js wires it into the pages.
// The only module syntax is `export` at the start of a line, so rolemap can
// derive assets/checker.classic.js for pages opened from a folder.

// Unicode White_Space, spelled out: JS's \s also holds U+FEFF.
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WHITE_SPACE_RUN = new RegExp('[' + WHITE_SPACE + ']+', 'g');
const ONE_WHITE_SPACE = new RegExp('^[' + WHITE_SPACE + ']$');
const BREAK_HYPHEN = new RegExp('^-[' + WHITE_SPACE + ']+$');
const SOFT_BREAK = new RegExp('\xad(?=[' + WHITE_SPACE + '])', 'g');
const LOWER = /\p{Lowercase}/u;
// Section 2: list marks, and the words that make a break hyphen suspended.
const BULLETS = '•·▪‣◦●■';
const OPENING_MARKS = ',;:|/&([*-' + BULLETS;
const CLOSING_MARKS = ',;|/)]' + BULLETS;
const CONJUNCTIONS = ['and', 'or', 'nor', 'und', 'oder', 'et', 'ou', 'y', 'e', 'o'];
const WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;
const LETTER = /^\p{Alphabetic}$/u;
const VERSION = /^[0-9]+(?:\.[0-9]+)*$/;
const ENDS_WITH_LETTER = /\p{Alphabetic}$/u;

function isWordChar(char) {
  const code = char.charCodeAt(0);
  if (code >= 128) return WORD_CHAR.test(char);
  const lower = code | 32;
  return (code > 47 && code < 58) || (lower > 96 && lower < 123);
}

// Section 1: invisible characters removed, NFKC, soft hyphens resolved,
// typographic quotes and dashes folded.
function normalise(text) {
  return String(text)
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .normalize('NFKC')
    .replace(SOFT_BREAK, '-')
    .replace(/\xad/g, '')
    .replace(/[\u2018-\u201b\u2032]/g, "'")
    .replace(/[\u201c-\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

// Section 2, over the display text as an array of code points, with the
// token facts that section 4 needs.
function lex(chars) {
  const tokens = [];
  const length = chars.length;
  const inAddress = addresses(chars);
  let previousEnd = 0;
  let i = 0;
  while (i < length) {
    const leadingDot =
      chars[i] === '.' && i + 1 < length && isWordChar(chars[i + 1]) && !(i > 0 && isWordChar(chars[i - 1]));
    if (!leadingDot && !isWordChar(chars[i])) {
      i++;
      continue;
    }
    const start = i++;
    while (i < length && (isWordChar(chars[i]) || ('.&_'.includes(chars[i]) && i + 1 < length && isWordChar(chars[i + 1])))) i++;
    while (i < length && (chars[i] === '+' || chars[i] === '#')) i++;
    const gap = chars.slice(previousEnd, start);
    const gapText = gap.join('');
    const text = chars.slice(start, i).join('');
    const key = text.toLowerCase();
    const last = tokens[tokens.length - 1];
    const join = !last ? ' ' : gapText === '-' || gapText === '/' ? gapText : BREAK_HYPHEN.test(gapText) ? '- ' : ' ';
    const sentenceStart = !last || (/[.!?]/.test(gapText) && ONE_WHITE_SPACE.test(gap[gap.length - 1]));
    const lineStart = join !== '- ' && gapText.includes('\n');
    const listed = join === ' ' || join === '/';
    let firstMark = '';
    let lastMark = '';
    for (const c of gap) {
      if (c !== ' ' && !ONE_WHITE_SPACE.test(c)) {
        firstMark ||= c;
        lastMark = c;
      }
    }
    if (last) {
      last.closes = lineStart || (listed && !!firstMark && CLOSING_MARKS.includes(firstMark));
      if (join === '- ' && !CONJUNCTIONS.includes(key)) {
        last.fusedKey = last.key + key;
        last.fusedText = last.text + text;
      }
    }
    tokens.push({
      text,
      key,
      start,
      end: i,
      join,
      sentence_start: sentenceStart,
      line_start: lineStart,
      address: inAddress[start],
      opens: !last || lineStart || sentenceStart || (listed && !!lastMark && OPENING_MARKS.includes(lastMark)),
      follows: join[0] === '-' || (!!last && gap.length > 0 && !lastMark && !lineStart),
      // Set later; present now so all tokens share one shape.
      closes: true,
      caps: false,
      fusedKey: '',
      fusedText: '',
    });
    previousEnd = i;
  }
  // All-caps lines: no token with a lower-case letter, one with a cased one.
  for (let line = 0, end; line < tokens.length; line = end) {
    for (end = line + 1; end < tokens.length && !tokens[end].line_start; end++);
    const span = tokens.slice(line, end);
    const caps = !span.some((t) => LOWER.test(t.text)) && span.some((t) => t.key !== t.text);
    for (const t of span) t.caps = caps;
  }
  return tokens;
}

// Section 2: which code points lie in an address.
function addresses(chars) {
  const inside = new Uint8Array(chars.length);
  for (let start = 0; start < chars.length; ) {
    let end = start;
    let marked = false; // only a run with one of these can hold an address
    for (; end < chars.length && !ONE_WHITE_SPACE.test(chars[end]); end++) marked ||= ':@wW'.includes(chars[end]);
    const range = marked && addressIn(chars.slice(start, end));
    if (range) inside.fill(1, start + range[0], start + range[1]);
    start = end + 1;
  }
  return inside;
}

function addressIn(run) {
  const n = run.length;
  const word = (k) => k >= 0 && k < n && isWordChar(run[k]);
  let host = run.findIndex((c, k) => c === ':' && run[k + 1] === '/' && run[k + 2] === '/') + 3;
  if (host < 3) {
    if (run.some((c, k) => c === '@' && word(k - 1) && word(k + 1))) return [0, n];
    host = run.findIndex((c, k) => !word(k - 1) && run.slice(k, k + 4).join('').toLowerCase() === 'www.');
    if (host < 0) return null;
  }
  let end = host;
  while (end < n && !'/?#'.includes(run[end])) end++;
  return [host, end];
}

// Section 4, folding of the last key: whether text key `textKey` is a
// folded form of phrase key `phraseKey`.
function foldsTo(phraseKey, textKey) {
  if (textKey === phraseKey) return true;
  if (textKey.length <= phraseKey.length) return false;
  const phraseChars = Array.from(phraseKey);
  const lastChar = phraseChars[phraseChars.length - 1];
  if (!lastChar) return false;
  if (textKey.startsWith(phraseKey)) {
    const suffix = textKey.slice(phraseKey.length);
    if (LETTER.test(lastChar) && (VERSION.test(suffix) || (suffix === 's' && phraseChars.length > 1))) return true;
    if (suffix === 'es' && phraseChars.length > 1 && /(?:[sxz]|ch|sh)$/.test(phraseKey)) return true;
  }
  const beforeLast = phraseChars[phraseChars.length - 2];
  return (
    lastChar === 'y' &&
    !!beforeLast &&
    LETTER.test(beforeLast) &&
    !'aeiou'.includes(beforeLast) &&
    textKey === phraseKey.slice(0, -1) + 'ies'
  );
}

// The phrase keys a text key may be a folded form of (checked again by foldsTo).
function stems(textKey) {
  const found = [];
  let versionStart = textKey.length;
  while (versionStart && '0123456789.'.includes(textKey[versionStart - 1])) versionStart--;
  const name = textKey.slice(0, versionStart);
  if (VERSION.test(textKey.slice(versionStart)) && ENDS_WITH_LETTER.test(name)) found.push(name);
  if (textKey.endsWith('s')) found.push(textKey.slice(0, -1));
  if (textKey.endsWith('es')) found.push(textKey.slice(0, -2));
  if (textKey.endsWith('ies')) found.push(textKey.slice(0, -3) + 'y');
  return found;
}

// Rules 1 and 2 of section 4: `keys` and `joins` at token `start`.
function keysMatchAt(tokens, keys, joins, start, caseSensitive, fold) {
  const count = keys.length;
  if (!count || start + count > tokens.length) return false;
  for (let k = 0; k < count; k++) {
    const token = tokens[start + k];
    const same = caseSensitive
      ? token.text === keys[k]
      : token.key === keys[k] || (fold && k === count - 1 && foldsTo(keys[k], token.key));
    if (!same) return false;
    if (k && (joins[k - 1] === '/') !== (token.join === '/')) return false;
  }
  return true;
}

// Rules 1 and 2 of section 4: [end, read in upper case] or null.
function read(tokens, keys, joins, start, caseSensitive) {
  let at = start;
  let upper = false;
  for (let k = 0; k < keys.length; k++) {
    const token = tokens[at];
    if (!token || (k && (joins[k - 1] === '/') !== (token.join === '/'))) return null;
    const want = keys[k];
    const last = k === keys.length - 1;
    // 1: as written, 2: in upper case, 0: not read.
    const same = (key, text) =>
      caseSensitive
        ? text === want
          ? 1
          : +(token.caps && text === want.toUpperCase()) * 2
        : +(last ? foldsTo(want, key) : key === want);
    let got = same(token.key, token.text);
    if (got) at++;
    else if (token.fusedKey && (got = same(token.fusedKey, token.fusedText))) at += 2;
    else return null;
    upper ||= got === 2;
  }
  return [at, upper];
}

function addToIndex(index, key, position) {
  const positions = index.get(key);
  if (positions) positions.push(position);
  else index.set(key, [position]);
}

// Section 8. A cue covers WINDOW tokens after it (counted again from each
// one-word list item), MAX_SCOPE at most; the gap before a token can end a
// clause (BOUNDARY), hold a comma (COMMA) or start a note on what precedes
// it (LABEL).
const WINDOW = 4;
const MAX_SCOPE = 40;
const BOUNDARY = 1;
const COMMA = 2;
const LABEL = 4;

function gapKinds(chars, tokens) {
  return tokens.map((token, t) => {
    if (!t) return BOUNDARY;
    if (token.join === '- ') return 0;
    const gap = chars.slice(tokens[t - 1].end, token.start).join('');
    const dash = gap.includes('-') && gap !== '-';
    return (
      (dash || /[\n.!?;:()[\]{}|\u2022\u00b7]/.test(gap) ? BOUNDARY : 0) |
      (gap.includes(',') ? COMMA : 0) |
      (!gap.includes('\n') && (dash || /[:([=]/.test(gap)) ? LABEL : 0)
    );
  });
}

// Occurrences [first token, length] of a list's terms, not inside a hyphenated word.
function termsIn(tokens, byKey, list) {
  const found = [];
  for (const term of list || []) {
    const n = term.keys.length;
    for (const i of byKey.get(term.keys[0]) || []) {
      if (
        keysMatchAt(tokens, term.keys, term.joins || [], i, false, false) &&
        tokens[i].join !== '-' &&
        !(i + n < tokens.length && tokens[i + n].join === '-')
      )
        found.push([i, n]);
    }
  }
  return found;
}

// Whether a match starting at each token is negated.
function negatedTokens(chars, tokens, byKey, settings) {
  const n = tokens.length;
  const negated = new Uint8Array(n);
  if (!n) return negated;
  const gaps = gapKinds(chars, tokens);
  const find = (key) => termsIn(tokens, byKey, settings[key]);
  const starting = (found) => {
    const longest = new Uint8Array(n);
    for (const [start, len] of found) longest[start] = Math.max(longest[start], len);
    return longest;
  };
  const stops = find('negation_stops');
  const stopLen = starting(stops);
  const conjLen = starting(find('list_conjunctions'));
  const undoLen = starting(find('double_negation'));
  const shield = new Uint8Array(n);
  const stopCover = new Uint8Array(n);
  for (const [start, len] of stops) stopCover.fill(1, start, start + len);
  for (const [start, len] of stops.concat(find('negation_exceptions'))) {
    for (let t = start; t < start + len; t++) shield[t] = Math.max(shield[t], len);
  }
  const isCue = ([start, len]) => shield.subarray(start, start + len).every((s) => s < len);
  const oneWord = (t) => {
    if (t >= n) return false;
    let u = t + 1;
    while (u < n && tokens[u].join !== ' ') u++;
    return u === n || !!(gaps[u] & (BOUNDARY | COMMA)) || conjLen[u] > 0 || stopLen[u] > 0;
  };
  const cancelled = new Uint8Array(n);
  const before = find('negation_cues').filter(isCue).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [start, len] of before) {
    if (cancelled[start]) continue;
    const last = start + len - 1;
    let base = last;
    for (let k = last + 1; k < n && k - last <= MAX_SCOPE; k++) {
      if (gaps[k] & BOUNDARY || stopLen[k]) break;
      if (gaps[k] & COMMA) {
        const item = k + conjLen[k];
        if (!oneWord(item)) break;
        base = item - 1;
      } else if (conjLen[k] && oneWord(k + conjLen[k])) base = k + conjLen[k] - 1;
      if (k > base + WINDOW) break;
      if (undoLen[k]) {
        cancelled[k] = 1;
        break;
      }
      negated[k] = 1;
    }
  }
  for (const [start, len] of find('negation_cues_after').filter(isCue)) {
    const after = start + len;
    if (!start || !(gaps[start] & LABEL) || !(after === n || gaps[after] & (BOUNDARY | COMMA))) continue;
    for (let k = start - 1, count = 0; count < WINDOW && !stopCover[k]; k--, count++) {
      negated[k] = 1;
      if (!k || gaps[k] & (BOUNDARY | COMMA)) break;
    }
  }
  return negated;
}

// Section 11: the packed data as the matcher reads it, each spelling split
// into its token keys and the joins between them (keys never hold a space,
// `-` or `/`). Done once per page, not per text.
export function unpack(packed) {
  const settings = {};
  for (const [name, value] of Object.entries(packed.settings)) settings[name] = name === 'bands' ? value : value.map(spelled);
  const phrases = packed.phrases.map(([term, spelling, flags, unless]) => {
    const { keys, joins } = spelled(spelling);
    return { term, keys, joins, case_sensitive: (flags & 1) === 1, ordinary: (flags & 2) === 2, unless: (unless || []).map(spelled) };
  });
  return { settings, phrases, roles: packed.roles };
}

function spelled(spelling) {
  const parts = spelling.split(/([ /-])/);
  return { keys: parts.filter((_, i) => i % 2 === 0), joins: parts.filter((_, i) => i % 2 === 1) };
}

// A text prepared once for the roles of one data set (unpacked): code
// points, tokens, tokens by key and by folded stem, negation; where each
// phrase occurs is found on first use and kept.
export function analyse(text, data) {
  const settings = data.settings || {};
  const chars = Array.from(normalise(text));
  const tokens = lex(chars);
  const byKey = new Map();
  const byStem = new Map();
  tokens.forEach((token, i) => {
    for (const key of token.fusedKey ? [token.key, token.fusedKey] : [token.key]) {
      addToIndex(byKey, key, i);
      for (const stem of stems(key)) addToIndex(byStem, stem, i);
    }
  });
  return {
    chars,
    tokens,
    byKey,
    byStem,
    negated: negatedTokens(chars, tokens, byKey, settings),
    phrases: data.phrases,
    occurrences: new Array(data.phrases.length),
    // Scratch space for one role's candidates and their order.
    found: [],
    order: new Float64Array(64),
    snippets: new Map(),
    // Tokens covered, stamped with `pass` so the array is never cleared.
    covered: new Int32Array(tokens.length),
    pass: 0,
  };
}

// Where the phrase with index `id` counts (rules 1 to 7 of section 4), as
// (first token, length) pairs in one typed array.
function occurrences(analysis, id) {
  let positions = analysis.occurrences[id];
  if (!positions) {
    const phrase = analysis.phrases[id];
    const caseSensitive = !!phrase.case_sensitive;
    const single = phrase.keys.length === 1;
    const firstKey = phrase.keys.length ? (caseSensitive ? phrase.keys[0].toLowerCase() : phrase.keys[0]) : null;
    const pairs = [];
    for (const i of (analysis.byKey.get(firstKey) || []).concat((single && !caseSensitive && analysis.byStem.get(firstKey)) || [])) {
      const got = read(analysis.tokens, phrase.keys, phrase.joins || [], i, caseSensitive);
      if (got && countsAt(analysis.tokens, phrase, i, got[0], got[1]) && !excluded(analysis.tokens, phrase, got[0])) pairs.push(i, got[0] - i);
    }
    analysis.occurrences[id] = positions = Int32Array.from(pairs);
  }
  return positions;
}

function negatedAt(analysis, start) {
  return analysis.negated[start] === 1;
}

// Rules 3 to 6 of section 4, where rules 1 and 2 read the phrase.
function countsAt(tokens, phrase, start, end, upper) {
  const first = tokens[start];
  const next = tokens[end];
  const hyphen = (token) => token.join === '-' || token.join === '- ';
  return (
    !tokens.slice(start, end).some((t) => t.address) &&
    // A hyphen never joins the first token, so start - 1 exists.
    !(hyphen(first) && (phrase.ordinary || tokens[start - 1].key === 'non')) &&
    !(phrase.ordinary && next && (hyphen(next) || (next.follows && /^(19|20)[0-9]{2}$/.test(next.text)))) &&
    !(phrase.case_sensitive && (first.sentence_start || upper) && !(first.opens && tokens[end - 1].closes))
  );
}

// Rule 7 of section 4: a false friend directly after an occurrence.
function excluded(tokens, phrase, end) {
  const next = tokens[end];
  return !!next && next.follows && phrase.unless.some((x) => read(tokens, x.keys, x.joins || [], end, false));
}

// Section 6: every kept match of the role's phrases, in text order, as
// { skill, phrase (indices into the role), first (token), len, negated }.
export function matchRole(analysis, role) {
  const found = analysis.found; // (first token, length, skill, phrase) of each candidate
  found.length = 0;
  role.skills.forEach((skill, s) =>
    skill.phrases.forEach((id, p) => {
      const at = occurrences(analysis, id);
      for (let o = 0; o < at.length; o += 2) found.push(at[o], at[o + 1], s, p);
    }),
  );
  return resolveCandidates(analysis, found);
}

// The kept matches of the candidates in `found`, in text order. Candidates
// are swept in order of start: the longest-first choice only matters within
// a run of overlapping candidates, so only those are sorted.
function resolveCandidates(analysis, found) {
  const count = found.length / 4;
  const q = found;
  if (analysis.order.length < count) analysis.order = new Float64Array(2 * count);
  const order = analysis.order.subarray(0, count);
  for (let c = 0; c < count; c++) order[c] = q[4 * c] * count + c;
  order.sort();
  const kept = [];
  let runFrom = 0; // where the current run of overlapping candidates starts in `kept`
  let runEnd = -1;
  for (let o = 0; o < count; o++) {
    const c = order[o] - Math.floor(order[o] / count) * count;
    const first = q[4 * c];
    if (first >= runEnd) {
      resolveRun(analysis, kept, runFrom);
      runFrom = kept.length;
    }
    const len = q[4 * c + 1];
    kept.push({ skill: q[4 * c + 2], phrase: q[4 * c + 3], first, len, negated: analysis.negated[first] === 1 });
    if (first + len > runEnd) runEnd = first + len;
  }
  resolveRun(analysis, kept, runFrom);
  return kept;
}

// The longest-first choice of section 6 within one run of overlapping
// candidates, kept[from..]: the winners stay, in text order.
function resolveRun(analysis, kept, from) {
  if (kept.length - from < 2) return;
  const run = kept.splice(from);
  run.sort((a, b) => b.len - a.len || a.first - b.first || a.skill - b.skill || a.phrase - b.phrase);
  const covered = analysis.covered;
  const pass = ++analysis.pass;
  const winners = run.filter((m) => {
    for (let k = m.first; k < m.first + m.len; k++) if (covered[k] === pass) return false;
    return covered.fill(pass, m.first, m.first + m.len);
  });
  for (const m of winners.sort((a, b) => a.first - b.first)) kept.push(m);
}

// A match's [start, end) in code points of the display text.
export function matchSpan(analysis, match) {
  return tokenSpan(analysis, match.first, match.len);
}

function tokenSpan(analysis, first, len) {
  return [analysis.tokens[first].start, analysis.tokens[first + len - 1].end];
}

// Section 9, the evidence snippet of the match of `len` tokens from token `first`.
function snippet(analysis, first, len) {
  const key = first * (analysis.tokens.length + 1) + len;
  let text = analysis.snippets.get(key);
  if (text == null) analysis.snippets.set(key, (text = cutSnippet(analysis, first, len)));
  return text;
}

function cutSnippet(analysis, first, len) {
  const chars = analysis.chars;
  const length = chars.length;
  const [start, end] = tokenSpan(analysis, first, len);
  let from = Math.max(0, start - 40);
  let to = Math.min(length, end + 40);
  if (from > 0) {
    for (let k = from; k < start; k++) {
      if (ONE_WHITE_SPACE.test(chars[k])) {
        from = k + 1;
        break;
      }
    }
  }
  if (to < length) {
    for (let k = to - 1; k >= end; k--) {
      if (ONE_WHITE_SPACE.test(chars[k])) {
        to = k;
        break;
      }
    }
  }
  const body = chars.slice(from, to).join('').replace(WHITE_SPACE_RUN, ' ').replace(/^ | $/g, '');
  return (from > 0 ? '\u2026' : '') + body + (to < length ? '\u2026' : '');
}

// Section 9: round(100 × met ÷ total), halves up, in integers.
function fitPercent(metWeight, totalWeight) {
  return totalWeight > 0 ? Math.floor((200 * metWeight + totalWeight) / (2 * totalWeight)) : 0;
}

function bandOf(settings, fit) {
  let label = '';
  for (const band of (settings && settings.bands) || []) if (band.from <= fit) label = band.label;
  return label;
}

// Sections 9 and 10: the result of a role from its kept matches. `ticked`
// (the role page only): ids of skills the visitor ticked, met with the
// evidence "ticked" when the text does not already show them.
export function judge(analysis, role, settings, kept, ticked) {
  const mentioned = new Firsts(role.skills.length);
  const shown = new Firsts(role.skills.length);
  offerAll(kept, mentioned, shown);
  return verdict(analysis, role, settings, mentioned, shown, ticked);
}

// Offers each kept match to `mentioned`, and each counting one to `shown`.
function offerAll(kept, mentioned, shown) {
  for (const m of kept) {
    mentioned.offer(m.skill, m.first, m.len, m.phrase);
    if (!m.negated) shown.offer(m.skill, m.first, m.len, m.phrase);
  }
}

// The result of a role from each skill's first mention and first counting
// mention (two Firsts).
function verdict(analysis, role, settings, mentioned, evidence, ticked) {
  const skills = role.skills;
  const met = [];
  const missing = [];
  const negated = [];
  let metWeight = 0;
  let totalWeight = 0;
  let nextPhase = null;
  for (let i = 0; i < skills.length; i++) {
    const skill = skills[i];
    totalWeight += skill.weight;
    const shown = evidence.mention(analysis, role, i);
    if (shown) met.push(shown);
    else if (ticked && ticked.has(skill.id)) met.push({ id: skill.id, term: '', snippet: '', ticked: true });
    else {
      const discounted = mentioned.mention(analysis, role, i);
      if (discounted) negated.push(discounted);
      const phase = skill.phase;
      if (phase !== null && (nextPhase === null || phase < nextPhase)) nextPhase = phase;
      missing.push({ id: skill.id, weight: skill.weight, phase });
      continue;
    }
    metWeight += skill.weight;
  }
  missing.sort((a, b) => b.weight - a.weight);
  const score = fitPercent(metWeight, totalWeight);
  return { slug: role.slug, title: role.title, score, band: bandOf(settings, score), met, missing, negated, next_phase: nextPhase };
}

// Section 12: a role's relevance. A counting mention (a token span) that
// counts for d roles is worth floor(SPECIFICITY / d); a stated job title as
// much as a skill of weight TITLE_WEIGHT.
const SPECIFICITY = 1000;
const TITLE_WEIGHT = 5;

function titleValues(analysis, roles) {
  const candidates = [];
  roles.forEach((role, r) => {
    for (const id of role.titles) {
      const first = analysis.phrases[id].keys[0];
      // Most titles share no word with the text: skip them before the cache.
      if (!analysis.byKey.has(first) && !analysis.byStem.has(first)) continue;
      const at = occurrences(analysis, id);
      for (let o = 0; o < at.length; o += 2) candidates.push([at[o + 1], at[o], r]); // titles have no false friends
    }
  });
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  // Kept spans by first token and length; `covered` marks their tokens.
  const spans = new Map();
  const covered = analysis.covered;
  const pass = ++analysis.pass;
  for (const [len, first, r] of candidates) {
    const key = first * (analysis.tokens.length + 1) + len;
    const same = spans.get(key);
    if (same) {
      if (!same.roles.includes(r)) same.roles.push(r);
    } else if (!covered.subarray(first, first + len).includes(pass)) {
      covered.fill(pass, first, first + len);
      spans.set(key, { first, roles: [r] });
    }
  }
  const values = roles.map(() => 0);
  for (const span of spans.values()) {
    if (negatedAt(analysis, span.first)) continue;
    for (const r of span.roles) values[r] = Math.max(values[r], Math.floor(SPECIFICITY / span.roles.length));
  }
  return values;
}

// Section 12: every role of `data` (unpacked), most relevant first. A role
// whose candidates share no token (most) keeps them all, so its result
// follows from facts kept per phrase; the others are resolved one by one.
export function rank(text, data) {
  const analysis = analyse(text, data);
  const roles = data.roles;
  const facts = new PhraseFacts(analysis);
  const resolved = new Map(); // the kept matches of roles whose candidates overlap
  roles.forEach((role, r) => facts.overlapIn(role) && resolved.set(r, matchRole(analysis, role)));
  // How many roles each counting span counts for.
  const roleCounts = new SpanCounts(analysis.tokens.length);
  facts.countInto(roleCounts);
  for (const kept of resolved.values()) for (const m of kept) if (!m.negated) roleCounts.add(m.first, m.len, 1);
  facts.rateEvidence(roleCounts);
  const titles = titleValues(analysis, roles);
  // Per skill of the role at hand: its first mention, its first counting
  // one and its most specific evidence.
  const most = roles.reduce((max, role) => Math.max(max, role.skills.length), 0);
  const mentioned = new Firsts(most);
  const shown = new Firsts(most);
  const best = new Int32Array(most);
  const ranked = roles.map((role, r) => {
    const count = role.skills.length;
    mentioned.clear(count);
    shown.clear(count);
    best.fill(-1, 0, count);
    const kept = resolved.get(r);
    if (!kept) {
      facts.judgeSkills(role, mentioned, shown, best);
    } else {
      offerAll(kept, mentioned, shown);
      for (const m of kept) {
        if (!m.negated) best[m.skill] = Math.max(best[m.skill], Math.floor(SPECIFICITY / roleCounts.get(m.first, m.len)));
      }
    }
    const fit = verdict(analysis, role, data.settings, mentioned, shown);
    let metWeight = 0;
    let relevance = 0;
    for (let s = 0; s < count; s++) {
      if (best[s] >= 0) {
        metWeight += role.skills[s].weight;
        relevance += role.skills[s].weight * best[s];
      }
    }
    fit.relevance = relevance + TITLE_WEIGHT * titles[r];
    return [fit, metWeight, r];
  });
  return ranked
    .sort((a, b) => b[0].relevance - a[0].relevance || b[1] - a[1] || b[0].score - a[0].score || a[2] - b[2])
    .map((entry) => entry[0]);
}

// Per skill, the match that starts first among those offered, and its
// mention as a result lists it (the term of its phrase, its snippet).
class Firsts {
  constructor(size) {
    this.first = new Int32Array(size).fill(-1);
    this.len = new Int32Array(size);
    this.phrase = new Int32Array(size);
  }
  clear(count) {
    this.first.fill(-1, 0, count);
  }
  offer(skill, first, len, phrase) {
    if (this.first[skill] < 0 || first < this.first[skill]) {
      this.first[skill] = first;
      this.len[skill] = len;
      this.phrase[skill] = phrase;
    }
  }
  mention(analysis, role, s) {
    const skill = role.skills[s];
    if (this.first[s] < 0) return null;
    return { id: skill.id, term: analysis.phrases[skill.phrases[this.phrase[s]]].term, snippet: snippet(analysis, this.first[s], this.len[s]) };
  }
}

// Per phrase of one text: its candidates, how many roles keep them all,
// its first, first counting and most specific candidate.
class PhraseFacts {
  constructor(analysis) {
    const count = analysis.phrases.length;
    this.analysis = analysis;
    this.candidates = new Array(count);
    this.firstAny = new Int32Array(count);
    this.firstCounting = new Int32Array(count);
    this.best = new Int32Array(count);
    this.usage = new Int32Array(count);
    this.used = [];
  }

  // The candidates of phrase `id` as (first token, length) pairs.
  of(id) {
    let pairs = this.candidates[id];
    if (pairs === undefined) {
      const analysis = this.analysis;
      pairs = this.candidates[id] = occurrences(analysis, id);
      this.firstAny[id] = -1;
      this.firstCounting[id] = -1;
      for (let o = 0; o < pairs.length; o += 2) {
        const first = pairs[o];
        if (this.firstAny[id] < 0 || first < pairs[this.firstAny[id]]) this.firstAny[id] = o;
        if (!analysis.negated[first] && (this.firstCounting[id] < 0 || first < pairs[this.firstCounting[id]])) this.firstCounting[id] = o;
      }
    }
    return pairs;
  }

  // Whether two candidates of `role` share a token; if not, the role keeps
  // them all, and its phrases' use is counted.
  overlapIn(role) {
    const covered = this.analysis.covered;
    const pass = ++this.analysis.pass;
    const skills = role.skills;
    for (let s = 0; s < skills.length; s++) {
      const ids = skills[s].phrases;
      for (let j = 0; j < ids.length; j++) {
        const pairs = this.candidates[ids[j]] || this.of(ids[j]);
        for (let o = 0; o < pairs.length; o += 2) {
          for (let k = pairs[o]; k < pairs[o] + pairs[o + 1]; k++) {
            if (covered[k] === pass) return true;
            covered[k] = pass;
          }
        }
      }
    }
    for (let s = 0; s < skills.length; s++) {
      for (const id of skills[s].phrases) if (this.candidates[id].length && !this.usage[id]++) this.used.push(id);
    }
    return false;
  }

  // Adds to `counts` the spans the roles counted by use() keep.
  countInto(counts) {
    const negated = this.analysis.negated;
    for (const id of this.used) {
      const pairs = this.candidates[id];
      for (let o = 0; o < pairs.length; o += 2) if (!negated[pairs[o]]) counts.add(pairs[o], pairs[o + 1], this.usage[id]);
    }
  }

  // The most specific counting candidate of each used phrase.
  rateEvidence(counts) {
    const negated = this.analysis.negated;
    for (const id of this.used) {
      const pairs = this.candidates[id];
      let best = -1;
      for (let o = 0; o < pairs.length; o += 2) {
        if (!negated[pairs[o]]) best = Math.max(best, Math.floor(SPECIFICITY / counts.get(pairs[o], pairs[o + 1])));
      }
      this.best[id] = best;
    }
  }

  // A role that keeps all its candidates, per skill.
  judgeSkills(role, mentioned, shown, best) {
    const skills = role.skills;
    for (let s = 0; s < skills.length; s++) {
      const ids = skills[s].phrases;
      for (let p = 0; p < ids.length; p++) {
        const id = ids[p];
        const pairs = this.candidates[id];
        if (!pairs.length) continue;
        const any = this.firstAny[id];
        mentioned.offer(s, pairs[any], pairs[any + 1], p);
        const counting = this.firstCounting[id];
        if (counting < 0) continue;
        shown.offer(s, pairs[counting], pairs[counting + 1], p);
        best[s] = Math.max(best[s], this.best[id]);
      }
    }
  }
}

// A count per token span: spans of up to SHORT_SPAN tokens (nearly all) in
// one typed array per length, by first token; longer ones in a map.
const SHORT_SPAN = 4;
class SpanCounts {
  constructor(tokens) {
    this.tokens = tokens;
    this.short = Array.from({ length: SHORT_SPAN }, () => new Int32Array(tokens));
    this.long = new Map();
  }
  add(first, len, amount) {
    if (len <= SHORT_SPAN) this.short[len - 1][first] += amount;
    else this.long.set(first * (this.tokens + 1) + len, this.get(first, len) + amount);
  }
  get(first, len) {
    return len <= SHORT_SPAN ? this.short[len - 1][first] : this.long.get(first * (this.tokens + 1) + len) || 0;
  }
}

// The result of the role at `index` of `data` alone.
export function score(text, data, index = 0) {
  return rank(text, { settings: data.settings, phrases: data.phrases, roles: [data.roles[index]] })[0];
}
