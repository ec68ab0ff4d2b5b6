// Browser test of progress, pace and the personal plan (node:test): marks
// that survive a reload and an edit of the role file, the progress file
// saved and loaded into a fresh profile, a refused file, pace rescaling on a
// role page and the index, and the plan from a pasted CV. Every wait is a
// condition with a deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO, openPage, serveSite, siteInBrowser } from './harness.mjs';

const DEADLINE = 10_000;
const ROLE = '/roles/backend-developer/index.html';

const shared = siteInBrowser();

function open(path, origin = shared.server.origin) {
  return openPage(shared.browser, origin + path, { deadline: DEADLINE, ready: '#main' });
}

async function clean({ page, seen, context }) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert.deepEqual(seen.errors, [], 'console errors');
  await context.close();
}

const waitText = (page, selector, want) =>
  page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent === w, [selector, want], { timeout: DEADLINE });

// The first skill box, the first milestone box of phase 1, and their marks.
async function markTwo(page) {
  await page.locator('.skill .mark').first().check();
  await page.locator('#phase-1 .milestones .mark').first().check();
  return page.evaluate(() => [
    document.querySelector('.skill .mark').value,
    document.querySelector('#phase-1 .milestones .mark').value,
  ]);
}

test('marks are kept across a reload and counted per phase and overall', async () => {
  const opened = await open(ROLE);
  const { page } = opened;
  const total = await page.locator('input.mark').count();
  const [skill, milestone] = await markTwo(page);
  assert.match(skill, /^skill:[a-z0-9-]+$/);
  assert.match(milestone, /^milestone:m-[0-9a-f]{8}$/);
  await waitText(page, '#progress-overall', `${Math.round(200 / total)}% done`);
  const phaseMarks = await page.locator('#phase-1 input.mark').count() + await page.locator('#phase-1 .chips [data-skill]').count();
  const firstSkillInPhase1 = await page.evaluate((id) => !!document.querySelector(`#phase-1 .chips [data-skill="${id}"]`), skill.slice(6));
  await waitText(page, '#phase-1 [data-phase-progress]', `${firstSkillInPhase1 ? 2 : 1} of ${phaseMarks} done`);
  await page.reload();
  await page.locator('[data-roadmap]').waitFor({ timeout: DEADLINE });
  await waitText(page, '#progress-overall', `${Math.round(200 / total)}% done`);
  assert.equal(await page.locator(`input.mark[value="${skill}"]`).isChecked(), true);
  assert.equal(await page.locator(`input.mark[value="${milestone}"]`).isChecked(), true);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rolemap-progress:')));
  assert.equal(stored.length, 1);
  assert.match(stored[0], /:backend-developer$/);
  // The index and the checker page show the role as started.
  for (const path of ['/index.html', '/checker/index.html']) {
    await page.goto(shared.server.origin + path);
    if (path === '/index.html') {
      await page.waitForFunction(() => document.querySelector('[data-card="backend-developer"] [data-card-progress]')?.textContent.endsWith('% done'), null, { timeout: DEADLINE });
    }
    await page.waitForFunction(() => /^Backend Developer \d+% done$/.test(document.querySelector('#progress-started li')?.textContent), null, { timeout: DEADLINE });
    assert.equal(await page.getAttribute('#progress-started a', 'href'), path === '/index.html' ? 'roles/backend-developer/index.html' : '../roles/backend-developer/index.html');
    assert.equal(await page.locator('#progress-none').isHidden(), true);
  }
  await clean(opened);
});

test('progress saved to a file loads into a fresh profile; a bad file changes nothing', async () => {
  const first = await open(ROLE);
  const marked = await markTwo(first.page);
  await first.page.fill('#pace-hours', '20');
  const download = first.page.waitForEvent('download', { timeout: DEADLINE });
  await first.page.click('#progress-save');
  const file = join(mkdtempSync(join(tmpdir(), 'rolemap-saved-')), 'progress.json');
  await (await download).saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.format, 'rolemap-progress');
  assert.equal(saved.version, 1);
  assert.equal(saved.hours_per_week, 20);
  assert.deepEqual(saved.roles['backend-developer'].done.sort(), marked.slice().sort());
  await clean(first);

  const fresh = await open(ROLE);
  const { page } = fresh;
  assert.equal(await page.locator('input.mark:checked').count(), 0, 'a fresh profile starts empty');
  const refuse = async (name, body, why) => {
    await page.setInputFiles('#progress-load', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.waitForFunction(([n, w]) => {
      const text = document.getElementById('progress-status').textContent;
      return text.startsWith(n + ' was not loaded') && text.includes(w) && text.endsWith('Nothing was changed.');
    }, [name, why], { timeout: DEADLINE });
    assert.equal(await page.locator('input.mark:checked').count(), 0, name + ' changed nothing');
    assert.equal(await page.inputValue('#pace-hours'), '10');
  };
  await refuse('notes.json', 'not json at all', 'not JSON');
  await refuse('other.json', '{"format":"something-else","version":1,"roles":{}}', 'not a progress file');
  await refuse('future.json', '{"format":"rolemap-progress","version":9,"roles":{}}', 'newer version');
  await refuse('bad.json', JSON.stringify({ format: 'rolemap-progress', version: 1, roles: { 'backend-developer': { done: ['<img src=x>'] } } }), 'not progress this site saves');
  await refuse('huge.json', JSON.stringify({ format: 'rolemap-progress', version: 1, hours_per_week: 500, roles: {} }), 'hours a week');

  await page.setInputFiles('#progress-load', file);
  await page.waitForFunction(() => /^Loaded .*: your progress on one role\.$/.test(document.getElementById('progress-status').textContent), null, { timeout: DEADLINE });
  for (const mark of marked) assert.equal(await page.locator(`input.mark[value="${mark}"]`).isChecked(), true, mark);
  assert.equal(await page.inputValue('#pace-hours'), '20');

  // Clearing this role, then everything, asks first.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.click('#progress-clear-role');
  assert.equal(await page.locator('input.mark:checked').count(), 2, 'a dismissed question clears nothing');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#progress-clear-role');
  await waitText(page, '#progress-status', 'Cleared your progress on this role.');
  assert.equal(await page.locator('input.mark:checked').count(), 0);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#progress-clear-all');
  await waitText(page, '#progress-status', 'Cleared all your progress on this site.');
  assert.equal(await page.inputValue('#pace-hours'), '10');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rolemap-'))), []);
  await clean(fresh);
  rmSync(join(file, '..'), { recursive: true, force: true });
});

test('the visitor pace rescales months on the role page and the index, and is remembered', async () => {
  const opened = await open(ROLE);
  const { page } = opened;
  const months = () => page.evaluate(() => Array.from(document.querySelectorAll('.phase [data-phase-duration]'), (n) => n.textContent));
  assert.deepEqual(await months(), ['3 months', '4 months', '5 months', '6 months']);
  assert.equal(await page.textContent('.facts [data-total-months]'), '18 months');
  await page.fill('#pace-hours', '20');
  // Halved and rounded, each at least a month: 1.5 → 2, 2, 2.5 → 3, 3.
  await page.waitForFunction(() => document.querySelector('.facts [data-total-months]').textContent === '10 months', null, { timeout: DEADLINE });
  assert.deepEqual(await months(), ['2 months', '2 months', '3 months', '3 months']);
  assert.equal(await page.textContent('#phase-4 [data-phase-months]'), 'Months 8–10');
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelectorAll('.timeline-bar rect.seg'), (r) => [r.getAttribute('x'), r.getAttribute('width')])),
    [['0%', '20%'], ['20%', '20%'], ['40%', '30%'], ['70%', '30%']]);
  assert.equal(await page.locator('.timeline-bar line.tick').count(), 9);
  assert.equal(await page.textContent('.facts [data-pace-hours]'), '20');
  // The readiness checker names phases with the same months.
  await page.fill('#checker-text', 'I write Python and keep it in Git.');
  await page.waitForFunction(() => document.getElementById('checker-next').textContent.includes('(months 3\u20134)'), null, { timeout: DEADLINE });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#checker-missing .checker-phase'), (n) => n.textContent).some((t) => t.endsWith('(months 5\u20137)')), null, { timeout: DEADLINE });
  await page.fill('#pace-hours', '1');
  await page.waitForFunction(() => document.querySelector('.facts [data-total-months]').textContent === '180 months', null, { timeout: DEADLINE });
  await page.fill('#pace-hours', '20');
  await page.goto(shared.server.origin + '/index.html');
  await page.waitForFunction(() => document.querySelector('[data-card="backend-developer"] [data-card-months]')?.textContent === '10', null, { timeout: DEADLINE });
  await page.goto(shared.server.origin + ROLE);
  await page.waitForFunction(() => document.querySelector('.facts [data-total-months]')?.textContent === '10 months', null, { timeout: DEADLINE });
  await page.click('#pace-reset');
  await page.waitForFunction(() => document.querySelector('.facts [data-total-months]').textContent === '18 months', null, { timeout: DEADLINE });
  assert.equal(await page.locator('#pace-reset').isHidden(), true);
  await clean(opened);
});

test('the plan follows the pasted CV and the marks, and found skills are marked done on request', async () => {
  const opened = await open(ROLE);
  const { page } = opened;
  await page.locator('.checker-app').waitFor({ state: 'visible', timeout: DEADLINE });
  await page.waitForFunction(() => /^Your remaining roadmap: 18 months at 10 hours a week, in 4 phases:$/.test(document.getElementById('plan-summary').textContent), null, { timeout: DEADLINE });
  assert.equal(await page.locator('#plan-phases > li').count(), 4);
  // Phase 1's skills (a server-side language, Git) shown by the CV: phase 1
  // leaves the plan, whose milestones are not marked.
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelectorAll('#phase-1 .chips [data-skill]'), (n) => n.dataset.skill)), ['server-language', 'git']);
  await page.fill('#checker-text', 'Two years of Python scripting at work; all my code is in Git.');
  await page.waitForFunction(() => document.querySelectorAll('#checker-met li').length === 2, null, { timeout: DEADLINE });
  await page.waitForFunction(() => document.getElementById('plan-summary').textContent.startsWith('Your remaining roadmap: 15 months at 10 hours a week, in 3 phases'), null, { timeout: DEADLINE });
  assert.equal(await page.locator('#phase-1.is-planned-done').count(), 1);
  assert.equal(await page.locator('#plan-phases a[href="#phase-1"]').count(), 0);
  assert.match(await page.textContent('#plan-phases > li:first-child'), /^Phase 2: .*\(Months 4–7, 4 months\)Skills left: /);
  // The next step links into the plan.
  assert.equal(await page.locator('#checker-next a[href="#plan"]').count(), 1);
  // Marking the found skills done keeps phase 1 done without the CV.
  await page.click('#checker-mark-done');
  await page.waitForFunction(() => /^Marked the \d+ skills found in your text as done\.$/.test(document.getElementById('progress-status').textContent), null, { timeout: DEADLINE });
  await page.fill('#checker-text', '');
  await page.waitForFunction(() => document.getElementById('plan-summary').textContent.includes('in 3 phases'), null, { timeout: DEADLINE });
  // Its two skills are marked; its milestones are not.
  await waitText(page, '#phase-1 [data-phase-progress]', await page.evaluate(() =>
    `2 of ${document.querySelectorAll('#phase-1 input.mark').length + 2} done`));
  await clean(opened);
});

test('an edited role file keeps the marks of what stayed and drops what went', async () => {
  const work = mkdtempSync(join(tmpdir(), 'rolemap-progress-'));
  try {
    const site = join(work, 'site');
    cpSync(join(REPO, 'roles'), join(site, 'roles'), { recursive: true });
    const build = () => execFileSync(BIN, ['build', '--quiet', '--root', site, '--out', join(work, 'out')]);
    build();
    const edited = await serveSite(join(work, 'out'));
    try {
      const opened = await open(ROLE, edited.origin);
      const { page } = opened;
      const milestones = await page.evaluate(() => Array.from(document.querySelectorAll('#phase-1 .milestones .mark'), (n) => n.value));
      assert.ok(milestones.length >= 2);
      const skills = await page.evaluate(() => Array.from(document.querySelectorAll('.skill .mark'), (n) => n.value));
      await page.locator(`input.mark[value="${milestones[1]}"]`).check();
      await page.locator(`input.mark[value="${skills[0]}"]`).check();
      await page.locator(`input.mark[value="${skills[1]}"]`).check();
      // The author swaps phase 1's first two milestones, rewords nothing
      // else, and deletes the second skill (and its mentions).
      const file = join(site, 'roles', 'backend-developer.yaml');
      const yaml = readFileSync(file, 'utf8');
      const first = await page.evaluate(() => document.querySelector('#phase-1 .milestones li span').textContent);
      const second = await page.evaluate(() => document.querySelectorAll('#phase-1 .milestones li span')[1].textContent);
      assert.ok(yaml.includes(first) && yaml.includes(second), 'milestones are plain text in the file');
      let changed = yaml.replace(first, '\u0000').replace(second, first).replace('\u0000', second);
      const dropped = skills[1].slice('skill:'.length);
      changed = dropSkill(changed, dropped);
      writeFileSync(file, changed);
      build();
      await page.reload();
      await page.locator('[data-roadmap]').waitFor({ timeout: DEADLINE });
      await page.waitForFunction((m) => document.querySelector(`input.mark[value="${m}"]`)?.checked, milestones[1], { timeout: DEADLINE });
      const firstNow = await page.evaluate(() => document.querySelector('#phase-1 .milestones .mark').value);
      assert.equal(firstNow, milestones[1], 'the marked milestone moved up and kept its mark');
      assert.equal(await page.locator(`input.mark[value="${skills[0]}"]`).isChecked(), true);
      assert.equal(await page.locator(`input.mark[value="${skills[1]}"]`).count(), 0);
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('rolemap-progress:')))).done);
      assert.deepEqual(stored.sort(), [milestones[1], skills[0]].sort(), 'the deleted skill is dropped from storage');
      await clean(opened);
    } finally {
      await edited.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// The role file without skill `id`: its entry under skills and every
// mention of it in a phase's skills list.
function dropSkill(yaml, id) {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line.trim() === `- id: ${id}`);
  assert.ok(start > 0, 'skill entry found');
  let end = start + 1;
  while (end < lines.length && !/^\s*- id: /.test(lines[end]) && /^\s{4,}/.test(lines[end])) end++;
  lines.splice(start, end - start);
  return lines
    .join('\n')
    .replace(new RegExp(`\\[([^\\]]*)\\]`, 'g'), (list) => list.replace(new RegExp(`(, )?\\b${id}\\b(, )?`), (m, a, b) => (a && b ? ', ' : '')));
}
