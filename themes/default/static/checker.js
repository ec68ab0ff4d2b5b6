// rolemap readiness checker: the matching of docs/checker.md, then the page
// wiring. No dependencies and no network: the visitor's text never leaves the
// page. The only module syntax is `export` at the start of a line, so rolemap
// can derive assets/checker.classic.js for pages opened from a folder.

// Unicode White_Space, spelled out: JS's \s also holds U+FEFF.
const WS = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_RUN = new RegExp('[' + WS + ']+', 'g');
const WS_ONE = new RegExp('^[' + WS + ']$');
const WORD = /^[\p{Alphabetic}\p{N}]$/u;
const LETTER = /^\p{Alphabetic}$/u;
const VERSION = /^[0-9]+(?:\.[0-9]+)*$/;
const ENDS_LETTER = /\p{Alphabetic}$/u;

function isWord(c) {
  const n = c.charCodeAt(0);
  return n < 128 ? (n > 47 && n < 58) || ((n | 32) > 96 && (n | 32) < 123) : WORD.test(c);
}

// Section 1: NFKC, then typographic quotes and dashes folded.
export function normalise(text) {
  return String(text)
    .normalize('NFKC')
    .replace(/[\u2018-\u201b\u2032]/g, "'")
    .replace(/[\u201c-\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

// Section 2, over the display text as an array of code points.
function lex(c) {
  const out = [];
  const L = c.length;
  let prev = 0;
  let i = 0;
  while (i < L) {
    const dot = c[i] === '.' && i + 1 < L && isWord(c[i + 1]) && !(i > 0 && isWord(c[i - 1]));
    if (!dot && !isWord(c[i])) {
      i++;
      continue;
    }
    const start = i++;
    while (i < L && (isWord(c[i]) || ('.&_'.includes(c[i]) && i + 1 < L && isWord(c[i + 1])))) i++;
    while (i < L && (c[i] === '+' || c[i] === '#')) i++;
    const gap = c.slice(prev, start);
    const g = gap.join('');
    const text = c.slice(start, i).join('');
    out.push({
      text,
      key: text.toLowerCase(),
      start,
      end: i,
      join: out.length && (g === '-' || g === '/') ? g : ' ',
      sentence_start: !out.length || (/[.!?]/.test(g) && WS_ONE.test(gap[gap.length - 1])),
      line_start: g.includes('\n'),
    });
    prev = i;
  }
  return out;
}

export function tokenize(text) {
  return lex(Array.from(normalise(text)));
}

// Section 4, folding of the last key: text key t for phrase key w.
function folds(w, t) {
  if (t === w) return true;
  if (t.length <= w.length) return false;
  const wc = Array.from(w);
  const last = wc[wc.length - 1];
  if (!last) return false;
  if (t.startsWith(w)) {
    const rest = t.slice(w.length);
    if (LETTER.test(last) && (VERSION.test(rest) || (rest === 's' && wc.length > 1))) return true;
    if (rest === 'es' && wc.length > 1 && /(?:[sxz]|ch|sh)$/.test(w)) return true;
  }
  const b = wc[wc.length - 2];
  return last === 'y' && !!b && LETTER.test(b) && !'aeiou'.includes(b) && t === w.slice(0, -1) + 'ies';
}

// The phrase keys a text key may be a folded form of (checked again by folds).
function stems(t) {
  const out = [];
  let k = t.length;
  while (k && '0123456789.'.includes(t[k - 1])) k--;
  if (VERSION.test(t.slice(k)) && ENDS_LETTER.test(t.slice(0, k))) out.push(t.slice(0, k));
  if (t.endsWith('s')) out.push(t.slice(0, -1));
  if (t.endsWith('es')) out.push(t.slice(0, -2));
  if (t.endsWith('ies')) out.push(t.slice(0, -3) + 'y');
  return out;
}

// Rules 1 and 2 of section 4.
function seqAt(toks, keys, joins, i, cs, fold) {
  const n = keys.length;
  if (!n || i + n > toks.length) return false;
  for (let k = 0; k < n; k++) {
    const t = toks[i + k];
    if (cs ? t.text !== keys[k] : t.key !== keys[k] && !(fold && k === n - 1 && folds(keys[k], t.key))) return false;
    if (k && (joins[k - 1] === '/') !== (t.join === '/')) return false;
  }
  return true;
}

function push(map, key, i) {
  const a = map.get(key);
  if (a) a.push(i);
  else map.set(key, [i]);
}

// A text prepared once for any number of roles: tokens, an index by key and
// by folded stem, and where negation cues end.
function analyse(text, settings) {
  const chars = Array.from(normalise(text));
  const toks = lex(chars);
  const byKey = new Map();
  const byStem = new Map();
  toks.forEach((t, i) => {
    push(byKey, t.key, i);
    for (const s of stems(t.key)) push(byStem, s, i);
  });
  const cue = new Uint8Array(toks.length);
  for (const c of (settings && settings.negation_cues) || []) {
    for (const i of byKey.get(c.keys[0]) || []) {
      if (seqAt(toks, c.keys, c.joins || [], i, false, false)) cue[i + c.keys.length - 1] = 1;
    }
  }
  return { chars, toks, byKey, byStem, cue, occ: new Map(), snip: new Map(), cov: new Int32Array(toks.length), pass: 0 };
}

// A phrase's shape as a string, kept on the phrase under a symbol: cheaper
// to read back than a WeakMap, and invisible to JSON.stringify.
const SHAPE = Symbol('shape');
function shape(p) {
  return (p[SHAPE] ??= (p.case_sensitive ? '1' : '0') + (p.joins || []).join('') + '\0' + p.keys.join('\0'));
}

// Where rules 1 and 2 hold for phrase p; the same phrases recur across roles.
function occurrences(an, p) {
  const k = shape(p);
  let h = an.occ.get(k);
  if (!h) {
    const cs = !!p.case_sensitive;
    const w = p.keys.length ? (cs ? p.keys[0].toLowerCase() : p.keys[0]) : null;
    h = (an.byKey.get(w) || []).concat((p.keys.length === 1 && !cs && an.byStem.get(w)) || []);
    h = h.filter((i) => seqAt(an.toks, p.keys, p.joins || [], i, cs, !cs));
    an.occ.set(k, h);
  }
  return h;
}

// Section 8: a cue ends at j, i - 4 <= j < i, no boundary in j+1 .. i.
function negatedAt(an, i) {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    if (an.toks[j + 1].sentence_start || an.toks[j + 1].line_start) return false;
    if (an.cue[j]) return true;
  }
  return false;
}

// Rules 3 to 5, at an occurrence of p.
function phraseAt(an, p, i) {
  const t = an.toks;
  const n = p.keys.length;
  return (
    t[i].join !== '-' &&
    !(p.ordinary && i + n < t.length && t[i + n].join === '-') &&
    !(p.case_sensitive && t[i].sentence_start)
  );
}

// Section 6: every kept match of the role's phrases, in text order.
function matchRole(an, role) {
  const cands = [];
  const skills = role.skills;
  for (let si = 0; si < skills.length; si++) {
    const ps = skills[si].phrases || [];
    for (let pi = 0; pi < ps.length; pi++) {
      const p = ps[pi];
      for (const i of occurrences(an, p)) if (phraseAt(an, p, i)) cands.push([p.keys.length, i, si, pi]);
    }
  }
  cands.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  const kept = [];
  const cov = an.cov;
  const pass = ++an.pass;
  next: for (const [n, i, skill, phrase] of cands) {
    for (let k = i; k < i + n; k++) if (cov[k] === pass) continue next;
    cov.fill(pass, i, i + n);
    kept.push({ skill, phrase, first: i, len: n, negated: negatedAt(an, i) });
  }
  return kept.sort((a, b) => a.first - b.first);
}

function span(an, m) {
  return [an.toks[m.first].start, an.toks[m.first + m.len - 1].end];
}

// Section 9, evidence snippet.
function snippet(an, m) {
  const key = m.first + ',' + m.len;
  let out = an.snip.get(key);
  if (out == null) an.snip.set(key, (out = cut(an, m)));
  return out;
}

function cut(an, m) {
  const c = an.chars;
  const len = c.length;
  const [s, e] = span(an, m);
  let a = Math.max(0, s - 40);
  let b = Math.min(len, e + 40);
  if (a > 0) {
    for (let k = a; k < s; k++) {
      if (WS_ONE.test(c[k])) {
        a = k + 1;
        break;
      }
    }
  }
  if (b < len) {
    for (let k = b - 1; k >= e; k--) {
      if (WS_ONE.test(c[k])) {
        b = k;
        break;
      }
    }
  }
  const body = c.slice(a, b).join('').replace(WS_RUN, ' ').replace(/^ | $/g, '');
  return (a > 0 ? '\u2026' : '') + body + (b < len ? '\u2026' : '');
}

function fit(got, total) {
  return total > 0 ? Math.floor((200 * got + total) / (2 * total)) : 0;
}

function bandOf(settings, n) {
  let label = '';
  for (const b of (settings && settings.bands) || []) if (b.from <= n) label = b.label;
  return label;
}

// Sections 9 and 10. `ticked` (page only): skill ids the visitor ticked,
// met with the evidence "ticked" when the text does not already show them.
function judge(an, role, settings, kept, ticked) {
  const ev = [];
  const seen = [];
  for (const m of kept) {
    seen[m.skill] = true;
    if (!m.negated && !ev[m.skill]) ev[m.skill] = m;
  }
  const met = [];
  const missing = [];
  const negated = [];
  let got = 0;
  let total = 0;
  role.skills.forEach((s, i) => {
    total += s.weight;
    if (ev[i]) met.push({ id: s.id, term: s.phrases[ev[i].phrase].term, snippet: snippet(an, ev[i]) });
    else if (ticked && ticked.has(s.id)) met.push({ id: s.id, term: '', snippet: '', ticked: true });
    else {
      if (seen[i]) negated.push(s.id);
      else missing.push({ id: s.id, weight: s.weight, phase: s.phase ? s.phase.number : null });
      return;
    }
    got += s.weight;
  });
  missing.sort((a, b) => b.weight - a.weight);
  const score = fit(got, total);
  return { slug: role.slug, title: role.title, score, band: bandOf(settings, score), met, missing, negated };
}

function byFit(a, b) {
  return b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

export function score(text, role, settings) {
  const an = analyse(text, settings);
  return judge(an, role, settings, matchRole(an, role));
}

export function rank(text, data) {
  const an = analyse(text, data.settings);
  return data.roles.map((r) => judge(an, r, data.settings, matchRole(an, r))).sort(byFit);
}

// Counted and negated matches, positions in code points of normalise(text).
export function findMatches(text, role, settings) {
  const an = analyse(text, settings);
  return matchRole(an, role).map((m) => {
    const [start, end] = span(an, m);
    const s = role.skills[m.skill];
    return { id: s.id, term: s.phrases[m.phrase].term, start, end, negated: m.negated };
  });
}

// ---------- The page ----------

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function kids(parent, ...nodes) {
  for (const n of nodes) if (n != null) parent.append(n);
  return parent;
}

// Keeps `list`'s children equal to `items` ([key, make]), reusing unchanged
// ones, so a live region only announces what is new.
function sync(list, items) {
  const old = new Map();
  for (const li of Array.from(list.children)) old.set(li.k, li);
  let prev = null;
  for (const [k, make] of items) {
    let li = old.get(k);
    if (li) old.delete(k);
    else (li = make()).k = k;
    const at = prev ? prev.nextSibling : list.firstChild;
    if (at !== li) list.insertBefore(li, at);
    prev = li;
  }
  for (const li of old.values()) li.remove();
}

function months(p) {
  return p.start_month === p.end_month ? 'month ' + p.start_month : 'months ' + p.start_month + '\u2013' + p.end_month;
}

function importance(w) {
  return w >= 4 ? 'core' : w >= 2 ? 'important' : 'useful';
}

function tone(settings, n) {
  const bands = (settings && settings.bands) || [];
  let k = 0;
  bands.forEach((b, i) => {
    if (b.from <= n) k = i;
  });
  return 'tone-' + (bands.length > 1 ? Math.round((3 * k) / (bands.length - 1)) : 0);
}

// Skills the result does not count as met, heaviest first, then in skill order.
function unmet(role, r) {
  const met = new Set(r.met.map((m) => m.id));
  return role.skills.filter((s) => !met.has(s.id)).sort((a, b) => b.weight - a.weight);
}

function store(app) {
  const key = 'rolemap-checker:' + new URL(app.dataset.root || '', location.href).pathname;
  let ls = null;
  try {
    ls = window.localStorage;
    ls.getItem(key);
  } catch (e) {
    ls = null;
  }
  return {
    ok: !!ls,
    get() {
      try {
        const v = JSON.parse(ls.getItem(key));
        return v && typeof v.text === 'string' ? v : null;
      } catch (e) {
        return null;
      }
    },
    set(v) {
      try {
        ls.setItem(key, JSON.stringify(v));
      } catch (e) {
        /* full or refused: nothing is kept */
      }
    },
    del() {
      try {
        ls.removeItem(key);
      } catch (e) {
        /* nothing to delete */
      }
    },
  };
}

// The parts both pages share: text box, file picker, "remember", status line.
function inputs(app, update, save) {
  const $ = (id) => app.querySelector('#checker-' + id);
  const ta = $('text');
  const file = $('file');
  const remember = $('remember');
  const status = $('status');
  const st = store(app);
  const say = (m) => (status.textContent = m);
  let timer = 0;
  ta.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    if (!f) return;
    file.value = '';
    if (!/\.(txt|md|markdown|text)$/i.test(f.name) && !/^text\//.test(f.type)) {
      say(f.name + ' is not a text file. Open a .txt or .md file, or copy the text of your CV and paste it.');
    } else if (f.size > 2e6) {
      say(f.name + ' is larger than 2 MB. Paste the text instead.');
    } else {
      const r = new FileReader();
      r.onload = () => {
        ta.value = String(r.result);
        say('Read ' + f.name + ' on this device.');
        update();
      };
      r.onerror = () => say('Could not read ' + f.name + '.');
      r.readAsText(f);
    }
  });
  if (!st.ok) {
    remember.disabled = true;
    remember.parentNode.append(el('span', 'checker-hint', ' (this browser does not allow it here)'));
  }
  remember.checked = !!st.get();
  remember.addEventListener('change', () => {
    if (remember.checked) say(save() === false ? 'Saving starts when you check your own.' : 'Saved on this device.');
    else {
      st.del();
      say('Deleted from this device.');
    }
  });
  return { ta, remember, st, say };
}

function roleChecker(app, data) {
  const role = data.roles[0];
  const settings = data.settings;
  const $ = (id) => app.querySelector('#checker-' + id);
  const skills = new Map(role.skills.map((s) => [s.id, s]));
  const boxes = Array.from(app.querySelectorAll('.checker-ticks input'));
  const here = () => location.href.split('#')[0];
  let shared = false;
  let own = '';
  const ticked = () => new Set(boxes.filter((b) => b.checked).map((b) => b.value));
  function save() {
    if (shared) return false;
    const prev = io.st.get() || { text: '', ticks: {} };
    const ticks = Object.assign({}, prev.ticks);
    ticks[role.slug] = Array.from(ticked());
    io.st.set({ text: io.ta.value, ticks });
  }
  const io = inputs(app, update, save);

  function phaseLink(s) {
    const p = s.phase;
    if (!p) return el('span', 'checker-phase', 'Not taught in a phase of this roadmap');
    const a = el('a', 'checker-phase', 'Learned in Phase ' + p.number + ': ' + p.title + ' (' + months(p) + ')');
    a.href = '#phase-' + p.number;
    return a;
  }
  const name = (s) => el('strong', 'checker-skill', s.name);
  const badge = (s) => kids(el('span', 'badge badge-' + importance(s.weight)), el('span', 'visually-hidden', 'Importance: '), importance(s.weight));

  function update() {
    const text = io.ta.value;
    const ticks = ticked();
    const an = analyse(text, settings);
    const kept = matchRole(an, role);
    const r = judge(an, role, settings, kept, ticks);
    const empty = !/\S/.test(text) && !ticks.size;
    $('empty').hidden = !empty;
    $('result').hidden = empty;
    $('score').textContent = r.score + '%';
    $('band').textContent = r.band;
    $('ring').setAttribute('class', 'checker-ring ' + tone(settings, r.score));
    $('ring-value').setAttribute('stroke-dasharray', r.score + ' 100');
    const nn = r.negated.length;
    $('summary').textContent =
      'You show ' + r.met.length + ' of ' + role.skills.length + ' key skill' + (role.skills.length > 1 ? 's' : '') + '.' +
      (nn ? ' ' + nn + (nn > 1 ? ' more are' : ' more is') + ' mentioned but not claimed.' : '');
    const found = (term, snip) => kids(el('span', 'checker-evidence'), 'found \u201c' + term + '\u201d: ', el('q', null, snip));
    sync($('met'), r.met.map((m) => [m.id + '\n' + m.term + '\n' + m.snippet, () =>
      kids(el('li'), name(skills.get(m.id)), ' ', m.ticked ? el('span', 'checker-evidence', 'ticked') : found(m.term, m.snippet))]));
    sync($('missing'), r.missing.map((m) => [m.id, () => {
      const s = skills.get(m.id);
      return kids(el('li'), name(s), ' ', badge(s), ' ', phaseLink(s));
    }]));
    sync($('negated'), r.negated.map((id) => {
      const s = skills.get(id);
      const m = kept.find((k) => role.skills[k.skill] === s);
      const term = s.phrases[m.phrase].term;
      const snip = snippet(an, m);
      return [id + '\n' + term + '\n' + snip, () => kids(el('li'), name(s), ' ', found(term, snip), ' ', phaseLink(s))];
    }));
    $('met-none').hidden = r.met.length > 0;
    $('missing-none').hidden = r.missing.length > 0;
    $('negated-box').hidden = !r.negated.length;
    // The earliest phase that teaches a skill still to learn.
    const todo = unmet(role, r);
    const first = todo.filter((s) => s.phase).sort((a, b) => a.phase.number - b.phase.number)[0];
    const next = $('next');
    if (!todo.length) next.textContent = 'You show every key skill of this role. Check the milestones of the roadmap to prove them.';
    else if (!first) next.textContent = 'The skills you have yet to show are not taught in a phase of this roadmap; see the key skills above.';
    else {
      const a = el('a', null, 'Phase ' + first.phase.number + ': ' + first.phase.title);
      a.href = '#phase-' + first.phase.number;
      const names = todo.filter((s) => s.phase && s.phase.number === first.phase.number).map((s) => s.name);
      next.replaceChildren(el('strong', null, 'Next step: '), a, ' (' + months(first.phase) + '). It teaches: ' + names.join('; ') + '.');
    }
    own = '#fit=' + role.slug + ':' + r.met.map((m) => m.id).join(',');
    $('share').href = here() + own;
    $('share-box').hidden = !r.met.length;
    // The text as read, matches highlighted (not in the live region).
    const view = $('view');
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const m of kept) {
      const [s, e] = span(an, m);
      frag.append(an.chars.slice(at, s).join(''));
      const mark = el('mark', m.negated ? 'checker-neg' : 'checker-hit', an.chars.slice(s, e).join(''));
      frag.append(mark);
      if (m.negated) frag.append(el('span', 'visually-hidden', ' (not counted)'));
      at = e;
    }
    frag.append(an.chars.slice(at).join(''));
    view.replaceChildren(frag);
    $('view-box').hidden = !/\S/.test(text);
    if (io.remember.checked) save();
  }

  function restore() {
    const v = io.st.get();
    io.ta.value = v ? v.text : '';
    const t = v && v.ticks && v.ticks[role.slug];
    for (const b of boxes) b.checked = Array.isArray(t) && t.includes(b.value);
  }

  function openShared() {
    const m = /^#fit=([a-z0-9-]+):([a-z0-9,-]*)$/.exec(location.hash);
    if (!m || m[1] !== role.slug || location.hash === own) return false;
    const ids = m[2].split(',');
    shared = true;
    io.ta.value = '';
    for (const b of boxes) b.checked = ids.includes(b.value);
    $('shared').hidden = false;
    return true;
  }

  $('own').addEventListener('click', () => {
    shared = false;
    $('shared').hidden = true;
    history.replaceState(null, '', here());
    restore();
    update();
    io.ta.focus();
  });
  $('share').addEventListener('click', (e) => {
    const url = $('share').href;
    if (!navigator.clipboard || !window.isSecureContext) return;
    e.preventDefault();
    navigator.clipboard.writeText(url).then(
      () => io.say('Link copied. It holds only this role and the ids of the skills you show, never your text.'),
      () => {
        location.hash = own;
      },
    );
  });
  for (const b of boxes) b.addEventListener('change', update);
  window.addEventListener('hashchange', () => {
    if (openShared()) update();
  });
  if (!openShared()) restore();
  update();
}

function allChecker(app, data) {
  const settings = data.settings;
  const $ = (id) => app.querySelector('#checker-' + id);
  const roles = new Map(data.roles.map((r) => [r.slug, r]));
  const root = app.dataset.root || '';
  const io = inputs(app, update, save);
  function save() {
    const prev = io.st.get() || { ticks: {} };
    io.st.set({ text: io.ta.value, ticks: prev.ticks || {} });
  }
  function update() {
    const text = io.ta.value;
    const empty = !/\S/.test(text);
    const an = analyse(text, settings);
    const fits = data.roles.map((r) => judge(an, r, settings, matchRole(an, r))).sort(byFit);
    $('empty').hidden = !empty;
    $('result').hidden = empty;
    const all = document.getElementById('checker-all');
    if (all) all.hidden = !empty;
    const best = fits[0];
    $('summary').textContent = empty || !best ? '' : 'Best fit: ' + best.title + ', ' + best.score + '% (' + best.band + '). ' + fits.length + ' roles ranked.';
    sync($('ranking'), empty ? [] : fits.map((f) => {
      const role = roles.get(f.slug);
      const top = unmet(role, f).slice(0, 3).map((s) => s.name);
      return [f.slug + '\n' + f.score + '\n' + top.join('\n'), () => {
        const a = el('a', null, f.title);
        a.href = root + role.url;
        const bar = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        bar.setAttribute('class', 'fit-bar ' + tone(settings, f.score));
        bar.setAttribute('viewBox', '0 0 100 4');
        bar.setAttribute('preserveAspectRatio', 'none');
        bar.setAttribute('aria-hidden', 'true');
        for (const [cls, w] of [['fit-track', 100], ['fit-value', f.score]]) {
          const rect = document.createElementNS(bar.namespaceURI, 'rect');
          rect.setAttribute('class', cls);
          rect.setAttribute('width', w);
          rect.setAttribute('height', 4);
          bar.append(rect);
        }
        return kids(
          el('li', 'fit'),
          kids(el('h3', 'fit-title'), a),
          kids(el('p', 'fit-score'), el('strong', null, f.score + '%'), ' ', el('span', 'fit-band', f.band)),
          bar,
          el('p', 'fit-todo', top.length ? 'To learn next: ' + top.join('; ') : 'You show every key skill.'),
        );
      }];
    }));
    if (io.remember.checked) save();
  }
  const v = io.st.get();
  if (v) io.ta.value = v.text;
  update();
}

function boot() {
  const app = document.querySelector('[data-checker]');
  const src = document.getElementById('checker-data');
  if (!app || !src) return;
  let data;
  try {
    data = JSON.parse(src.textContent);
  } catch (e) {
    return;
  }
  if (!data || !Array.isArray(data.roles) || !data.roles.length) return;
  app.hidden = false;
  (app.dataset.checker === 'all' ? allChecker : roleChecker)(app, data);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}
