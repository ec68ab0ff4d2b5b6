// Browser test of page layout (node:test): every kind of page reflows to
// 320 px without scrolling sideways (WCAG 1.4.10), nothing moves while a
// page loads (cumulative layout shift, on a phone and on a desktop, with
// the checker's script arriving after the first paint, as on a slow
// network), and without JavaScript the checker leaves only its note.
// ROLEMAP_SITE names the built site (tests/browser/run.sh). Every wait is
// a condition with a deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeClean, recordedPage, siteInBrowser } from './harness.mjs';

const DEADLINE = 15_000;
const CHECKER_PAGES = ['/roles/backend-developer/index.html', '/checker/index.html'];
const COMPARE_PAGE = '/compare/index.html?from=qa-automation-engineer&to=devops-engineer';
const PAGES = ['/index.html', '/categories/software-development/index.html', ...CHECKER_PAGES, COMPARE_PAGE, '/404.html'];
const PROFILES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1350, height: 940 } },
};

const site = siteInBrowser();

// Opens `path` with context `options` once it has loaded and, on a page
// with the checker, once its script has shown the form.
async function open(path, options, { holdScript = false } = {}) {
  const opened = await recordedPage(site.browser, options);
  const { page } = opened;
  if (holdScript) {
    // The pages' scripts are let through only after the first paint.
    await page.route('**/assets/*.classic.js', async (route) => {
      await page.waitForFunction(() => performance.getEntriesByType('paint').length > 0, null, { timeout: DEADLINE });
      await route.continue();
    });
  }
  await page.goto(site.origin + path);
  if (CHECKER_PAGES.includes(path)) {
    await page.locator('.checker-app:not(.checker-pending)').waitFor({ state: 'visible', timeout: DEADLINE });
  }
  if (path === COMPARE_PAGE) await page.locator('#compare-result').waitFor({ state: 'visible', timeout: DEADLINE });
  return opened;
}


test('every kind of page is 320 px wide at 320 px', async () => {
  for (const path of PAGES) {
    const p = await open(path, { viewport: { width: 320, height: 640 } });
    const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path}: ${width} px wide`);
    await closeClean(p);
  }
});

for (const [profile, options] of Object.entries(PROFILES)) {
  test(`nothing moves while a page loads (${profile})`, async () => {
    for (const path of PAGES) {
      const p = await open(path, options, { holdScript: true });
      // Shifts are recorded with the frame that shows them: read them, all
      // since the page started, two frames after it is ready. The test
      // gives no input, so every shift counts: with isMobile, Chromium
      // flags shifts hadRecentInput (its emulated viewport counts as an
      // input), which would hide the very shift measured here.
      const shift = await p.page.evaluate(async () => {
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const observer = new PerformanceObserver(() => {});
        observer.observe({ type: 'layout-shift', buffered: true });
        const shifts = observer.takeRecords();
        observer.disconnect();
        return shifts.reduce((sum, e) => sum + e.value, 0);
      });
      assert.ok(shift < 0.01, `${path}: cumulative layout shift ${shift}`);
      await closeClean(p);
    }
  });
}

test('without JavaScript the checker shows its note and takes no room', async () => {
  for (const path of CHECKER_PAGES) {
    const { page, seen, context } = await recordedPage(site.browser, { javaScriptEnabled: false });
    await page.goto(site.origin + path);
    assert.equal(await page.locator('.checker-note').isVisible(), true, `${path}: the note shows`);
    const app = await page.locator('.checker-app').evaluate((e) => [getComputedStyle(e).display, e.getBoundingClientRect().height]);
    assert.deepEqual(app, ['none', 0], `${path}: the form is not displayed`);
    assert.deepEqual(seen.errors, [], 'console errors');
    await context.close();
  }
});
