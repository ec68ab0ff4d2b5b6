// What the browser tests share: the built site (ROLEMAP_SITE, which
// tests/browser/run.sh builds), served from 127.0.0.1 and confined to its
// folder; the system Chromium through playwright-core (no browser is
// downloaded); and a page that records console errors, CSP violations and
// every request. Every wait is a condition with a deadline.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const SITE = process.env.ROLEMAP_SITE;
if (!SITE) throw new Error('set ROLEMAP_SITE to a built site folder, or run tests/browser/run.sh');
/** The built site's folder. */
export const ROOT = resolve(SITE);
/** The repository, and the rolemap binary run.sh built (for tests that rebuild a site). */
export const REPO = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = process.env.ROLEMAP_BIN || join(REPO, 'target', 'release', 'rolemap');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** The site's own checker.js (as Node imports it) and the data of data/checker.js. */
export async function siteChecker() {
  const checker = await import(pathToFileURL(join(ROOT, 'assets', 'checker.js')).href);
  // One statement assigning the data's JSON (docs/checker.md, section 11).
  const script = readFileSync(join(ROOT, 'data', 'checker.js'), 'utf8');
  const data = checker.unpack(JSON.parse(script.slice(script.indexOf('=') + 1).replace(/;\n$/, '')));
  return { checker, data };
}

/** Serves the site (or another built folder) on 127.0.0.1; resolves to { origin, close }. */
export async function serveSite(root = ROOT) {
  const server = createServer(async (req, res) => {
    try {
      let file = resolve(root, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (file !== root && !file.startsWith(root + sep)) throw new Error('outside the site');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Debian's Chromium, headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a fresh context made with `options` (viewport, isMobile,
 * javaScriptEnabled...); `seen` collects console errors and requests,
 * `window.__csp` violations. */
export async function recordedPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const seen = { errors: [], requests: [] };
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, seen, context };
}

/** Opens `url` in a fresh recorded page (see recordedPage) and waits for
 * the `ready` element (the checker, unless told) to show. Deferred scripts
 * have run once the page has loaded. */
export async function openPage(browser, url, { viewport, deadline, ready = '.checker-app' }) {
  const opened = await recordedPage(browser, viewport ? { viewport } : {});
  await opened.page.goto(url);
  await opened.page.locator(ready).first().waitFor({ state: 'visible', timeout: deadline });
  return opened;
}

/** For a test file: serves the site and starts Chromium before its tests,
 * stops both after; the object returned has `server`, `origin` and
 * `browser` then. */
export function siteInBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await serveSite();
    shared.origin = shared.server.origin;
    shared.browser = await launchChromium();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Asserts that a recorded page had no CSP violation and no console error,
 * then closes its context. */
export async function closeClean({ page, seen, context }) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
}
