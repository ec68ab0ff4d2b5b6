// Browser test of category pages and paging (node:test): a site of 130
// roles in two categories, written here and built with the real binary into
// a temporary folder, walked by clicking as a visitor does, over http and
// from file://: the index's categories and counts, a category's pages of 60
// roles with the pager and rel=prev/next, every role reached exactly once,
// and the list of every role by title. Console errors and CSP violations
// fail a test; every wait is a condition with a deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, closeClean, launchChromium, openPage, serveSite } from './harness.mjs';

const DEADLINE = 10_000;
const PER_PAGE = 60;
// 100 roles in Engineering (pages of 60 and 40), 30 in Design (one page).
const CATEGORIES = { Engineering: 100, Design: 30 };

/** A small valid role file. */
function role(title, category) {
  return `title: ${title}
category: ${category}
summary: What a ${title} does.
skills:
  - id: one
    name: Skill one
    keywords: [alphadb]
  - id: two
    name: Skill two
    keywords: [betadb]
phases:
  - title: Start
    duration_months: 3
    skills: [one, two]
faqs:
  - question: Why?
    answer: Because.
`;
}

let work;
let out;
let server;
let browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'rolemap-listing-'));
  const root = join(work, 'src');
  mkdirSync(join(root, 'roles'), { recursive: true });
  for (const [category, count] of Object.entries(CATEGORIES)) {
    for (let i = 1; i <= count; i++) {
      const number = String(i).padStart(3, '0');
      writeFileSync(join(root, 'roles', `${category.toLowerCase()}-${number}.yaml`), role(`${category} role ${number}`, category));
    }
  }
  out = join(work, 'site');
  execFileSync(BIN, ['build', '--quiet', '--root', root, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = await serveSite(out);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The role titles a listing page shows, in order. */
const titles = (page) => page.$$eval('#roles .card-title', (heads) => heads.map((h) => h.textContent.trim()));

/** Clicks a link and waits for the page it leads to. */
async function follow(page, locator) {
  const before = page.url();
  await locator.click();
  await page.waitForURL((url) => url.href !== before, { timeout: DEADLINE });
  await page.waitForSelector('#main', { timeout: DEADLINE });
}

/** Walks a category from the index by clicking, page by page; returns every title seen. */
async function walkCategory(opened, name) {
  const { page } = opened;
  await follow(page, page.locator('.category-card h3 a', { hasText: name }));
  const seen = [];
  for (let number = 1; ; number++) {
    const shown = await titles(page);
    assert.ok(shown.length > 0 && shown.length <= PER_PAGE, `${name} page ${number}: ${shown.length} roles`);
    seen.push(...shown);
    assert.equal(await page.locator('h1').textContent(), name);
    const next = page.locator('.pager a[rel="next"]');
    const hasNext = (await next.count()) > 0;
    // The head's rel=next/prev agree with the pager.
    assert.equal(await page.locator('head link[rel="next"]').count(), hasNext ? 1 : 0);
    assert.equal(await page.locator('head link[rel="prev"]').count(), number > 1 ? 1 : 0);
    if (!hasNext) break;
    await follow(page, next);
  }
  return seen;
}

for (const where of ['http', 'file']) {
  test(`categories list their roles on pages of ${PER_PAGE} (${where})`, async () => {
    const url = where === 'http' ? `${server.origin}/index.html` : pathToFileURL(join(out, 'index.html')).href;
    const opened = await openPage(browser, url, { deadline: DEADLINE, ready: '#main' });
    const { page } = opened;
    // The index names each category with its count.
    for (const [name, count] of Object.entries(CATEGORIES)) {
      const card = page.locator('.category-card', { has: page.locator('h3 a', { hasText: name }) });
      assert.equal((await card.locator('h3 .count').textContent()).trim(), String(count));
    }
    const engineering = await walkCategory(opened, 'Engineering');
    assert.equal(engineering.length, CATEGORIES.Engineering);
    assert.equal(new Set(engineering).size, engineering.length, 'no role twice');
    assert.deepEqual(engineering, [...engineering].sort(), 'by title');
    // Back through the pager to the first page.
    await follow(page, page.locator('.pager a[rel="prev"]'));
    assert.deepEqual(await titles(page), engineering.slice(0, PER_PAGE));
    await follow(page, page.locator('.site-nav a').first());
    const design = await walkCategory(opened, 'Design');
    assert.equal(design.length, CATEGORIES.Design);
    await closeClean(opened);
  });
}

test('the list of every role is paged by title, linked from the index', async () => {
  const opened = await openPage(browser, `${server.origin}/index.html`, { deadline: DEADLINE, ready: '#main' });
  const { page } = opened;
  const total = CATEGORIES.Engineering + CATEGORIES.Design;
  const seen = await titles(page);
  assert.equal(seen.length, PER_PAGE);
  while ((await page.locator('.pager a[rel="next"]').count()) > 0) {
    await follow(page, page.locator('.pager a[rel="next"]'));
    seen.push(...(await titles(page)));
  }
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
  assert.match(page.url(), /\/page\/3\/index\.html$/);
  await closeClean(opened);
});
