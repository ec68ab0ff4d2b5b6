// rolemap readiness checker, the page wiring: the role page's "How ready
// are you?" section and the checker/ page, over the matching core in
// checker.js. Visitor text reaches the page only as textContent. The only
// module syntax is the one-line imports below, so rolemap can join this file,
// checker.js and cv-file.js into assets/checker.classic.js, which the pages load.
import { analyse, matchRole, matchSpan, judge, rank, unpack } from './checker.js';
import { readCvFile } from './cv-file.js';
import { messageName, messagesOf, plural } from './messages.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function append(parent, ...children) {
  for (const child of children) if (child != null) parent.append(child);
  return parent;
}

// Keeps `list`'s children equal to `items` ([key, make]), reusing unchanged
// ones, so a live region only announces what is new.
function syncList(list, items) {
  const old = new Map();
  for (const item of Array.from(list.children)) old.set(item.syncKey, item);
  let previous = null;
  for (const [key, make] of items) {
    let item = old.get(key);
    if (item) old.delete(key);
    else (item = make()).syncKey = key;
    const at = previous ? previous.nextSibling : list.firstChild;
    if (at !== item) list.insertBefore(item, at);
    previous = item;
  }
  for (const item of old.values()) item.remove();
}

// Looks up the elements of the checker `app` by id, without the checker- prefix.
function partsOf(app) {
  return (id) => app.querySelector('#checker-' + id);
}

// The page's interface text: data-msg-* attributes of the checker's app
// element (partials/checker-messages.html), set by boot().
let say = messagesOf(null);

function months(phase) {
  return phase.start_month === phase.end_month
    ? say('msgMonth', { a: phase.start_month })
    : say('msgMonths', { a: phase.start_month, b: phase.end_month });
}

const percent = (score) => say('msgPercent', { n: score });

// A skill's importance, as the data's class names say it (core, important, useful).
function importance(weight) {
  return weight >= 4 ? 'core' : weight >= 2 ? 'important' : 'useful';
}

// The colour class of a fit: tone-0 (lowest band) to tone-3 (highest).
function tone(settings, fit) {
  const bands = (settings && settings.bands) || [];
  let reached = 0;
  bands.forEach((band, i) => {
    if (band.from <= fit) reached = i;
  });
  return 'tone-' + (bands.length > 1 ? Math.round((3 * reached) / (bands.length - 1)) : 0);
}

// What "Remember on this device" keeps: { text, ticks: { slug: [skill ids] } }
// in localStorage, one entry per site.
function deviceStore(app) {
  const key = 'rolemap-checker:' + new URL(app.dataset.root || '', location.href).pathname;
  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch (e) {
    storage = null;
  }
  return {
    available: !!storage,
    get() {
      try {
        const saved = JSON.parse(storage.getItem(key));
        return saved && typeof saved.text === 'string' ? saved : null;
      } catch (e) {
        return null;
      }
    },
    set(saved) {
      try {
        storage.setItem(key, JSON.stringify(saved));
      } catch (e) {
        /* full or refused: nothing is kept */
      }
    },
    remove() {
      try {
        storage.removeItem(key);
      } catch (e) {
        /* nothing to delete */
      }
    },
  };
}

// The parts both pages share: text box, file picker, "remember", status line.
function wireInputs(app, update, save) {
  const part = partsOf(app);
  const textBox = part('text');
  const filePicker = part('file');
  const remember = part('remember');
  const status = part('status');
  const store = deviceStore(app);
  const show = (message) => (status.textContent = message);
  let timer = 0;
  textBox.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  // A CV file's text, read on this device (cv-file.js); messages come from
  // the input's data-msg-* strings.
  const fileMessages = messagesOf(filePicker);
  const message = (code, file) => fileMessages(messageName('msg', code), { name: file.name });
  let reading = 0;
  filePicker.addEventListener('change', () => {
    const file = filePicker.files && filePicker.files[0];
    if (!file) return;
    filePicker.value = '';
    const ticket = ++reading;
    show(message('reading', file));
    const reader = new URL(filePicker.dataset.reader || 'assets/vendor/pdfjs/', location.href).href;
    readCvFile(file, reader).then(
      (text) => {
        if (ticket !== reading) return;
        textBox.value = text;
        show(message('read', file));
        update();
      },
      (error) => {
        if (ticket === reading) show(message((error && error.code) || 'unreadable', file));
      },
    );
  });
  if (!store.available) {
    remember.disabled = true;
    remember.parentNode.append(element('span', 'checker-hint', ' ' + say('msgNoStorage')));
  }
  remember.checked = !!store.get();
  remember.addEventListener('change', () => {
    if (remember.checked) show(say(save() === false ? 'msgSavingLater' : 'msgSaved'));
    else {
      store.remove();
      show(say('msgDeleted'));
    }
  });
  return { textBox, remember, store, show };
}

// The "How ready are you?" section of a role page: one role, with ticks,
// evidence, the next phase to learn, a share link and the text as read.
function wireRoleChecker(app, data) {
  const role = data.roles[0];
  const settings = data.settings;
  const part = partsOf(app);
  const skillsById = new Map(role.skills.map((skill) => [skill.id, skill]));
  let phases = new Map(role.phases.map((phase) => [phase.number, phase]));
  const tickBoxes = Array.from(app.querySelectorAll('.checker-ticks input'));
  // The score ring's dash is a share of the circle's real length, 2πr, in
  // user units (r is 52 in partials/checker.html).
  const ringLength = 2 * Math.PI * Number(part('ring-value').getAttribute('r'));
  const pageUrl = () => location.href.split('#')[0];
  let showingShared = false;
  let ownHash = '';
  // The visitor's own ticks; a box also shows ticked while the text shows its skill.
  let ticked = new Set();
  // The skills a shared link says were mentioned but not counted.
  let sharedNegated = [];
  function save() {
    if (showingShared) return false;
    const saved = inputs.store.get() || { text: '', ticks: {} };
    const ticks = Object.assign({}, saved.ticks);
    ticks[role.slug] = Array.from(ticked);
    inputs.store.set({ text: inputs.textBox.value, ticks });
  }
  const inputs = wireInputs(app, update, save);

  function phaseLink(skill) {
    const phase = phases.get(skill.phase);
    if (!phase) return element('span', 'checker-phase', say('msgNotTaught'));
    const link = element('a', 'checker-phase', say('msgLearnedIn', { n: phase.number, title: phase.title, months: months(phase) }));
    link.href = '#phase-' + phase.number;
    return link;
  }
  const skillName = (skill) => element('strong', 'checker-skill', skill.name);
  const importanceBadge = (skill) =>
    append(
      element('span', 'badge badge-' + importance(skill.weight)),
      element('span', 'visually-hidden', say('msgImportance')),
      say(messageName('msg', importance(skill.weight))),
    );
  const evidenceOf = (term, quote) =>
    append(element('span', 'checker-evidence'), say('msgFound', { term }) + ' ', element('q', null, quote));

  // Ticks the boxes of the skills the text shows; they stay ticked while it does.
  function showFound(result) {
    const found = new Set(result.met.filter((met) => !met.ticked).map((met) => met.id));
    for (const box of tickBoxes) {
      const shown = found.has(box.value);
      box.checked = shown || ticked.has(box.value);
      box.disabled = shown;
      const note = box.parentNode.querySelector('.checker-found');
      if (note) note.hidden = !shown;
      else if (shown) box.parentNode.append(element('span', 'checker-found checker-hint', ' ' + say('msgFoundInText')));
    }
  }

  function update() {
    const text = inputs.textBox.value;
    const analysis = analyse(text, data);
    const kept = matchRole(analysis, role);
    const result = judge(analysis, role, settings, kept, ticked);
    if (showingShared) {
      result.negated = sharedNegated.filter((id) => !ticked.has(id)).map((id) => ({ id, term: '', snippet: '' }));
    }
    showFound(result);
    const empty = !/\S/.test(text) && !ticked.size;
    part('empty').hidden = !empty;
    part('result').hidden = empty;
    part('score').textContent = percent(result.score);
    part('band').textContent = result.band;
    part('ring').setAttribute('class', 'checker-ring ' + tone(settings, result.score));
    part('ring-value').setAttribute('stroke-dasharray', (ringLength * result.score) / 100 + ' ' + ringLength);
    const skillCount = role.skills.length;
    const negatedCount = result.negated.length;
    part('summary').textContent = plural(say, 'msgSummary', skillCount, { met: result.met.length }) +
      (negatedCount ? ' ' + plural(say, 'msgNegated', negatedCount) : '');
    syncList(part('met'), result.met.map((met) => [met.id + '\n' + met.term + '\n' + met.snippet, () =>
      append(element('li'), skillName(skillsById.get(met.id)), ' ',
        met.ticked ? element('span', 'checker-evidence', say('msgTicked')) : evidenceOf(met.term, met.snippet))]));
    // A negated skill is a skill to learn, shown with the mention that was not counted.
    const discounted = new Map(result.negated.map((negated) => [negated.id, negated]));
    syncList(part('missing'), result.missing.map((missing) => {
      const skill = skillsById.get(missing.id);
      const negated = discounted.get(missing.id);
      const note = !negated
        ? null
        : negated.snippet
          ? append(element('span', 'checker-evidence checker-discounted'), say('msgNotCountedIn', { term: negated.term }) + ' ', element('q', null, negated.snippet))
          : element('span', 'checker-evidence checker-discounted', say('msgMentionedNotCounted'));
      const taughtIn = phases.get(skill.phase);
      return [missing.id + '\n' + (taughtIn ? months(taughtIn) : '') + '\n' + (negated ? negated.term + '\n' + negated.snippet : ''), () =>
        append(element('li'), skillName(skill), ' ', importanceBadge(skill), ' ', note, note && ' ', phaseLink(skill))];
    }));
    part('met-none').hidden = result.met.length > 0;
    part('missing-none').hidden = result.missing.length > 0;
    part('negated-note').hidden = !result.negated.length;
    showNextStep(result);
    // The page's plan (roadmap-page.js) counts the skills shown as met.
    const shownIds = result.met.map((met) => met.id);
    document.dispatchEvent(new CustomEvent('rolemap:shown', { detail: { slug: role.slug, skills: shownIds } }));
    const markFound = part('mark-done');
    if (markFound) {
      markFound.hidden = showingShared || !shownIds.length;
      markFound.dataset.skills = shownIds.join(' ');
    }
    ownHash = '#fit=' + role.slug + ':' + result.met.map((met) => met.id).join(',') +
      (result.negated.length ? ':' + result.negated.map((negated) => negated.id).join(',') : '');
    part('share').href = pageUrl() + ownHash;
    part('share-box').hidden = !result.met.length;
    showTextAsRead(analysis, kept);
    part('view-box').hidden = !/\S/.test(text);
    if (inputs.remember.checked) save();
  }

  // The result's next phase (docs/checker.md, section 10), with the skills to learn it teaches.
  function showNextStep(result) {
    const next = part('next');
    const toLearn = result.missing.map((missing) => skillsById.get(missing.id));
    const taught = toLearn.filter((skill) => skill.phase === result.next_phase);
    if (!toLearn.length) {
      next.textContent = say('msgAllShown');
    } else if (!taught.length) {
      next.textContent = say('msgNoneTaught');
    } else {
      const phase = phases.get(result.next_phase);
      const link = element('a', null, say('msgPhase', { n: phase.number, title: phase.title }));
      link.href = '#phase-' + phase.number;
      next.replaceChildren(element('strong', null, say('msgNextStep') + ' '), link, ' ' +
        say('msgItTeaches', { months: months(phase), skills: taught.map((skill) => skill.name).join('; ') }));
    }
    const plan = document.getElementById('plan');
    if (plan && toLearn.length) {
      const toPlan = element('a', null, say('msgSeePlan'));
      toPlan.href = '#plan';
      next.append(' ', toPlan, '.');
    }
  }

  // The text as read, matches highlighted (not in the live region).
  function showTextAsRead(analysis, kept) {
    const chars = analysis.chars;
    const view = document.createDocumentFragment();
    let at = 0;
    for (const match of kept) {
      const [start, end] = matchSpan(analysis, match);
      view.append(chars.slice(at, start).join(''));
      view.append(element('mark', match.negated ? 'checker-neg' : 'checker-hit', chars.slice(start, end).join('')));
      if (match.negated) view.append(element('span', 'visually-hidden', ' ' + say('msgNotCounted')));
      at = end;
    }
    view.append(chars.slice(at).join(''));
    part('view').replaceChildren(view);
  }

  function restore() {
    const saved = inputs.store.get();
    inputs.textBox.value = saved ? saved.text : '';
    const ticks = saved && saved.ticks && saved.ticks[role.slug];
    ticked = new Set(Array.isArray(ticks) ? ticks.filter((id) => skillsById.has(id)) : []);
  }

  // A link made by "Share result": #fit=<slug>:<met ids>[:<negated ids>].
  function openShared() {
    const shared = /^#fit=([a-z0-9-]+):([a-z0-9,-]*)(?::([a-z0-9,-]*))?$/.exec(location.hash);
    if (!shared || shared[1] !== role.slug || location.hash === ownHash) return false;
    const known = (list) => (list || '').split(',').filter((id) => skillsById.has(id));
    showingShared = true;
    inputs.textBox.value = '';
    ticked = new Set(known(shared[2]));
    sharedNegated = known(shared[3]);
    part('shared').hidden = false;
    return true;
  }

  part('own').addEventListener('click', () => {
    showingShared = false;
    part('shared').hidden = true;
    history.replaceState(null, '', pageUrl());
    restore();
    update();
    inputs.textBox.focus();
  });
  const markFound = part('mark-done');
  if (markFound) {
    markFound.addEventListener('click', () => {
      const skills = (markFound.dataset.skills || '').split(' ').filter((id) => skillsById.has(id));
      document.dispatchEvent(new CustomEvent('rolemap:mark-done', { detail: { slug: role.slug, skills } }));
    });
  }
  part('share').addEventListener('click', (event) => {
    const url = part('share').href;
    if (!navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    navigator.clipboard.writeText(url).then(
      () => inputs.show(say('msgLinkCopied')),
      () => {
        location.hash = ownHash;
      },
    );
  });
  for (const box of tickBoxes) {
    box.addEventListener('change', () => {
      if (box.checked) ticked.add(box.value);
      else ticked.delete(box.value);
      update();
    });
  }
  // The visitor's pace (roadmap-page.js) moves the phases' months.
  document.addEventListener('rolemap:pace', (event) => {
    if (event.detail.slug !== role.slug) return;
    phases = new Map(role.phases.map((phase) => [phase.number, phase]));
    for (const paced of event.detail.phases) {
      const phase = phases.get(paced.number);
      if (phase) phases.set(paced.number, Object.assign({}, phase, paced));
    }
    update();
  });
  window.addEventListener('hashchange', () => {
    if (openShared()) update();
  });
  if (!openShared()) restore();
  update();
}

// How many ranked roles the checker/ page lists: a large site has thousands.
const SHOWN_FITS = 25;

// The checker/ page: every role ranked for one text (by relevance,
// docs/checker.md section 12), the best of them shown, each with its fit.
function wireAllRolesChecker(app, data) {
  const settings = data.settings;
  const part = partsOf(app);
  const rolesBySlug = new Map(data.roles.map((role) => [role.slug, role]));
  const root = app.dataset.root || '';
  const inputs = wireInputs(app, update, save);
  function save() {
    const saved = inputs.store.get() || { ticks: {} };
    inputs.store.set({ text: inputs.textBox.value, ticks: saved.ticks || {} });
  }
  function update() {
    const text = inputs.textBox.value;
    const empty = !/\S/.test(text);
    const fits = rank(text, data);
    part('empty').hidden = !empty;
    part('result').hidden = empty;
    const allRoles = document.getElementById('checker-all');
    if (allRoles) allRoles.hidden = !empty;
    const best = fits[0];
    const shown = fits.slice(0, SHOWN_FITS);
    part('summary').textContent =
      empty || !best ? '' : say('msgBest', { title: best.title, score: percent(best.score), band: best.band }) + ' ' +
        (shown.length < fits.length ? say('msgRankedShown', { n: fits.length, shown: shown.length }) : plural(say, 'msgRanked', fits.length));
    syncList(part('ranking'), empty ? [] : shown.map((fit) => {
      const role = rolesBySlug.get(fit.slug);
      const name = (id) => role.skills.find((skill) => skill.id === id).name;
      const toLearn = fit.missing.slice(0, 3).map((missing) => name(missing.id));
      const discounted = fit.negated.map((negated) => name(negated.id));
      return [fit.slug + '\n' + fit.score + '\n' + toLearn.join('\n') + '\n\n' + discounted.join('\n'), () =>
        fitCard(fit, role, toLearn, discounted)];
    }));
    if (inputs.remember.checked) save();
  }
  function fitCard(fit, role, toLearn, discounted) {
    const link = element('a', null, fit.title);
    link.href = root + role.url;
    return append(
      element('li', 'fit'),
      append(element('h3', 'fit-title'), link),
      append(element('p', 'fit-score'), element('strong', null, percent(fit.score)), ' ', element('span', 'fit-band', fit.band)),
      fitBar(fit.score),
      element('p', 'fit-todo', toLearn.length ? say('msgLearnNext', { skills: toLearn.join('; ') }) : say('msgEverySkill')),
      discounted.length ? element('p', 'fit-negated', say('msgMentioned', { skills: discounted.join('; ') })) : null,
    );
  }
  function fitBar(fit) {
    const bar = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    bar.setAttribute('class', 'fit-bar ' + tone(settings, fit));
    bar.setAttribute('viewBox', '0 0 100 4');
    bar.setAttribute('preserveAspectRatio', 'none');
    bar.setAttribute('aria-hidden', 'true');
    for (const [className, width] of [['fit-track', 100], ['fit-value', fit]]) {
      const rect = document.createElementNS(bar.namespaceURI, 'rect');
      rect.setAttribute('class', className);
      rect.setAttribute('width', width);
      rect.setAttribute('height', 4);
      bar.append(rect);
    }
    return bar;
  }
  const saved = inputs.store.get();
  if (saved) inputs.textBox.value = saved.text;
  update();
}

// The checker data (docs/checker.md, section 11): a role page embeds its
// own; the checker/ page loads every role's from data/checker.js, a classic
// script that sets globalThis.rolemapCheckerData.
function checkerData(app) {
  try {
    if (app.dataset.checker === 'all') return unpack(globalThis.rolemapCheckerData);
    return unpack(JSON.parse(document.getElementById('checker-data').textContent));
  } catch (e) {
    return null;
  }
}

function boot() {
  const app = document.querySelector('[data-checker]');
  if (!app) return;
  say = messagesOf(app);
  const data = checkerData(app);
  if (!data || !Array.isArray(data.roles) || !data.roles.length) {
    app.hidden = true;
    return;
  }
  app.classList.remove('checker-pending');
  (app.dataset.checker === 'all' ? wireAllRolesChecker : wireRoleChecker)(app, data);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
