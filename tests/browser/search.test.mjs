// Browser test of the search box (node:test): typing a skill finds the
// roles that need it, over http and from file://, the keyboard reaches and
// follows the results, and the index is fetched only once the box is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, openPage, siteInBrowser } from './harness.mjs';

const DEADLINE = 10_000;
const shared = siteInBrowser();

// The site's own search module and index, as Node reads them.
async function siteSearch() {
  const search = await import(pathToFileURL(join(ROOT, 'assets', 'search.js')).href);
  const script = readFileSync(join(ROOT, 'data', 'search.js'), 'utf8');
  const data = JSON.parse(script.slice(script.indexOf('=') + 1).replace(/;\n$/, ''));
  return { search, data };
}

const resultTitles = (page) => page.evaluate(() => Array.from(document.querySelectorAll('#site-search-results .site-search-title'), (n) => n.textContent));

async function typeAndWait(page, text) {
  await page.fill('#site-search', text);
  await page.waitForFunction(() => /found|No role/.test(document.getElementById('site-search-status').textContent), null, { timeout: DEADLINE });
}

test('typing a skill lists the roles that need it, as search.js ranks them', async () => {
  const { search, data } = await siteSearch();
  const index = search.prepare(data);
  const expected = search.search(index, 'kubernetes', 8);
  assert.ok(expected.total >= 2, 'several shipped roles need Kubernetes');
  const { page, seen, context } = await openPage(shared.browser, shared.server.origin + '/roles/backend-developer/index.html', { deadline: DEADLINE, ready: '#site-search' });
  assert.equal(seen.requests.some((url) => url.endsWith('/data/search.js')), false, 'the index is not fetched before the box is used');
  await typeAndWait(page, 'kubernetes');
  assert.deepEqual(await resultTitles(page), expected.results.map((r) => r.title));
  assert.equal(await page.textContent('#site-search-status'), `${expected.total} roles found, the best ${expected.results.length} listed.`);
  // A title word outranks a skill: "devops" puts the DevOps Engineer first.
  await typeAndWait(page, 'devops');
  assert.equal((await resultTitles(page))[0], 'DevOps Engineer');
  // Accents and case do not matter; a word that matches nothing says so.
  await typeAndWait(page, 'KUBERNÉTES');
  assert.deepEqual(await resultTitles(page), expected.results.map((r) => r.title));
  await typeAndWait(page, 'zzzqqq');
  assert.equal(await page.textContent('#site-search-status'), 'No role matches \u201czzzqqq\u201d.');
  assert.equal(await page.locator('#site-search-results').isHidden(), true);
  // The keyboard: down to the results, Enter follows the link, Escape closes.
  await typeAndWait(page, 'data engineer');
  const first = (await resultTitles(page))[0];
  assert.equal(first, 'Data Engineer');
  await page.press('#site-search', 'ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('#site-search-results') !== null), true);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue('#site-search'), '');
  assert.equal(await page.locator('#site-search-results').isHidden(), true);
  await typeAndWait(page, 'data engineer');
  await page.press('#site-search', 'ArrowDown');
  await Promise.all([page.waitForURL(/\/roles\/data-engineer\/index\.html$/, { timeout: DEADLINE }), page.keyboard.press('Enter')]);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});

test('search works from a folder (file://) too', async () => {
  const { page, seen, context } = await openPage(shared.browser, pathToFileURL(join(ROOT, 'index.html')).href, { deadline: DEADLINE, ready: '#site-search' });
  await typeAndWait(page, 'figma');
  const titles = await resultTitles(page);
  assert.ok(titles.includes('UX/UI Designer'), titles.join(', '));
  await Promise.all([page.waitForURL(/roles\/ux-ui-designer\/index\.html$/, { timeout: DEADLINE }), page.click('#site-search-results a >> text=UX/UI Designer')]);
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});
