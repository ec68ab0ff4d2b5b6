// rolemap role comparison, the page wiring of compare/: two roles chosen by
// title (the page's address keeps them: ?from=<slug>&to=<slug>), the skills
// they share and what the second needs beyond the first, with the phases
// that teach it. The roles come from data/checker.js. The only module syntax
// is the one-line imports below (see checker-page.js).
import { unpack } from './checker.js';
import { compareRoles } from './compare.js';
import { messagesOf } from './messages.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function wireCompare(app, data) {
  const say = messagesOf(app);
  const part = (id) => document.getElementById('compare-' + id);
  const bySlug = new Map(data.roles.map((role) => [role.slug, role]));
  const byTitle = new Map(data.roles.map((role) => [role.title.toLowerCase(), role]));
  const root = app.dataset.root || '';
  const choices = part('roles');
  choices.replaceChildren(...data.roles.map((role) => Object.assign(document.createElement('option'), { value: role.title })));
  const months = (phase) =>
    phase.start_month === phase.end_month
      ? say('msgMonth', { a: phase.start_month })
      : say('msgMonths', { a: phase.start_month, b: phase.end_month });
  const roleLink = (role) => Object.assign(element('a', null, role.title), { href: root + role.url });

  function chosen(input) {
    return byTitle.get(input.value.trim().toLowerCase()) || null;
  }

  function show() {
    const from = chosen(part('from'));
    const to = chosen(part('to'));
    const result = part('result');
    result.hidden = !(from && to);
    if (!from || !to) {
      part('status').textContent = part('from').value && part('to').value ? say('msgUnknown') : '';
      return;
    }
    history.replaceState(null, '', '?from=' + encodeURIComponent(from.slug) + '&to=' + encodeURIComponent(to.slug));
    const compared = compareRoles(from, to);
    part('status').textContent = '';
    part('summary').replaceChildren(
      say('msgSummaryStart', { shared: compared.shared.length, total: to.skills.length }), ' ',
      roleLink(to), ' ', say('msgSummaryMiddle'), ' ', roleLink(from),
      compared.toLearn.length ? ' ' + say('msgSummaryEnd', { n: compared.toLearn.length, months: compared.months }) : '.',
    );
    part('shared').replaceChildren(...compared.shared.map(({ skill, as }) =>
      element('li', null, skill.name + (as.name === skill.name ? '' : ' ' + say('msgAs', { name: as.name })))));
    part('shared-none').hidden = compared.shared.length > 0;
    part('learn').replaceChildren(...compared.toLearn.map(({ skill, phase }) => {
      const item = element('li', null, skill.name + ' ');
      if (phase) {
        const link = element('a', 'compare-phase', say('msgPhase', { n: phase.number, title: phase.title, months: months(phase) }));
        link.href = root + to.url + '#phase-' + phase.number;
        item.append(link);
      } else item.append(element('span', 'compare-phase', say('msgNoPhase')));
      return item;
    }));
    part('learn-none').hidden = compared.toLearn.length > 0;
  }

  const query = new URLSearchParams(location.search);
  for (const side of ['from', 'to']) {
    const role = bySlug.get(query.get(side) || '');
    if (role) part(side).value = role.title;
    part(side).addEventListener('input', show);
  }
  part('swap').addEventListener('click', () => {
    [part('from').value, part('to').value] = [part('to').value, part('from').value];
    show();
  });
  app.classList.remove('checker-pending');
  show();
}

function boot() {
  const app = document.querySelector('[data-compare]');
  if (!app) return;
  let data = null;
  try {
    data = unpack(globalThis.rolemapCheckerData);
  } catch (e) {
    data = null;
  }
  if (data && Array.isArray(data.roles) && data.roles.length) wireCompare(app, data);
  else app.hidden = true;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
