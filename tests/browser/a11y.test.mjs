// Accessibility of every page type, and of the role page in the states the
// visitor's progress, pace, plan and checker put it in, with axe-core
// (WCAG 2.1 A and AA, and axe's best practices), in the system Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, siteInBrowser } from './harness.mjs';

const DEADLINE = 10_000;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ROLE = '/roles/backend-developer/index.html';

const shared = siteInBrowser();

// axe's violations on the page as it is now, one line each.
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const found = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }).then((result) => result.violations),
  );
  return found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function check(path, states, viewport) {
  const { page, context } = await openPage(shared.browser, shared.server.origin + path, { deadline: DEADLINE, ready: '#main', viewport });
  try {
    assert.deepEqual(await violations(page), [], path + ', as loaded');
    for (const [name, reach] of states) {
      await reach(page);
      assert.deepEqual(await violations(page), [], path + ', ' + name);
    }
  } finally {
    await context.close();
  }
}

const statusSays = (page, pattern) =>
  page.waitForFunction((p) => new RegExp(p).test(document.getElementById('progress-status').textContent), pattern.source, { timeout: DEADLINE });

for (const viewport of [{ width: 1350, height: 940 }, { width: 390, height: 844 }]) {
  const size = `${viewport.width}px`;

  test(`index, category, checker, compare and 404 pages have no violations, and search results, at ${size}`, async () => {
    for (const path of ['/index.html', '/checker/index.html', '/404.html', '/categories/software-development/index.html',
      '/compare/index.html?from=qa-automation-engineer&to=devops-engineer']) await check(path, [], viewport);
    await check('/index.html', [['with search results', async (page) => {
      await page.fill('#site-search', 'kubernetes');
      await page.locator('#site-search-results a').first().waitFor({ timeout: DEADLINE });
    }]], viewport);
  });

  test(`a role page has no violations in any state of progress, pace, plan and checker at ${size}`, async () => {
    await check(ROLE, [
      ['with marks', async (page) => {
        await page.locator('.skill .mark').first().check();
        await page.locator('#phase-1 .milestones .mark').first().check();
      }],
      ['at another pace', async (page) => {
        await page.fill('#pace-hours', '6');
        await page.locator('#pace-reset').waitFor({ state: 'visible', timeout: DEADLINE });
      }],
      ['with a CV pasted and the plan following it', async (page) => {
        await page.fill('#checker-text', 'Backend developer: Python, PostgreSQL, REST APIs, Docker and Git; no Kubernetes yet.');
        await page.locator('#checker-result').waitFor({ state: 'visible', timeout: DEADLINE });
        await page.locator('#checker-mark-done').waitFor({ state: 'visible', timeout: DEADLINE });
      }],
      ['after marking the found skills done', async (page) => {
        await page.click('#checker-mark-done');
        await statusSays(page, /^Marked the/);
      }],
      ['after a refused progress file', async (page) => {
        await page.setInputFiles('#progress-load', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
        await statusSays(page, /was not loaded/);
      }],
    ], viewport);
  });
}

test('the index and checker page have no violations with roles started', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.origin + ROLE, { deadline: DEADLINE, ready: '#main' });
  try {
    await page.locator('.skill .mark').first().check();
    for (const path of ['/index.html', '/checker/index.html']) {
      await page.goto(shared.server.origin + path);
      await page.locator('#progress-started li').first().waitFor({ timeout: DEADLINE });
      assert.deepEqual(await violations(page), [], path);
    }
  } finally {
    await context.close();
  }
});
