// The browser checks of the built site, against the two nginx servers that ./run starts.
// Every check runs, whatever the others found; the exit code is 1 if any failed.
//   node check.mjs --site <built site folder> --out <output folder>
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { Check, PAGES, ROOT_BASE, SUB_BASE } from './lib/common.mjs';
import { checkPages } from './lib/pages.mjs';
import { checkAxe } from './lib/a11y.mjs';
import { checkLinks } from './lib/links.mjs';
import { checkVnu } from './lib/vnu.mjs';
import { checkSearch } from './lib/search.mjs';
import { checkFilters } from './lib/filters.mjs';
import { checkNoJs } from './lib/nojs.mjs';
import { checkReflow } from './lib/reflow.mjs';
import { takeScreenshots } from './lib/screenshots.mjs';

const { values: opts } = parseArgs({ options: { site: { type: 'string' }, out: { type: 'string' } } });
if (!opts.site || !opts.out) throw new Error('usage: node check.mjs --site <folder> --out <folder>');
const screenshots = `${opts.out}/screenshots`;
mkdirSync(screenshots, { recursive: true });

// Without the background-networking flags Chromium keeps calling hosts this machine can't
// reach. Playwright's launch() gives it a new, empty, temporary --user-data-dir of its own
// (and rejects that flag in args), deleted again on close.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

const checks = [];
// ONLY=<prefix> runs just the checks whose names start with it (while fixing one thing).
const only = process.env.ONLY || '';
async function run(name, fn) {
  if (!name.startsWith(only)) return null;
  const check = new Check(name);
  const started = Date.now();
  try {
    await fn(check);
  } catch (error) {
    check.fail(`stopped early: ${error.message.split('\n')[0]}`);
  }
  print(check, Date.now() - started);
  checks.push(check);
  return check;
}

function print(check, ms) {
  const verdict = check.failures.length ? `FAILED (${check.problems} problems)` : 'ok';
  console.log(`\n== ${check.name}: ${verdict}, ${check.checked} checked, ${(ms / 1000).toFixed(1)} s`);
  for (const f of check.failures) console.log(`  - ${f}`);
  for (const n of check.notes) console.log(`  note: ${n}`);
}

// The Nu checker runs in Java beside the browser checks; its report comes last.
const vnu = new Check('vnu: Nu HTML Checker, every .html file');
const vnuStarted = Date.now();
const vnuDone = vnu.name.startsWith(only) ? checkVnu(opts.site, vnu) : null;

let pages = [];
try {
  await run('pages: every page type exists (sub-path)', async (c) => { pages = await checkPages(browser, c); });
  await run('axe: WCAG 2.1 A/AA (sub-path)', (c) => checkAxe(browser, pages, c));
  await run(`links at the root ${ROOT_BASE}`, (c) => checkLinks(opts.site, ROOT_BASE, c));
  await run(`links under the sub-path ${SUB_BASE}`, (c) => checkLinks(opts.site, SUB_BASE, c));
  await run('search in Japanese (search.html)', (c) => checkSearch(browser, c, screenshots));
  await run('filters with the keyboard only (plan page #find)', (c) => checkFilters(browser, c));
  await run('JavaScript off', (c) => checkNoJs(browser, c));
  await run('reflow: every page at 320 px without horizontal scrolling', (c) => checkReflow(browser, opts.site, c));
  await run('screenshots at 375 and 1280 px', async (c) => {
    const missing = PAGES.map((p) => p.type).filter((t) => !pages.some((p) => p.type === t));
    if (missing.length) c.note(`no screenshot of missing page types: ${missing.join(', ')}`);
    await takeScreenshots(browser, pages, screenshots, c);
  });
} finally {
  await browser.close();
}
if (vnuDone) {
  await vnuDone;
  print(vnu, Date.now() - vnuStarted);
  checks.push(vnu);
}

const failed = checks.filter((c) => c.failures.length);
console.log('\n== Summary');
for (const c of checks) {
  console.log(`  ${c.failures.length ? 'FAIL' : 'ok  '}  ${c.name}: ${c.checked} checked, ${c.problems} problems`);
}
console.log(`\nScreenshots: ${screenshots}/`);
console.log(`browser: ${checks.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length ? 1 : 0;
