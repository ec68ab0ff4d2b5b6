// Browser test of CV files (node:test): a real PDF (Chromium's page.pdf() of
// an HTML CV) and a real DOCX (a zip written here with node's zlib) picked
// on the role page and the checker page give what the text pasted gives;
// scanned, encrypted, damaged, unknown and oversized files get their
// message; a page opened from file:// says it cannot read PDFs (and still
// reads Word files). layout.test.mjs checks that the file input leaves a
// 320 px page 320 px wide.
// ROLEMAP_SITE names the built site (tests/browser/run.sh). Every wait is a
// condition with a deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync, crc32 } from 'node:zlib';
import { ROOT, launchChromium, openPage, serveSite, siteChecker } from './harness.mjs';

const DEADLINE = 15_000;
const ROLE_PAGE = '/roles/backend-developer/index.html';

const CV = `Alex Morgan
Backend engineer
Five years building REST APIs in Python and Django on PostgreSQL.
Skills: Python, Django, PostgreSQL, Redis, Docker, Git
Wrote unit tests with pytest and ran them in GitHub Actions.
No Kubernetes experience yet.`;

let server;
let origin;
let browser;
let checker;
let data;
const files = {};

// A zip holding `entries` ({ name: text }), each deflated.
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const raw = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = (signature, size) => {
      const b = Buffer.alloc(size);
      b.writeUInt32LE(signature, 0);
      return b;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

// A Word file: one paragraph per line, as Word writes them.
function docx(text) {
  const body = text.split('\n').map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`).join('');
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  });
}

// Chromium's print of an HTML page.
async function printed(html) {
  const page = await browser.newPage();
  await page.setContent(html);
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  return pdf;
}

before(async () => {
  ({ checker, data } = await siteChecker());
  server = await serveSite();
  origin = server.origin;
  browser = await launchChromium();
  const lines = CV.split('\n').map((line) => `<p>${escapeXml(line)}</p>`).join('');
  files.pdf = { name: 'cv.pdf', mimeType: 'application/pdf', buffer: await printed(`<body style="font: 12pt sans-serif">${lines}</body>`) };
  files.docx = { name: 'cv.docx', mimeType: 'application/octet-stream', buffer: docx(CV) };
  files.scanned = {
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: await printed('<body><svg width="400" height="300"><rect width="400" height="300" fill="#888"/></svg></body>'),
  };
  // What an encrypted PDF's trailer says (the text stays readable to pdf.js,
  // so only the refusal can show here).
  files.encrypted = { name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([files.pdf.buffer, Buffer.from('\ntrailer\n<< /Encrypt 99 0 R >>\n')]) };
  // Word saves a password-protected file as an OLE compound file.
  files.lockedDocx = { name: 'locked.docx', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]) };
  files.damaged = { name: 'broken.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not a zip at all') };
  files.unknown = { name: 'cv.odt', mimeType: 'application/octet-stream', buffer: Buffer.from('OpenDocument') };
  files.large = { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) };
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function open(url) {
  return openPage(browser, url, { deadline: DEADLINE });
}

async function clean({ page, seen, context }, site = origin) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  const foreign = seen.requests.filter((u) => !u.startsWith(site) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests that leave the site');
  await context.close();
}

// Picks `file` and waits for the status line to say what became of it.
async function pick(page, file) {
  await page.locator('#checker-file').setInputFiles(file);
  await page.waitForFunction((name) => {
    const status = document.querySelector('#checker-status').textContent;
    return status.includes(name) && !status.startsWith('Reading') || /cannot read PDFs/.test(status);
  }, file.name, { timeout: DEADLINE });
  return page.locator('#checker-status').textContent();
}

// What the role page shows: score, band, met and missing skill names.
function rolePanel(page) {
  return page.evaluate(() => ({
    score: document.querySelector('#checker-score').textContent,
    band: document.querySelector('#checker-band').textContent,
    met: Array.from(document.querySelectorAll('#checker-met li .checker-skill'), (e) => e.textContent),
    missing: Array.from(document.querySelectorAll('#checker-missing li .checker-skill'), (e) => e.textContent),
  }));
}

test('a PDF and a Word file on the role page score as the text pasted', async () => {
  const expected = checker.rank(CV, data).find((f) => f.slug === 'backend-developer');
  const pasted = await open(origin + ROLE_PAGE);
  await pasted.page.locator('#checker-text').fill(CV);
  await pasted.page.waitForFunction((w) => document.querySelector('#checker-score').textContent === w, `${expected.score}%`, { timeout: DEADLINE });
  const want = await rolePanel(pasted.page);
  assert.ok(want.met.length > 2, 'the CV meets skills');
  assert.deepEqual(pasted.seen.requests.filter((u) => u.includes('pdfjs')), [], 'pdf.js loads only for a PDF');
  await clean(pasted);
  for (const file of [files.pdf, files.docx]) {
    const p = await open(origin + ROLE_PAGE);
    assert.match(await pick(p.page, file), new RegExp(`^Read ${file.name} on this device`));
    assert.deepEqual(await rolePanel(p.page), want, file.name);
    assert.equal((await p.page.locator('#checker-text').inputValue()).trim(), CV, `${file.name}: the text as read`);
    await clean(p);
  }
});

test('a PDF and a Word file on the checker page rank every role as the text pasted', async () => {
  const expected = checker.rank(CV, data).map((f) => [f.title, `${f.score}%`]);
  for (const file of [files.pdf, files.docx]) {
    const p = await open(origin + '/checker/index.html');
    await pick(p.page, file);
    await p.page.waitForFunction((n) => document.querySelectorAll('#checker-ranking > li').length === n, expected.length, { timeout: DEADLINE });
    const shown = await p.page.locator('#checker-ranking > li').evaluateAll((lis) =>
      lis.map((li) => [li.querySelector('.fit-title').textContent, li.querySelector('.fit-score strong').textContent]));
    assert.deepEqual(shown, expected, file.name);
    await clean(p);
  }
});

test('files without readable text get a message and leave the text alone', async () => {
  const p = await open(origin + ROLE_PAGE);
  await p.page.locator('#checker-text').fill('Kept as typed');
  const cases = [
    [files.scanned, 'has no text, only images'],
    [files.encrypted, 'is encrypted or password-protected'],
    [files.lockedDocx, 'is encrypted or password-protected'],
    [files.damaged, 'could not be read: it may be damaged'],
    [files.unknown, 'is not a CV file this page can read'],
    [files.large, 'is over 10 MB'],
  ];
  for (const [file, message] of cases) {
    const status = await pick(p.page, file);
    assert.ok(status.startsWith(file.name + ' ') && status.includes(message), `${file.name}: ${status}`);
    assert.ok(/paste the text/.test(status), status);
  }
  assert.equal(await p.page.locator('#checker-text').inputValue(), 'Kept as typed');
  await clean(p);
});

test('a page opened from a folder says it cannot read PDFs, and still reads Word files', async () => {
  const url = pathToFileURL(join(ROOT, 'roles', 'backend-developer', 'index.html')).href;
  const p = await open(url);
  const status = await pick(p.page, files.pdf);
  assert.match(status, /cannot read PDFs here: .*opened from a folder \(file:\/\/\)\. Copy the text of your CV and paste it/);
  assert.equal(await p.page.locator('#checker-text').inputValue(), '');
  assert.match(await pick(p.page, files.docx), /^Read cv\.docx/);
  assert.equal((await p.page.locator('#checker-text').inputValue()).trim(), CV);
  await clean(p, 'file://');
});
