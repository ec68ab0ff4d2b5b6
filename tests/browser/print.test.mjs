// Browser test of the printed role page (node:test): Chromium prints the
// backend role to an A4 PDF (page.pdf), pdf.js (pdfjs-dist's legacy build,
// which runs in Node) reads the text of each page, and the test checks
// what a reader of the paper sees: at most 4 pages, no phase card cut
// across pages, a full first page and a last page that is more than the
// footer, answers printed under their questions, resource links with their
// address, and none of the checker or the navigation. ROLEMAP_SITE names
// the built site (tests/browser/run.sh). Every wait is a condition with a
// deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { closeClean, openPage, siteInBrowser } from './harness.mjs';

const DEADLINE = 15_000;
const ROLE_PAGE = '/roles/backend-developer/index.html';
const MAX_PAGES = 4;

const site = siteInBrowser();

// Text compared without any white space: a PDF breaks lines where the
// page does, and pdf.js joins the pieces of a line as they were drawn.
const squash = (text) => text.replace(/\s+/g, '');

// The text of each page of the PDF in `buffer`, squashed.
async function pageTexts(buffer) {
  const doc = await getDocument({ data: new Uint8Array(buffer) }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(squash(content.items.map((item) => item.str ?? '').join('')));
  }
  await doc.destroy();
  return pages;
}


test('the backend role prints as a clean roadmap on at most 4 A4 pages', async () => {
  const p = await openPage(site.browser, site.origin + ROLE_PAGE, { deadline: DEADLINE });
  const { page } = p;
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  const pages = await pageTexts(pdf);
  assert.ok(pages.length <= MAX_PAGES, `${pages.length} pages, at most ${MAX_PAGES}`);
  const pageOf = (text) => pages.findIndex((t) => t.includes(squash(text)));

  // What the page shows, read from its DOM (the print media keeps innerText
  // to what prints).
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => ({
    title: document.querySelector('h1').innerText,
    phases: [...document.querySelectorAll('.phase')].map((phase) => ({
      // The heading with its months, not its twin in the timeline's legend.
      heading: phase.querySelector('header').innerText,
      last: [...phase.querySelectorAll('.milestones li')].at(-1).innerText,
    })),
    answer: document.querySelector('.faq .prose').innerText,
    resource: document.querySelector('.resources a[href^="http"]').href,
    footer: document.querySelector('.site-footer').innerText,
    nav: [...document.querySelectorAll('.skip-link, .site-nav a, .toc-title')].map((e) => e.textContent),
  }));

  assert.ok(shown.phases.length > 0);
  for (const { heading, last } of shown.phases) {
    const at = pageOf(heading);
    assert.ok(at >= 0, `${heading} is printed`);
    assert.equal(pageOf(last), at, `${heading}: its last milestone is on its page`);
  }

  assert.equal(pageOf(shown.title), 0, 'the role title is on the first page');
  assert.ok(pages.length > 1);
  assert.ok(pages[0].length >= 0.6 * pages[1].length,
    `first page not half empty: ${pages[0].length} characters, ${pages[1].length} on the second`);
  const last = pages.at(-1).replace(squash(shown.footer), '');
  assert.ok(last.length >= 200, `the last page holds more than the footer: ${last}`);

  assert.ok(pageOf(shown.answer) >= 0, 'the FAQ answers are printed, not only their questions');
  assert.ok(pageOf(`(${shown.resource})`) >= 0, 'a resource link prints its address');
  for (const text of ['How ready are you?', 'Your CV or experience', ...shown.nav]) {
    assert.equal(pageOf(text), -1, `"${text}" is not printed`);
  }
  await closeClean(p);
});

test('the printed page shows the visitor\'s pace and progress once set, and no controls', async () => {
  const p = await openPage(site.browser, site.origin + ROLE_PAGE, { deadline: DEADLINE });
  const { page } = p;
  const blank = await pageTexts(await page.pdf({ format: 'A4', printBackground: false }));
  assert.equal(blank.some((t) => t.includes(squash('0 of'))), false, 'no empty progress is printed');
  assert.equal(blank.some((t) => t.includes(squash('Your plan'))), false, 'nor the plan of a visitor with none');
  const skill = await page.locator('.skill .skill-name').first().innerText();
  await page.locator('.skill .mark').first().check();
  await page.fill('#pace-hours', '20');
  await page.waitForFunction(() => document.querySelector('.facts [data-total-months]').textContent === '10 months', null, { timeout: DEADLINE });
  const pages = await pageTexts(await page.pdf({ format: 'A4', printBackground: false }));
  const printed = pages.join('');
  assert.ok(pages.length <= MAX_PAGES, `${pages.length} pages with progress and the plan, at most ${MAX_PAGES}`);
  assert.ok(printed.includes(squash('10 months at 20 hours a week')), 'the pace');
  assert.ok(printed.includes(squash('\u2713\u00a0' + skill)), 'the marked skill');
  assert.ok(printed.includes(squash('Your remaining roadmap:')), 'the visitor\'s plan');
  assert.match(printed, /\d+of\d+done/, 'each phase\'s share');
  for (const text of ['Your hours a week', 'Save my progress to a file', 'Load progress from a file']) {
    assert.equal(printed.includes(squash(text)), false, `"${text}" is not printed`);
  }
  await closeClean(p);
});
