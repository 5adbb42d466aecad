// Check "search": Japanese queries on search.html, typed and submitted with the keyboard, and
// run by the page itself from ?q=. Also leaves screenshots of the results for 老人クラブ.
import { SUB_BASE, focusWithKeyboard, show, until, waitFor } from './common.mjs';

const SEARCH = new URL('search.html', SUB_BASE).href;
const QUERIES = [
  { q: '老人クラブ', anyOf: ['honjo-suicide-2019/projects/j1-1-02.html'] },
  {
    q: 'ゲートキーパー',
    anyOf: ['j1-2-04.html', 'j2-1-02.html', 'j1-2-09.html'].map((f) => `honjo-suicide-2019/projects/${f}`),
  },
  // Each plan's pages are in shards of their own: this one is found only if the page merged
  // the other shards' indexes into the first.
  { q: '市民大学校', anyOf: ['shiroi-welfare/projects/n10.html'] },
];
// The page's contract, each with what to say when it is missing.
const CONTRACT = [
  ['form[role="search"]', 'a <form role="search">'],
  ['form[role="search"] input[type="search"]#search-input[name="q"]',
    '<input type="search" id="search-input" name="q"> inside the search form'],
  ['form[role="search"] button:not([type="button"]):not([type="reset"]), form[role="search"] input[type="submit"]',
    'a submit button inside the search form'],
  ['ol#search-results', 'a results list <ol id="search-results">'],
  ['p#search-status[role="status"]', 'a status line <p id="search-status" role="status">'],
];

export async function checkSearch(browser, check, screenshotDir) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const jsErrors = [];
  page.on('pageerror', (e) => jsErrors.push(e.message));
  const withErrors = (msg) => msg + (jsErrors.length ? ` (JavaScript errors: ${jsErrors.join(' | ')})` : '');
  try {
    const response = await page.goto(SEARCH);
    check.checked++;
    if (response?.status() !== 200) {
      check.fail(`${show(SEARCH)} answered HTTP ${response?.status()}: there is no search page`);
      return;
    }
    const missing = [];
    for (const [selector, what] of CONTRACT) if ((await page.locator(selector).count()) === 0) missing.push(what);
    if (missing.length) {
      check.fail(`search.html lacks ${missing.join('; ')}`);
      return;
    }

    // Typed and submitted with Enter.
    for (const { q, anyOf } of QUERIES) {
      await focusWithKeyboard(page, '#search-input');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(q);
      await page.keyboard.press('Enter');
      await expectResults(page, check, `typing "${q}" + Enter`, anyOf, withErrors);
    }

    // Run by the page itself from the address; the screenshots show these results.
    const q = QUERIES[0];
    await page.goto(`${SEARCH}?q=${encodeURIComponent(q.q)}`);
    if (await expectResults(page, check, `opening search.html?q=${q.q}`, q.anyOf, withErrors)) {
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: `${screenshotDir}/search-results-${width}.png`, fullPage: true });
      }
    }
  } finally {
    await page.close();
  }
}

// Waits for a result linking to one of `anyOf`; then checks the status line and that every
// result link, resolved against the page, answers 200 under the sub-path. True if found.
async function expectResults(page, check, how, anyOf, withErrors) {
  const wanted = anyOf.map((p) => new URL(p, SUB_BASE).href);
  const hrefs = await waitFor(page, (wanted) => {
    const links = [...document.querySelectorAll('#search-results li a[href]')].map((a) => a.href.split('#')[0]);
    return wanted.some((w) => links.includes(w)) ? links : null;
  }, wanted, 15_000);
  if (!hrefs) {
    const seen = await page.evaluate(() => ({
      links: [...document.querySelectorAll('#search-results li a[href]')].map((a) => a.getAttribute('href')),
      status: document.querySelector('#search-status')?.textContent.trim(),
    }));
    check.fail(withErrors(`${how}: no result links to ${anyOf.join(' or ')} within 15 s; ` +
      `status says "${seen.status}", ${seen.links.length} result links: ${seen.links.slice(0, 10).join(', ')}`));
    return false;
  }
  // "How many were found" may be more than the results shown (a page of them), never fewer.
  const states = (s) => (s.status.replace(/[０-９]/g, (d) => d.charCodeAt(0) - 0xff10).match(/[0-9]+/g) ?? [])
    .some((n) => Number(n) >= s.count);
  const stated = await until(() => page.evaluate(() => ({
    status: document.querySelector('#search-status').textContent.trim(),
    count: document.querySelectorAll('#search-results > li').length,
  })), states);
  if (!states(stated)) {
    check.fail(`${how}: #search-status "${stated.status}" does not state how many were found (${stated.count} shown)`);
  }
  for (const href of new Set(hrefs)) {
    if (!href.startsWith(SUB_BASE)) {
      check.fail(`${how}: result link ${href} is not under the sub-path ${SUB_BASE}`);
      continue;
    }
    const answer = (await fetch(href)).status;
    if (answer !== 200) check.fail(`${how}: result link ${show(href)} answers HTTP ${answer}`);
  }
  check.note(`${how}: ${hrefs.length} results, including ${anyOf.filter((p) => hrefs.includes(new URL(p, SUB_BASE).href)).join(', ')}`);
  return true;
}
