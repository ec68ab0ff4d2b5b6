// Browser test of "Compare two roles" (node:test): from a role's related
// roles to the comparison, which agrees with compare.js on the site's data,
// from a web server and from a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, openPage, siteChecker, siteInBrowser } from './harness.mjs';

const DEADLINE = 10_000;
const shared = siteInBrowser();

const texts = (page, selector) => page.evaluate((s) => Array.from(document.querySelectorAll(s), (n) => n.textContent), selector);

test('a related role opens the comparison, which lists shared skills and what to learn with its phases', async () => {
  const { data } = await siteChecker();
  const { compareRoles } = await import(pathToFileURL(join(ROOT, 'assets', 'compare.js')).href);
  const from = data.roles.find((r) => r.slug === 'qa-automation-engineer');
  const to = data.roles.find((r) => r.slug === 'devops-engineer');
  const expected = compareRoles(from, to);
  assert.ok(expected.shared.length > 0 && expected.toLearn.length > 0, 'a QA engineer has some DevOps skills and not others');

  const { page, seen, context } = await openPage(shared.browser, shared.server.origin + '/roles/qa-automation-engineer/index.html', { deadline: DEADLINE, ready: '#related' });
  await Promise.all([page.waitForURL(/compare\/index\.html\?from=qa-automation-engineer&to=devops-engineer$/, { timeout: DEADLINE }),
    page.click('.compare-links a >> text=DevOps Engineer')]);
  await page.locator('#compare-result').waitFor({ state: 'visible', timeout: DEADLINE });
  assert.equal(await page.inputValue('#compare-from'), from.title);
  assert.equal(await page.inputValue('#compare-to'), to.title);
  assert.deepEqual((await texts(page, '#compare-shared li')).map((t) => t.split(' (as ')[0]), expected.shared.map((s) => s.skill.name));
  const learn = await texts(page, '#compare-learn li');
  assert.equal(learn.length, expected.toLearn.length);
  expected.toLearn.forEach(({ skill, phase }, i) => {
    assert.ok(learn[i].startsWith(skill.name + ' '), learn[i]);
    if (phase) assert.ok(learn[i].endsWith(`Phase ${phase.number}: ${phase.title} (months ${phase.start_month}\u2013${phase.end_month})`), learn[i]);
  });
  const summary = await page.textContent('#compare-summary');
  assert.equal(summary, `You have ${expected.shared.length} of the ${to.skills.length} key skills of ${to.title} as ${from.title} already; ${expected.toLearn.length} more to learn, in about ${expected.months} months of its roadmap.`);
  // Each phase link leads into the second role's roadmap.
  const href = await page.getAttribute('#compare-learn a', 'href');
  assert.match(href, /roles\/devops-engineer\/index\.html#phase-\d+$/);
  // Swapping compares the other way and keeps the address.
  await page.click('#compare-swap');
  await page.waitForURL(/\?from=devops-engineer&to=qa-automation-engineer$/, { timeout: DEADLINE });
  assert.equal(await page.inputValue('#compare-from'), to.title);
  // A title that is no role says how to pick one.
  await page.fill('#compare-to', 'Astronaut');
  await page.waitForFunction(() => document.getElementById('compare-status').textContent.startsWith('Pick both roles'), null, { timeout: DEADLINE });
  assert.equal(await page.locator('#compare-result').isHidden(), true);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});

test('the comparison works from a folder (file://) too', async () => {
  const url = pathToFileURL(join(ROOT, 'compare', 'index.html')).href + '?from=backend-developer&to=full-stack-developer';
  const { page, seen, context } = await openPage(shared.browser, url, { deadline: DEADLINE, ready: '#compare-result' });
  assert.ok((await texts(page, '#compare-shared li')).length > 0);
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
});
