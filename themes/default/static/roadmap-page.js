// rolemap roadmap progress and pace, the page wiring (docs/progress.md):
// marks on a role page's skills and milestones, each phase's share and the
// overall progress, the visitor's hours a week rescaling every month shown,
// the plan of what remains, saving to and loading from a file. Index and
// checker pages show the roles started. Everything stays in this browser's
// localStorage; the page is complete without this script. The only module
// syntax is the one-line import below (see checker-page.js).
import { LIMITS, keepKnown, percentDone, progressFile, readProgressFile, readStoredRole, remainingPlan, scaleMonths, storedRole, validHours } from './progress.js';
import { formatNumber, messageName, messagesOf, plural } from './messages.js';

// The page's interface text: data-* attributes of #roadmap-strings.
const say = messagesOf(document.getElementById('roadmap-strings'));
// A message that depends on a count `n`: its -one or -many form.
const sayCount = (name, n, values = {}) => plural(say, name, n, values);

const monthsText = (n) => sayCount('month', n);
const unitText = (n) => sayCount('unit', n);
const rangeText = (phase) =>
  phase.start === phase.end ? say('rangeOne', { a: phase.start }) : say('rangeMany', { a: phase.start, b: phase.end });

// Sets a node's text only when it differs: most of a page is already as the
// build wrote it, and every write costs the browser a layout.
function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

// One site's entries in localStorage: progress per role, and the pace.
// Refused or full storage keeps the page working for this visit only.
function siteStore(root) {
  const site = new URL(root || './', location.href).pathname;
  const prefix = 'rolemap-progress:' + site + ':';
  const paceKey = 'rolemap-pace:' + site;
  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(paceKey);
  } catch (e) {
    storage = null;
  }
  const attempt = (work, fallback) => {
    try {
      return storage ? work() : fallback;
    } catch (e) {
      return fallback;
    }
  };
  return {
    available: !!storage,
    role: (slug) => attempt(() => readStoredRole(storage.getItem(prefix + slug)), null),
    marks(slug) {
      const role = this.role(slug);
      return role ? role.done : [];
    },
    // Keeps a role's marks; `about` ({ title, total }) comes from its page,
    // else what was kept stays.
    setMarks(slug, marks, about) {
      const kept = about || this.role(slug) || {};
      attempt(() => (marks.length ? storage.setItem(prefix + slug, storedRole(Object.assign({}, kept, { done: marks }))) : storage.removeItem(prefix + slug)), null);
    },
    // Every role with marks: { slug: { done, title, total } }.
    started() {
      return attempt(() => {
        const roles = {};
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (key && key.startsWith(prefix)) {
            const role = readStoredRole(storage.getItem(key));
            if (role && role.done.length) roles[key.slice(prefix.length)] = role;
          }
        }
        return roles;
      }, {});
    },
    hours() {
      return attempt(() => {
        const hours = Number(storage.getItem(paceKey));
        return validHours(hours) ? hours : null;
      }, null);
    },
    setHours: (hours) => attempt(() => (hours == null ? storage.removeItem(paceKey) : storage.setItem(paceKey, String(hours))), null),
    clearAll() {
      const roles = Object.keys(this.started());
      for (const slug of roles) this.setMarks(slug, []);
      this.setHours(null);
    },
  };
}

// The visitor's hours a week, else the site's.
function chosenHours(store, siteHours) {
  return store.hours() || siteHours;
}

function durations(text) {
  return (text || '').split(' ').filter(Boolean).map(Number);
}

// A role page: marks, shares, pace and plan. Returns what redraws it.
function wireRolePage(root, store, siteHours, status, onPace) {
  const slug = root.dataset.slug;
  const byId = (id) => document.getElementById(id);
  const boxes = Array.from(root.querySelectorAll('input.mark'));
  const known = boxes.map((box) => box.value);
  const phases = Array.from(root.querySelectorAll('.phase[data-phase]')).map((item) => ({
    item,
    key: item.dataset.phase,
    title: item.dataset.title,
    number: Number(item.dataset.number),
    months: Number(item.dataset.months),
    skills: Array.from(item.querySelectorAll('[data-skill]')).map((chip) => chip.dataset.skill),
    milestones: Array.from(item.querySelectorAll('input.mark')).map((box) => box.value.slice('milestone:'.length)),
  }));
  const skillNames = new Map(
    Array.from(root.querySelectorAll('.skill[data-skill]')).map((item) => [item.dataset.skill, item.querySelector('.skill-name').textContent]),
  );
  let marks = keepKnown(store.marks(slug), known);
  // What the index and checker pages show of this role's progress.
  const about = { title: root.dataset.title, total: known.length };
  // The phase lengths the timeline shows: the build drew it at the site's pace.
  let drawn = phases.map((phase) => phase.months).join(' ');
  // What the plan list shows, so an unchanged plan is not drawn again.
  let planned = null;
  // Skills the readiness checker shows from the visitor's text or ticks.
  let shown = new Set();

  function save() {
    marks = keepKnown(marks, known);
    store.setMarks(slug, marks, about);
    show();
  }

  function show() {
    const marked = new Set(marks);
    for (const box of boxes) box.checked = marked.has(box.value);
    for (const phase of phases) {
      const meter = phase.item.querySelector('.phase-progress progress');
      if (!meter) continue;
      const own = Array.from(phase.item.querySelectorAll('input.mark')).map((box) => box.value)
        .concat(phase.skills.map((id) => 'skill:' + id));
      const done = own.filter((mark) => marked.has(mark)).length;
      if (meter.max !== own.length) meter.max = own.length;
      if (meter.value !== done) meter.value = done;
      setText(phase.item.querySelector('[data-phase-progress]'), say('doneCount', { done, total: own.length }));
      phase.item.classList.toggle('is-done', own.length > 0 && done === own.length);
    }
    const percent = known.length ? Math.round((100 * marks.length) / known.length) : 0;
    // The printed page shows progress only once there is some.
    document.getElementById('main').classList.toggle('has-progress', marks.length > 0);
    setText(byId('progress-overall'), say('percentDone', { percent }));
    showPlan();
  }

  function showPace() {
    const hours = chosenHours(store, siteHours);
    const scaled = scaleMonths(phases.map((phase) => phase.months), siteHours, hours);
    phases.forEach((phase, i) => Object.assign(phase, { range: scaled.phases[i] }));
    for (const node of document.querySelectorAll('[data-total-months]')) setText(node, monthsText(scaled.total));
    for (const node of document.querySelectorAll('[data-pace-hours]')) setText(node, hours);
    for (const phase of phases) {
      for (const node of document.querySelectorAll('[data-phase-months="' + phase.key + '"]')) setText(node, rangeText(phase.range));
      setText(phase.item.querySelector('[data-phase-duration]'), monthsText(phase.range.months));
    }
    drawTimeline(scaled);
    const input = byId('pace-hours');
    if (document.activeElement !== input) input.value = hours;
    byId('pace-reset').hidden = hours === siteHours;
    showPlan();
    onPace();
    // The readiness checker (checker-page.js) names phases with their months too.
    const paced = phases.map((phase) => ({ number: phase.number, start_month: phase.range.start, end_month: phase.range.end }));
    document.dispatchEvent(new CustomEvent('rolemap:pace', { detail: { slug, phases: paced } }));
  }

  // The timeline picture at the visitor's pace: positions are percentages
  // of its width, as partials/timeline.html draws them.
  function drawTimeline(scaled) {
    const bar = root.querySelector('.timeline-bar');
    const drawing = scaled.phases.map((phase) => phase.months).join(' ');
    if (!bar || drawing === drawn) return;
    drawn = drawing;
    const percent = (months) => +((100 * months) / scaled.total).toFixed(4) + '%';
    const title = bar.querySelector('title');
    setText(title, title.dataset.label + ', ' + monthsText(scaled.total) + ': ' +
      phases.map((phase) => phase.item.dataset.label + ', ' + rangeText(phase.range)).join('; '));
    const segments = bar.querySelectorAll('rect.seg');
    phases.forEach((phase, i) => {
      segments[i].setAttribute('x', percent(phase.range.start - 1));
      segments[i].setAttribute('width', percent(phase.range.months));
      setText(segments[i].querySelector('title'), phase.item.dataset.label + ' (' + rangeText(phase.range) + ')');
    });
    for (const tick of bar.querySelectorAll('line.tick')) tick.remove();
    for (let m = 1; m < scaled.total; m++) {
      const tick = document.createElementNS(bar.namespaceURI, 'line');
      const x = percent(m);
      for (const [name, value] of [['class', 'tick'], ['x1', x], ['x2', x], ['y1', '68.75%'], ['y2', '100%']]) tick.setAttribute(name, value);
      bar.append(tick);
    }
    const end = root.querySelector('[data-timeline-end]');
    if (end) setText(end, say('rangeOne', { a: scaled.total }));
  }

  // What remains: phases with skills not done or shown, or milestones not done.
  function showPlan() {
    if (!phases.length || !phases[0].range) return;
    const left = remainingPlan(phases, marks, shown);
    const hours = chosenHours(store, siteHours);
    const months = left.reduce((sum, entry) => sum + entry.phase.range.months, 0);
    setText(byId('plan-summary'), left.length
      ? sayCount('planSummary', left.length, { months: monthsText(months), hours })
      : say('planDone'));
    // A plan of the visitor's own (marks, a pace, a checked text) is printed; the build's is not.
    byId('plan').classList.toggle('is-personal', marks.length > 0 || shown.size > 0 || hours !== siteHours);
    const plan = JSON.stringify(left.map((entry) => [entry.phase.key, entry.phase.range, entry.skills, entry.milestones]));
    if (plan !== planned) byId('plan-phases').replaceChildren(...left.map(planEntry));
    planned = plan;
    for (const phase of phases) {
      const done = !left.some((entry) => entry.phase === phase);
      phase.item.classList.toggle('is-planned-done', done);
    }
  }

  function planEntry({ phase, skills, milestones }) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = '#phase-' + phase.number;
    link.textContent = phase.item.dataset.label;
    const head = document.createElement('p');
    head.className = 'plan-phase';
    head.append(link, ' (' + rangeText(phase.range) + ', ' + monthsText(phase.range.months) + ')');
    item.append(head);
    const detail = document.createElement('p');
    detail.className = 'plan-left';
    detail.textContent = [
      skills.length ? say('planSkills', { list: skills.map((id) => skillNames.get(id) || id).join('; ') }) : '',
      milestones.length ? say('planMilestones', { n: milestones.length }) : '',
    ].filter(Boolean).join(' ');
    item.append(detail);
    return item;
  }

  for (const box of boxes) {
    box.addEventListener('change', () => {
      marks = box.checked ? marks.concat(box.value) : marks.filter((mark) => mark !== box.value);
      save();
    });
  }
  const paceInput = byId('pace-hours');
  paceInput.addEventListener('input', () => {
    const hours = Number(paceInput.value);
    if (!validHours(hours)) return;
    store.setHours(hours === siteHours ? null : hours);
    showPace();
  });
  paceInput.addEventListener('change', () => {
    if (!validHours(Number(paceInput.value))) paceInput.value = chosenHours(store, siteHours);
  });
  byId('pace-reset').addEventListener('click', () => {
    store.setHours(null);
    showPace();
    paceInput.focus();
  });
  byId('progress-clear-role').addEventListener('click', () => {
    if (!window.confirm(say('confirmClearRole'))) return;
    marks = [];
    save();
    status.textContent = say('clearedRole');
  });
  // The readiness checker's findings (checker-page.js) and the visitor's
  // consent to mark them done.
  document.addEventListener('rolemap:shown', (event) => {
    if (event.detail.slug !== slug) return;
    shown = new Set(event.detail.skills);
    showPlan();
  });
  document.addEventListener('rolemap:mark-done', (event) => {
    if (event.detail.slug !== slug) return;
    marks = marks.concat(event.detail.skills.map((id) => 'skill:' + id).filter((mark) => !marks.includes(mark)));
    save();
    status.textContent = sayCount('markedFound', event.detail.skills.length);
  });
  // A mark of a skill or milestone no longer on the page is dropped.
  store.setMarks(slug, marks);
  showPace();
  show();
  return () => {
    marks = keepKnown(store.marks(slug), known);
    showPace();
    show();
  };
}

// The message of a refused file's ProgressFileError code: not-json → whyNotJson.
const whyKey = (code) => messageName('why', code || 'not-progress');

// "Save my progress", "Load progress" and "Clear all", on any page that has them.
function wireProgressFile(store, reload, status) {
  const byId = (id) => document.getElementById(id);
  const saveButton = byId('progress-save');
  const loader = byId('progress-load');
  const clearAll = byId('progress-clear-all');
  if (!saveButton) return;
  saveButton.addEventListener('click', () => {
    const started = store.started();
    const file = progressFile(Object.fromEntries(Object.keys(started).map((slug) => [slug, started[slug].done])), store.hours());
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2) + '\n'], { type: 'application/json' }));
    link.download = 'progress.json';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
    status.textContent = sayCount('saved', Object.keys(file.roles).length);
  });
  loader.addEventListener('change', () => {
    const chosen = loader.files && loader.files[0];
    loader.value = '';
    if (!chosen) return;
    if (chosen.size > LIMITS.fileBytes) {
      status.textContent = say('loadRefused', { name: chosen.name, why: say(whyKey('too-large')) });
      return;
    }
    chosen.text().then((text) => {
      let loaded;
      try {
        loaded = readProgressFile(text);
      } catch (error) {
        status.textContent = say('loadRefused', { name: chosen.name, why: say(whyKey(error.code)) });
        return;
      }
      for (const slug of Object.keys(loaded.roles)) store.setMarks(slug, loaded.roles[slug]);
      if (loaded.hours != null) store.setHours(loaded.hours);
      reload();
      status.textContent = sayCount('loaded', Object.keys(loaded.roles).length, { name: chosen.name });
    }, () => {
      status.textContent = say('loadRefused', { name: chosen.name, why: say(whyKey('not-json')) });
    });
  });
  clearAll.addEventListener('click', () => {
    if (!window.confirm(say('confirmClearAll'))) return;
    store.clearAll();
    reload();
    status.textContent = say('clearedAll');
  });
}

// Role cards (index, checker page, related roles): months at the visitor's
// pace and progress; and the list of roles started, where the page has one.
// Returns what redraws them; until the visitor has a pace or progress, the
// cards stay as the build wrote them (a site may list thousands).
function cardPainter(store, siteHours) {
  let painted = false;
  return () => {
    const hours = chosenHours(store, siteHours);
    const started = store.started();
    if (!painted && hours === siteHours && !Object.keys(started).length) return;
    painted = true;
    paintCards(hours, started, siteHours);
  };
}

function paintCards(hours, started, siteHours) {
  for (const card of document.querySelectorAll('[data-card]')) {
    const total = scaleMonths(durations(card.dataset.months), siteHours, hours).total;
    setText(card.querySelector('[data-card-months]'), formatNumber(total));
    setText(card.querySelector('[data-card-unit]'), unitText(total));
    const role = started[card.dataset.card];
    setText(card.querySelector('[data-card-progress]'), role ? progressText(role.done.length, Number(card.dataset.marks)) : '');
  }
  const list = document.getElementById('progress-started');
  if (!list) return;
  const slugs = Object.keys(started).sort((a, b) => (started[a].title || a).localeCompare(started[b].title || b));
  list.replaceChildren(...slugs.map((slug) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = list.dataset.rolePage.replace('{slug}', slug);
    link.textContent = started[slug].title || slug;
    item.append(link, ' ' + progressText(started[slug].done.length, started[slug].total));
    return item;
  }));
  document.getElementById('progress-none').hidden = slugs.length > 0;
}

// "40% done", or how many marks when the role's size is not known here.
function progressText(done, total) {
  const percent = percentDone(done, total);
  return percent == null ? sayCount('marked', done) : say('percentDone', { percent });
}

function boot() {
  const main = document.getElementById('main');
  if (!main || !main.dataset.hours) return;
  const store = siteStore(main.dataset.siteRoot);
  const siteHours = Number(main.dataset.hours);
  const status = document.getElementById('progress-status');
  const cards = cardPainter(store, siteHours);
  const role = document.querySelector('[data-roadmap]');
  const redrawRole = role ? wireRolePage(role, store, siteHours, status, cards) : () => {};
  if (status) {
    wireProgressFile(store, () => {
      redrawRole();
      cards();
    }, status);
    if (!store.available) status.textContent = say('noStorage');
  }
  cards();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
