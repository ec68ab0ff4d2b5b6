// Browser test of a two-language site (node:test): the bilingual fixture
// (tests/sites/bilingual: English and German, data-engineer untranslated)
// built with the real binary into a temporary folder, then the language
// switcher over http and from file://, German search, progress shared by
// both languages, the German readiness checker against `rolemap fit --lang
// de`, the untranslated role's page, axe on German pages and the German 404
// page. Console errors and CSP violations fail a test; every wait is a
// condition with a deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, REPO, closeClean, launchChromium, openPage, recordedPage, serveSite } from './harness.mjs';

const DEADLINE = 10_000;
const FIXTURE = join(REPO, 'tests', 'sites', 'bilingual');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The theme's strings tables, enough of them for this test: a key's plain
// string (double-quoted YAML, whose escapes JSON reads) or plural forms.
function strings(lang) {
  const table = {};
  for (const line of readFileSync(join(REPO, 'themes', 'default', 'i18n', `${lang}.yaml`), 'utf8').split('\n')) {
    const plain = /^(\w+): ("(?:[^"\\]|\\.)*")\s*$/.exec(line);
    if (plain) table[plain[1]] = JSON.parse(plain[2]);
    const plural = /^(\w+): \{one: ("(?:[^"\\]|\\.)*"), other: ("(?:[^"\\]|\\.)*")\}\s*$/.exec(line);
    if (plural) table[plural[1]] = { one: JSON.parse(plural[2]), other: JSON.parse(plural[3]) };
  }
  return table;
}
const EN = strings('en');
const DE = strings('de');
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

let work;
let out;
let server;
let origin;
let browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'rolemap-languages-'));
  out = join(work, 'site');
  execFileSync(BIN, ['build', '--quiet', '--root', FIXTURE, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = await serveSite(out);
  origin = server.origin;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const open = (url, ready = '#main') => openPage(browser, url.startsWith('file:') ? url : origin + url, { deadline: DEADLINE, ready });
const fileUrl = (path) => pathToFileURL(join(out, path)).href;

// The switcher's links as the page has them.
const switcher = (page) => page.evaluate(() => {
  const nav = document.querySelector('header nav.language-nav');
  return {
    label: nav?.getAttribute('aria-label'),
    links: Array.from(nav?.querySelectorAll('a') ?? [], (a) => ({
      name: a.textContent.trim(), href: a.getAttribute('href'), hreflang: a.getAttribute('hreflang'),
      lang: a.getAttribute('lang'), current: a.getAttribute('aria-current'),
    })),
  };
});

// Asserts the switcher names English and German, `current` marked.
async function assertSwitcher(page, current) {
  const { label, links } = await switcher(page);
  assert.equal(label, current === 'de' ? DE.nav_languages : EN.nav_languages, 'the switcher is labelled in the page language');
  assert.deepEqual(links.map(({ name, hreflang, lang, current: c }) => ({ name, hreflang, lang, current: c })), [
    { name: EN.language_name, hreflang: 'en', lang: 'en', current: current === 'en' ? 'true' : null },
    { name: DE.language_name, hreflang: 'de', lang: 'de', current: current === 'de' ? 'true' : null },
  ]);
  for (const link of links) assert.ok(!/^[a-z]+:|^\/\//.test(link.href), `a relative href: ${link.href}`);
}

// Clicks the switcher's link to `lang` and waits for `url` (a RegExp) and the page's main.
async function switchTo(page, lang, url) {
  await Promise.all([
    page.waitForURL(url, { timeout: DEADLINE }),
    page.click(`header nav.language-nav a[hreflang="${lang}"]`),
  ]);
  await page.locator('#main').waitFor({ state: 'visible', timeout: DEADLINE });
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// An address of the built site, over http, as a directory or its index.html.
const at = (path) => new RegExp('^' + esc(origin + path) + '(index\\.html)?$');

const htmlLang = (page) => page.getAttribute('html', 'lang');
const text = async (page, selector) => (await page.textContent(selector)).trim();

async function assertGermanChrome(page) {
  assert.equal(await htmlLang(page), 'de');
  assert.equal(await text(page, 'a.skip-link'), DE.nav_skip);
  assert.equal(await page.getAttribute('header nav.site-nav:not(.language-nav)', 'aria-label'), DE.nav_label);
  assert.deepEqual((await page.locator('header nav.site-nav:not(.language-nav) a').allTextContents()).map((s) => s.trim()),
    [DE.nav_all_roles, DE.nav_checker]);
  assert.equal(await page.getAttribute('#site-search', 'placeholder'), DE.search_label);
  await assertSwitcher(page, 'de');
}

async function assertEnglishChrome(page) {
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await text(page, 'a.skip-link'), EN.nav_skip);
  assert.deepEqual((await page.locator('header nav.site-nav:not(.language-nav) a').allTextContents()).map((s) => s.trim()),
    [EN.nav_all_roles, EN.nav_checker]);
  await assertSwitcher(page, 'en');
}

test('over http the switcher leads from a role page, the index and the checker page to the same page in German and back', async () => {
  const opened = await open('/roles/backend-developer/');
  const { page } = opened;
  await assertEnglishChrome(page);
  assert.equal(await text(page, 'h1'), 'Backend Developer');
  await switchTo(page, 'de', at('/de/roles/backend-developer/'));
  await assertGermanChrome(page);
  assert.equal(await text(page, 'h1'), 'Backend-Entwickler/in');
  assert.equal(await page.getAttribute('h1', 'lang'), null, 'a translated role is in the page language');
  assert.equal(await page.locator('p.untranslated').count(), 0);
  assert.equal(await page.getAttribute('link[rel="canonical"]', 'href'), 'https://careers.example.org/de/roles/backend-developer/');
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelectorAll('link[rel="alternate"][hreflang]'), (l) => [l.hreflang, l.href])), [
    ['en', 'https://careers.example.org/roles/backend-developer/'],
    ['de', 'https://careers.example.org/de/roles/backend-developer/'],
    ['x-default', 'https://careers.example.org/roles/backend-developer/'],
  ]);
  // German skill names and interface text on the role itself.
  assert.equal(await page.getAttribute('input.mark[value="skill:auth"]', 'aria-label'), fill(DE.role_done, { name: 'Authentifizierung und Autorisierung' }));
  assert.equal(await text(page, '#checker-title'), DE.checker_title);
  await switchTo(page, 'en', at('/roles/backend-developer/'));
  await assertEnglishChrome(page);
  assert.equal(await text(page, 'h1'), 'Backend Developer');

  // The index.
  await page.goto(origin + '/');
  await page.locator('#main').waitFor({ timeout: DEADLINE });
  await assertEnglishChrome(page);
  await switchTo(page, 'de', at('/de/'));
  await assertGermanChrome(page);
  assert.equal(await text(page, 'h1'), 'Karrierewege', 'the German site title from i18n/de.yaml');
  assert.ok(await page.locator('#main a', { hasText: 'Backend-Entwickler/in' }).count() > 0, 'the index lists the German role title');
  await switchTo(page, 'en', at('/'));
  await assertEnglishChrome(page);
  assert.equal(await text(page, 'h1'), 'Example Careers');

  // The checker page.
  await page.goto(origin + '/checker/');
  await page.locator('#main').waitFor({ timeout: DEADLINE });
  await assertEnglishChrome(page);
  await switchTo(page, 'de', at('/de/checker/'));
  await assertGermanChrome(page);
  assert.equal(await text(page, 'h1'), DE.checker_title);
  await switchTo(page, 'en', at('/checker/'));
  await assertEnglishChrome(page);
  assert.equal(await text(page, 'h1'), EN.checker_title);
  await closeClean(opened);
});

test('German pages link the German feed', async () => {
  const opened = await open('/de/roles/backend-developer/');
  const feed = await opened.page.evaluate(() => {
    const link = document.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    return { title: link.title, href: link.href };
  });
  assert.deepEqual(feed, { title: 'Karrierewege', href: origin + '/de/atom.xml' });
  await closeClean(opened);
});

// Clicks the switcher's link to `lang` from a page opened from a folder and
// returns the address it led to, once the browser has gone there.
async function switchFromFolder(page, lang) {
  const from = page.url();
  await Promise.all([
    page.waitForURL((url) => url.href !== from, { timeout: DEADLINE }),
    page.click(`header nav.language-nav a[hreflang="${lang}"]`),
  ]);
  await page.waitForLoadState('load', { timeout: DEADLINE });
  return page.url();
}

test('from file:// the switcher opens the German pages, not their folders', async () => {
  const opened = await open(fileUrl('index.html'));
  const { page } = opened;
  await assertSwitcher(page, 'en');
  // Links to a folder (de/) work over http, where the server answers with its
  // index.html, but from a folder the browser lists the folder instead.
  assert.equal(await switchFromFolder(page, 'de'), fileUrl('de/index.html'), 'the German index page, not a listing of its folder');
  await page.locator('#main').waitFor({ state: 'visible', timeout: DEADLINE });
  await assertGermanChrome(page);
  assert.equal(await switchFromFolder(page, 'en'), fileUrl('index.html'));
  await page.locator('#main').waitFor({ state: 'visible', timeout: DEADLINE });
  await assertEnglishChrome(page);
  // A role page too.
  await page.goto(fileUrl('roles/backend-developer/index.html'));
  await page.locator('#main').waitFor({ timeout: DEADLINE });
  assert.equal(await switchFromFolder(page, 'de'), fileUrl('de/roles/backend-developer/index.html'));
  assert.equal(await text(page, 'h1'), 'Backend-Entwickler/in');
  await closeClean(opened);
});

test('from file:// German search finds the German role by a German skill name and opens its German page', async () => {
  const opened = await open(fileUrl('de/index.html'), '#site-search');
  const { page } = opened;
  assert.equal(await htmlLang(page), 'de');
  await page.fill('#site-search', 'Authentifizierung');
  const found = fill(DE.search_found.one, {});
  await page.waitForFunction((want) => document.getElementById('site-search-status').textContent === want, found, { timeout: DEADLINE });
  assert.deepEqual(await page.locator('#site-search-results .site-search-title').allTextContents(), ['Backend-Entwickler/in']);
  // A German title of the role finds it too; a skill of the untranslated role finds that one, in English.
  const firstIs = (want) => page.waitForFunction((w) => document.querySelector('#site-search-results .site-search-title')?.textContent === w, want, { timeout: DEADLINE });
  await page.fill('#site-search', 'Softwareentwicklerin Backend');
  await firstIs('Backend-Entwickler/in');
  await page.fill('#site-search', 'Spark');
  await firstIs('Data Engineer');
  assert.equal(await page.getAttribute('#site-search-results a', 'href'), '../de/roles/data-engineer/index.html');
  await page.fill('#site-search', 'Authentifizierung');
  await firstIs('Backend-Entwickler/in');
  await Promise.all([
    page.waitForURL(fileUrl('de/roles/backend-developer/index.html'), { timeout: DEADLINE }),
    page.click('#site-search-results a'),
  ]);
  await page.locator('#main').waitFor({ timeout: DEADLINE });
  assert.equal(await htmlLang(page), 'de');
  assert.equal(await text(page, 'h1'), 'Backend-Entwickler/in');
  await closeClean(opened);
});

test('marks made in one language show in the other: the progress keys are shared', async () => {
  const opened = await open('/roles/backend-developer/');
  const { page } = opened;
  const checked = (value) => page.waitForFunction((v) => document.querySelector(`input.mark[value="${v}"]`)?.checked === true, value, { timeout: DEADLINE });
  const overall = () => page.textContent('#progress-overall');
  const total = await page.locator('input.mark').count();
  const milestone = await page.getAttribute('#phase-1 .milestones .mark', 'value');
  await page.locator('input.mark[value="skill:sql"]').check();
  await page.locator(`input.mark[value="${milestone}"]`).check();
  const two = Math.round(200 / total);
  await page.waitForFunction((want) => document.getElementById('progress-overall').textContent === want, fill(EN.progress_percent_done, { percent: two }), { timeout: DEADLINE });

  await switchTo(page, 'de', at('/de/roles/backend-developer/'));
  assert.equal(await page.locator('input.mark').count(), total, 'the same marks in German');
  await checked('skill:sql');
  await checked(milestone);
  await page.waitForFunction((want) => document.getElementById('progress-overall').textContent === want, fill(DE.progress_percent_done, { percent: two }), { timeout: DEADLINE });
  assert.equal(await page.locator('input.mark:checked').count(), 2);
  // The reverse: marked in German, shown in English; unmarked in German, gone in English.
  await page.locator('input.mark[value="skill:docker"]').check();
  await page.locator(`input.mark[value="${milestone}"]`).uncheck();
  await page.waitForFunction((m) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('rolemap-progress:'));
    const done = key ? JSON.parse(localStorage.getItem(key)).done : [];
    return done.includes('skill:docker') && !done.includes(m);
  }, milestone, { timeout: DEADLINE });
  assert.equal(await overall(), fill(DE.progress_percent_done, { percent: two }));
  await switchTo(page, 'en', at('/roles/backend-developer/'));
  await checked('skill:sql');
  await checked('skill:docker');
  assert.equal(await page.locator(`input.mark[value="${milestone}"]`).isChecked(), false);
  assert.equal(await page.locator('input.mark:checked').count(), 2);
  assert.equal(await overall(), fill(EN.progress_percent_done, { percent: two }));
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rolemap-progress:')));
  assert.equal(stored.length, 1, `one store for both languages: ${stored.join(', ')}`);
  assert.match(stored[0], /:backend-developer$/);
  // The German index shows the role as started, under its German title.
  await page.goto(origin + '/de/');
  await page.waitForFunction(() => /^Backend-Entwickler\/in /.test(document.querySelector('#progress-started li')?.textContent ?? ''), null, { timeout: DEADLINE });
  await closeClean(opened);
});

const CV_DE = `Backend-Entwicklerin mit fünf Jahren Berufserfahrung.
Entwicklung von REST-Schnittstellen in Python, relationale Datenbanken (PostgreSQL).
Versionsverwaltung mit Git, Code-Reviews im Team.
Ich habe keine Erfahrung mit Docker.
Authentifizierung mit JWT und Keycloak; Testautomatisierung mit pytest.`;

const fitJson = (lang) => JSON.parse(execFileSync(BIN, ['fit', '--root', FIXTURE, ...(lang ? ['--lang', lang] : []), '--json', '-'],
  { input: CV_DE, stdio: ['pipe', 'pipe', 'pipe'] }).toString());

test('the German checker scores a German CV as `rolemap fit --lang de` does, in German', async () => {
  const expected = fitJson('de').roles.find((r) => r.slug === 'backend-developer');
  assert.ok(expected, 'fit ranks backend-developer');
  const metIds = expected.met.map((m) => m.id);
  assert.ok(metIds.includes('rest-api') && metIds.includes('sql') && metIds.includes('git'), `German keywords count: ${metIds}`);
  assert.deepEqual(expected.negated.map((n) => n.id), ['docker'], '"keine Erfahrung mit Docker" is negated');
  const english = fitJson(null).roles.find((r) => r.slug === 'backend-developer');
  assert.ok(english.score < expected.score, `the English checker knows fewer of these German words (${english.score} < ${expected.score})`);

  const opened = await open('/de/roles/backend-developer/', '.checker-app');
  const { page } = opened;
  const textIs = (selector, want) => page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent === w, [selector, want], { timeout: DEADLINE });
  await page.locator('#checker-text').fill(CV_DE.slice(0, -5));
  await page.locator('#checker-text').pressSequentially(CV_DE.slice(-5));
  await textIs('#checker-score', fill(DE.percent, { n: expected.score }));
  await textIs('#checker-band', expected.band);
  assert.equal(expected.band, DE.checker_band_nearly_ready, 'the band is named in German');
  const skills = await page.locator('input.mark[value^="skill:"]').count();
  const summary = await text(page, '#checker-summary');
  assert.ok(summary.startsWith(fill(DE.checker_summary.other, { met: expected.met.length, n: skills })), summary);
  assert.ok(summary.includes(fill(DE.checker_summary_negated.one, { n: 1 })), summary);
  for (const id of metIds) assert.equal(await page.locator(`#checker-tick-${id}`).isChecked(), true, `${id} is ticked`);
  assert.equal(await page.locator('#checker-tick-docker').isChecked(), false, 'the negated skill is not met');
  assert.equal(await page.locator('#checker-met li', { hasText: 'Docker und einfaches Deployment' }).count(), 0);
  const docker = page.locator('#checker-missing li', { hasText: 'Docker und einfaches Deployment' });
  await docker.waitFor({ timeout: DEADLINE });
  assert.equal(await docker.locator('.checker-discounted q').textContent(), expected.negated[0].snippet);
  assert.equal(await page.locator('#checker-negated-note').isHidden(), false);
  assert.ok((await text(page, '#checker-next')).startsWith(DE.checker_next_step), 'the next step is German');
  await closeClean(opened);
});

test('an untranslated role\'s German page says so, keeps its English text marked English, and switches', async () => {
  const opened = await open('/de/roles/data-engineer/');
  const { page } = opened;
  await assertGermanChrome(page);
  assert.equal(await text(page, 'p.untranslated'), DE.role_untranslated);
  assert.equal(await text(page, 'h1'), 'Data Engineer');
  assert.equal(await page.getAttribute('h1', 'lang'), 'en');
  assert.equal(await page.getAttribute('.hero p.lead', 'lang'), 'en');
  assert.equal(await page.getAttribute('link[rel="canonical"]', 'href'), 'https://careers.example.org/roles/data-engineer/');
  assert.equal(await page.locator('link[rel="alternate"][hreflang]').count(), 0, 'no hreflang alternate claims a German text');
  await switchTo(page, 'en', at('/roles/data-engineer/'));
  await assertEnglishChrome(page);
  assert.equal(await page.locator('p.untranslated').count(), 0);
  assert.equal(await page.getAttribute('h1', 'lang'), null);
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelectorAll('link[rel="alternate"][hreflang]'), (l) => l.hreflang)), ['en', 'x-default']);
  await switchTo(page, 'de', at('/de/roles/data-engineer/'));
  assert.equal(await text(page, 'p.untranslated'), DE.role_untranslated);
  await closeClean(opened);
});

test('German pages have no axe violations', async () => {
  for (const path of ['/de/', '/de/roles/backend-developer/', '/de/roles/data-engineer/']) {
    const { page, context } = await open(path);
    try {
      await page.evaluate(AXE);
      const found = await page.evaluate(() =>
        window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }).then((r) => r.violations));
      assert.deepEqual(found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], path);
    } finally {
      await context.close();
    }
  }
});

test('the German 404 page, served at a missing German address, switches to each language\'s home', async () => {
  const missing = origin + '/de/roles/gibt-es-nicht/';
  const body = readFileSync(join(out, 'de', '404.html'));
  for (const [lang, home] of [['de', '/de/'], ['en', '/']]) {
    const opened = await recordedPage(browser);
    const { page, context, seen } = opened;
    // What a host does with the 404 page of the language folder.
    await context.route(missing, (route) => route.fulfill({ status: 404, contentType: 'text/html; charset=utf-8', body }));
    const response = await page.goto(missing);
    assert.equal(response.status(), 404);
    // Chromium reports the page's own 404 status on the console: that one message, and only it.
    assert.deepEqual(seen.errors.splice(0), ['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await page.locator('#main').waitFor({ timeout: DEADLINE });
    assert.equal(await htmlLang(page), 'de');
    assert.equal(await text(page, 'h1'), DE.page_not_found_heading);
    await assertSwitcher(page, 'de');
    assert.deepEqual((await switcher(page)).links.map((l) => l.href), ['/', '/de/']);
    await switchTo(page, lang, at(home));
    assert.equal(await htmlLang(page), lang);
    assert.equal(await text(page, 'h1'), lang === 'de' ? 'Karrierewege' : 'Example Careers');
    await closeClean(opened);
  }
});
