// Browser test of the readiness checker on a built site (node:test).
//
// ROLEMAP_SITE names the built site folder (tests/browser/run.sh builds one
// with `cargo run --release -- build --out <tmp>`). The folder is served from
// 127.0.0.1 and opened in the system Chromium through playwright-core; no
// browser is downloaded. Every wait is a condition with a deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, openPage, ROOT, serveSite, siteChecker } from './harness.mjs';

const DEADLINE = 10_000;

const CV = `Backend engineer, five years.
Built RESTful APIs in Python and Node.js on PostgreSQL, with pytest unit tests.
I have no experience with Docker yet.
Skills:
Redis, Git and code review`;

let server;
let origin;
let browser;
let checker;
let data;

before(async () => {
  ({ checker, data } = await siteChecker());
  server = await serveSite();
  origin = server.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function open(path) {
  return openPage(browser, origin + path, { deadline: DEADLINE });
}

async function clean({ page, seen, context }, site = origin) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  const foreign = seen.requests.filter((u) => !u.startsWith(site));
  assert.deepEqual(foreign, [], 'requests that leave the site');
  await context.close();
}

function textIs(page, selector, want) {
  return page.waitForFunction(
    ([s, w]) => document.querySelector(s)?.textContent === w,
    [selector, want],
    { timeout: DEADLINE },
  );
}

function role(slug) {
  return data.roles.find((r) => r.slug === slug);
}

function skillNamed(r, id) {
  return r.skills.find((s) => s.id === id);
}

test('the role page scores a pasted CV exactly as rank() does', async () => {
  const r = role('backend-developer');
  const expected = checker.rank(CV, data).find((f) => f.slug === 'backend-developer');
  const ids = expected.met.map((m) => m.id);
  assert.ok(ids.includes('sql'), 'the CV shows SQL (PostgreSQL)');
  const negatedIds = expected.negated.map((n) => n.id);
  assert.ok(negatedIds.includes('docker'), 'the CV says it has no Docker');
  assert.ok(expected.missing.some((m) => m.id === 'docker'), 'a negated skill is a skill to learn');
  const gap = expected.missing.find((m) => m.phase !== null && !negatedIds.includes(m.id));
  assert.ok(gap, 'a missing skill taught in a phase');

  const p = await open('/roles/backend-developer/index.html');
  const { page } = p;
  await page.locator('#checker-text').fill(CV.slice(0, -10));
  await page.locator('#checker-text').pressSequentially(CV.slice(-10));
  await textIs(page, '#checker-score', `${expected.score}%`);
  await textIs(page, '#checker-band', expected.band);

  const met = page.locator('#checker-met li', { hasText: skillNamed(r, 'sql').name });
  await met.waitFor({ timeout: DEADLINE });
  assert.match(await met.textContent(), /postgresql/i);

  const missing = page.locator('#checker-missing li', { hasText: skillNamed(r, gap.id).name });
  await missing.waitFor({ timeout: DEADLINE });
  const link = missing.locator('a', { hasText: `Phase ${gap.phase}` });
  assert.equal(await link.getAttribute('href'), `#phase-${gap.phase}`);
  assert.equal(await page.locator(`#phase-${gap.phase}`).count(), 1, 'the linked phase exists');

  // The negated skill is listed to learn, with the mention that was not counted.
  const docker = page.locator('#checker-missing li', { hasText: skillNamed(r, 'docker').name });
  await docker.waitFor({ timeout: DEADLINE });
  const discounted = expected.negated.find((n) => n.id === 'docker');
  assert.equal(await docker.locator('.checker-discounted q').textContent(), discounted.snippet);
  assert.equal(await page.locator('#checker-missing-none').isHidden(), true, 'never "Skills to learn: None." beside a negated skill');
  // The next step is the result's next phase, and it teaches skills listed to learn.
  const next = await page.locator('#checker-next').textContent();
  const phase = r.phases.find((p) => p.number === expected.next_phase);
  assert.ok(next.startsWith(`Next step: Phase ${phase.number}: ${phase.title}`), next);
  const taught = expected.missing.filter((m) => m.phase === expected.next_phase).map((m) => skillNamed(r, m.id).name);
  assert.ok(next.endsWith(`It teaches: ${taught.join('; ')}. See your remaining roadmap.`), next);
  assert.equal(await page.locator('#checker-next a[href="#plan"]').count(), 1, 'the next step links into the plan');
  // Skills the text shows are ticked in the checklist, and cannot be unticked while it shows them.
  for (const id of ids) {
    assert.equal(await page.locator(`#checker-tick-${id}`).isChecked(), true, `${id} is ticked`);
    assert.equal(await page.locator(`#checker-tick-${id}`).isDisabled(), true, `${id} is found in the text`);
  }
  assert.equal(await page.locator('#checker-tick-docker').isChecked(), false, 'a negated skill is not ticked');
  assert.ok(await page.locator('#checker-view mark.checker-hit').count() > 0, 'matches are highlighted');
  assert.equal(await page.locator('#checker-view mark.checker-neg').count(), 1, 'the negated mention is marked');

  // Keyboard only: tick the missing skill; it counts as met.
  await page.locator(`#checker-tick-${gap.id}`).focus();
  await page.keyboard.press('Space');
  const total = r.skills.reduce((n, s) => n + s.weight, 0);
  const got = r.skills.filter((s) => ids.includes(s.id) || s.id === gap.id).reduce((n, s) => n + s.weight, 0);
  await textIs(page, '#checker-score', `${Math.floor((200 * got + total) / (2 * total))}%`);
  await page.locator('#checker-met li', { hasText: 'ticked' }).waitFor({ timeout: DEADLINE });

  const share = await page.locator('#checker-share').getAttribute('href');
  const metIds = r.skills.filter((s) => ids.includes(s.id) || s.id === gap.id).map((s) => s.id);
  assert.equal(new URL(share).hash, `#fit=backend-developer:${metIds.join(',')}:${negatedIds.join(',')}`);
  await clean(p);

  // The shared link tells the same story: the same skills shown, to learn and not counted.
  const shared = await open('/roles/backend-developer/index.html' + new URL(share).hash);
  const sharedPage = shared.page;
  await sharedPage.locator('#checker-shared').waitFor({ timeout: DEADLINE });
  await textIs(sharedPage, '#checker-score', `${Math.floor((200 * got + total) / (2 * total))}%`);
  const listed = (list) => sharedPage.locator(`#checker-${list} li .checker-skill`).allTextContents();
  assert.deepEqual(await listed('met'), metIds.map((id) => skillNamed(r, id).name));
  assert.deepEqual(await listed('missing'), expected.missing.filter((m) => m.id !== gap.id).map((m) => skillNamed(r, m.id).name));
  await sharedPage.locator('#checker-missing li', { hasText: skillNamed(r, 'docker').name }).locator('.checker-discounted').waitFor({ timeout: DEADLINE });
  await clean(shared);
});

test('a shared link ticks its skills and says it is shared', async () => {
  const p = await open('/roles/backend-developer/index.html#fit=backend-developer:sql,git,nonsense');
  const { page } = p;
  await page.locator('#checker-shared').waitFor({ timeout: DEADLINE });
  assert.equal(await page.locator('#checker-tick-sql').isChecked(), true);
  assert.equal(await page.locator('#checker-tick-git').isChecked(), true);
  const r = role('backend-developer');
  const total = r.skills.reduce((n, s) => n + s.weight, 0);
  const got = skillNamed(r, 'sql').weight + skillNamed(r, 'git').weight;
  await textIs(page, '#checker-score', `${Math.floor((200 * got + total) / (2 * total))}%`);
  await page.locator('#checker-own').click();
  await page.locator('#checker-shared').waitFor({ state: 'hidden', timeout: DEADLINE });
  assert.equal(await page.locator('#checker-tick-sql').isChecked(), false);
  await clean(p);
});

test('"Remember on this device" stores only when ticked, and unticking deletes', async () => {
  const p = await open('/roles/backend-developer/index.html');
  const { page } = p;
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rolemap-checker')).length);
  await page.locator('#checker-text').fill('PostgreSQL');
  await page.locator('#checker-result').waitFor({ timeout: DEADLINE });
  assert.equal(await stored(), 0, 'nothing stored before "Remember" is ticked');
  await page.locator('#checker-remember').check();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#checker-text').value === 'PostgreSQL', null, { timeout: DEADLINE });
  assert.equal(await page.locator('#checker-remember').isChecked(), true);
  await page.locator('#checker-remember').uncheck();
  assert.equal(await stored(), 0, 'unticking deletes the stored text');
  await clean(p);
});

test('the checker page ranks every role as rank() does', async () => {
  await checkerPageRanks(origin + '/checker/index.html', origin);
});

test('the checker page opened from a folder (file://) loads the shared data and ranks the same', async () => {
  const site = pathToFileURL(ROOT).href;
  await checkerPageRanks(pathToFileURL(join(ROOT, 'checker', 'index.html')).href, site);
});

// The checker page at `url` ranks CV as rank() does, with the same cards,
// and its first link opens that role's page.
async function checkerPageRanks(url, site) {
  const expected = checker.rank(CV, data);
  const p = await openPage(browser, url, { deadline: DEADLINE });
  const { page } = p;
  await page.locator('#checker-text').fill(CV);
  await page.waitForFunction((n) => document.querySelectorAll('#checker-ranking > li').length === n, expected.length, { timeout: DEADLINE });
  const shown = await page.locator('#checker-ranking > li').evaluateAll((lis) =>
    lis.map((li) => [li.querySelector('.fit-title').textContent, li.querySelector('.fit-score strong').textContent]));
  assert.deepEqual(shown, expected.map((f) => [f.title, `${f.score}%`]));
  // The same to-learn and not-counted lists as rank() and the role page.
  const cards = await page.locator('#checker-ranking > li').evaluateAll((lis) =>
    lis.map((li) => [li.querySelector('.fit-todo').textContent, li.querySelector('.fit-negated')?.textContent ?? null]));
  assert.deepEqual(cards, expected.map((f) => {
    const name = (id) => skillNamed(role(f.slug), id).name;
    return [
      f.missing.length ? 'To learn next: ' + f.missing.slice(0, 3).map((m) => name(m.id)).join('; ') : 'You show every key skill.',
      f.negated.length ? 'Mentioned, not counted: ' + f.negated.map((n) => name(n.id)).join('; ') : null,
    ];
  }));
  assert.ok(cards.some(([, negated]) => negated && negated.includes('Docker')), 'Docker is not counted');
  const first = page.locator('#checker-ranking > li .fit-title a').first();
  assert.equal(await first.getAttribute('href'), '../' + role(expected[0].slug).url);
  await first.click();
  await page.waitForURL(`**/${role(expected[0].slug).url}`, { timeout: DEADLINE });
  await clean(p, site);
}

test('the checker intro offers pasting with the script, and only the key skills without it', async () => {
  for (const [path, intro] of [['/roles/backend-developer/index.html', '#checker .section-intro'], ['/checker/index.html', '.hero .lead']]) {
    const p = await open(path);
    assert.equal(await p.page.locator(intro + ' .js-only').isVisible(), true, `${path}: the script's wording shows`);
    assert.equal(await p.page.locator(intro + ' .no-js').isHidden(), true, `${path}: the no-script wording gives way`);
    await clean(p);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(origin + path);
    assert.equal(await page.locator(intro + ' .no-js').isVisible(), true, `${path}: without JavaScript`);
    assert.equal(await page.locator(intro + ' .js-only').isHidden(), true, `${path}: no promise of pasting`);
    assert.equal(await page.locator('.checker-app').isHidden(), true, `${path}: no form that cannot work`);
    await context.close();
  }
});
