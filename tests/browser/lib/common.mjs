// What every check shares: the two servers, the pages to look at, a failure collector and
// small helpers.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Both serve the same folder (see ../run): relative links must work at either.
export const ROOT_BASE = 'http://127.0.0.1:8081/';
export const SUB_BASE = 'http://127.0.0.1:8082/mieruka/';

// One page of each type, paths from the site's root. `type` names the screenshots. A `find`
// entry is resolved at run time (see pages.mjs); `status` is what the server must answer.
export const PAGES = [
  { type: 'home', path: 'index.html' },
  { type: 'plan', path: 'honjo-suicide-2019/index.html' },
  { type: 'plan-honjo-welfare-2019', path: 'honjo-welfare-2019/index.html' },
  { type: 'plan-shiroi-welfare', path: 'shiroi-welfare/index.html' },
  { type: 'policy', path: 'honjo-suicide-2019/policies/j1.html' },
  { type: 'project', path: 'honjo-suicide-2019/projects/j1-1-01.html' },
  { type: 'project-shiroi-welfare', path: 'shiroi-welfare/projects/n09.html' },
  { type: 'project-honjo-welfare-2019', path: 'honjo-welfare-2019/projects/s1-1-1-06.html' },
  { type: 'year', path: 'honjo-welfare-2019/years/2023.html' },
  // A year page with what changed since the year before.
  { type: 'year-changes', path: 'shiroi-welfare/years/2022.html' },
  { type: 'departments', path: 'departments/index.html' },
  { type: 'department', find: 'department' },
  { type: 'search', path: 'search.html' },
  { type: '404', path: 'no-such-page.html', status: 404 },
  { type: 'accessibility', path: 'accessibility.html' },
  { type: 'changes', path: 'honjo-suicide-2019/changes.html' },
  { type: 'filter', find: 'filter' },
  // Plans of one kind side by side (the two 地域福祉計画).
  { type: 'kind', find: 'kind' },
];

export const PLAN_PAGE = 'honjo-suicide-2019/index.html';

// A check's findings. Nothing thrown stops the other checks: check.mjs catches it into fail().
export class Check {
  constructor(name) {
    this.name = name;
    this.checked = 0; // pages (or files, or URLs) looked at
    this.failures = [];
    this.problems = 0; // failures.length, unless one message stands for several
    this.notes = [];
  }
  fail(message, count = 1) {
    this.failures.push(message);
    this.problems += count;
  }
  note(message) {
    this.notes.push(message);
  }
}

// A URL as short as possible for messages: relative to `base` when under it.
export function show(url, base = SUB_BASE) {
  const s = String(url);
  return s.startsWith(base) ? s.slice(base.length) || './' : s;
}

// Runs fn over items with at most n at a time; results in the items' order.
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

// Every .html file of the built site, as paths relative to its root ('a/b.html').
export function htmlFiles(site) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) found.push(relative(site, path).split('\\').join('/'));
    }
  };
  walk(site);
  return found.sort();
}

// Waits for page.evaluate(fn, arg) to be truthy; returns its last value either way, so a
// failure message can say what was there instead.
export async function waitFor(page, fn, arg, timeout = 10_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch {
    // fall through: the caller reports what it sees
  }
  return page.evaluate(fn, arg);
}

// Whether `text` states the number n on its own ("3件" yes, "13件" no); full-width digits count.
export function statesNumber(text, n) {
  const ascii = String(text).replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  return new RegExp(`(^|[^0-9])${n}([^0-9]|$)`).test(ascii);
}

// Calls get() until ok(value) or the timeout; returns the last value either way.
export async function until(get, ok, timeout = 5_000) {
  const end = Date.now() + timeout;
  let value = await get();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100)); // polling interval, not an assertion
    value = await get();
  }
  return value;
}

// Moves focus with Tab / Shift+Tab only until `selector` is document.activeElement.
// The direction comes from where the target is relative to the current focus.
export async function focusWithKeyboard(page, selector, maxPresses = 800) {
  if ((await page.locator(selector).count()) === 0) throw new Error(`no element matches ${selector}`);
  for (let i = 0; i < maxPresses; i++) {
    const where = await page.evaluate((sel) => {
      const target = document.querySelector(sel);
      const active = document.activeElement;
      if (active === target) return 'here';
      if (!active || active === document.body) return 'after';
      return target.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_PRECEDING ? 'after' : 'before';
    }, selector);
    if (where === 'here') return;
    await page.keyboard.press(where === 'after' ? 'Tab' : 'Shift+Tab');
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${selector} was not reached with Tab/Shift+Tab in ${maxPresses} presses ` +
    `(is it focusable and visible?); focus is on ${active}`);
}
