// Check "filters": the plan page's filters (#find), used with the keyboard only, show the same
// projects as the static list pages they replace, and the reset shows all again.
import { PLAN_PAGE, SUB_BASE, focusWithKeyboard, show, statesNumber, until } from './common.mjs';

const PLAN = new URL(PLAN_PAGE, SUB_BASE).href;
const RATING_A = '#find button[data-filter="rating"][data-value="A"]';
const CONTRACT = [
  ['section#find', 'a <section id="find">'],
  ...['rating', 'department', 'year'].map((kind) => [
    `#find button[type="button"][aria-pressed="false"][data-filter="${kind}"][data-value][data-href]`,
    `${kind} filter buttons in #find (<button type="button" aria-pressed="false" data-filter="${kind}" data-value="…" data-href="…">)`,
  ]),
  ['button[type="button"]#filter-reset', 'a reset button <button type="button" id="filter-reset">'],
  ['table#project-list tbody tr', '<table id="project-list"> with one <tr> per project in <tbody>'],
  ['p#filter-status[role="status"]', 'a status line <p id="filter-status" role="status">'],
];

// Each row of #project-list as the URL of its project (its link into projects/, else its first
// link) and whether it is shown.
const rowsIn = () => [...document.querySelectorAll('#project-list tbody tr')].map((tr) => ({
  href: (tr.querySelector('a[href*="/projects/"]') ?? tr.querySelector('a[href]'))?.href.split('#')[0],
  shown: !tr.hidden,
  rendered: tr.getClientRects().length > 0,
}));

export async function checkFilters(browser, check) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const lists = await browser.newPage(); // for the static list pages, leaving the plan page as it is
  const jsErrors = [];
  page.on('pageerror', (e) => jsErrors.push(e.message));
  try {
    const response = await page.goto(PLAN);
    check.checked++;
    if (response?.status() !== 200) return check.fail(`${PLAN_PAGE} answered HTTP ${response?.status()}`);
    // The script turns the links into buttons: give it a moment before looking.
    await page.waitForSelector('#find button[data-filter]', { timeout: 5_000 }).catch(() => {});
    const missing = [];
    for (const [selector, what] of CONTRACT) if ((await page.locator(selector).count()) === 0) missing.push(what);
    if (missing.length) {
      const errors = jsErrors.length ? ` (JavaScript errors: ${jsErrors.join(' | ')})` : '';
      return check.fail(`${PLAN_PAGE} with JavaScript lacks: ${missing.join('; ')}${errors}`);
    }
    const all = await page.evaluate(rowsIn);

    // Rating A: as many rows as its static page lists.
    if ((await page.locator(RATING_A).count()) === 0) {
      const values = await page.locator('#find [data-filter="rating"]').evaluateAll((bs) => bs.map((b) => b.dataset.value));
      return check.fail(`no rating filter with data-value="A" in #find; rating values: ${values.join(', ')}`);
    }
    await checkFocusIndicator(page, check, RATING_A);
    const ratingPage = await listRows(lists, check, page, RATING_A);
    if (!ratingPage) return;
    await focusWithKeyboard(page, RATING_A);
    await page.keyboard.press('Enter');
    const expectA = all.filter((r) => ratingPage.includes(r.href)).map((r) => r.href);
    if (expectA.length !== ratingPage.length) {
      check.fail(`the static page for rating A lists ${ratingPage.length} projects, ` +
        `but only ${expectA.length} of them are rows of ${PLAN_PAGE}`);
    }
    await expectShown(page, check, 'after pressing rating A (Enter)', RATING_A, ratingPage.length, expectA);

    // Then a department, with Space: the rows in both static pages.
    const dept = await pickDepartment(page, lists, check, all, ratingPage);
    if (dept) {
      await focusWithKeyboard(page, dept.selector);
      await page.keyboard.press(' ');
      await expectShown(page, check, `after also pressing department "${dept.label}" (Space)`, dept.selector,
        dept.expected.length, dept.expected);
    }

    // Reset: every row again, nothing pressed.
    await focusWithKeyboard(page, '#filter-reset');
    await page.keyboard.press('Enter');
    await expectShown(page, check, 'after pressing #filter-reset (Enter)', null, all.length, all.map((r) => r.href));
    const pressed = await page.locator('#find [aria-pressed="true"]').count();
    if (pressed) check.fail(`after the reset ${pressed} filter button(s) still have aria-pressed="true"`);
  } finally {
    if (jsErrors.length) check.fail(`JavaScript errors on ${PLAN_PAGE}: ${jsErrors.join(' | ')}`);
    await lists.close();
    await page.close();
  }
}

// Waits until exactly `hrefs` are shown; then the count must be `count` and be in #filter-status.
async function expectShown(page, check, when, button, count, hrefs) {
  const want = JSON.stringify([...hrefs].sort());
  const shownOf = (rows) => JSON.stringify(rows.filter((r) => r.shown).map((r) => r.href).sort());
  const rows = await until(() => page.evaluate(rowsIn), (rows) => shownOf(rows) === want, 5_000);
  const ok = shownOf(rows) === want;
  const shown = rows.filter((r) => r.shown);
  if (!ok) {
    const extra = shown.filter((r) => !hrefs.includes(r.href)).map((r) => show(r.href));
    const lacking = hrefs.filter((h) => !shown.some((r) => r.href === h)).map((h) => show(h));
    check.fail(`${when}: ${shown.length} rows shown, expected ${count}` +
      (extra.length ? `; shown but not expected: ${extra.slice(0, 5).join(', ')}` : '') +
      (lacking.length ? `; expected but hidden: ${lacking.slice(0, 5).join(', ')}` : ''));
  }
  if (shown.length !== count && ok) check.fail(`${when}: ${shown.length} rows shown, the static page lists ${count}`);
  const leaking = rows.filter((r) => !r.shown && r.rendered).length;
  if (leaking) check.fail(`${when}: ${leaking} rows have the hidden attribute but are still displayed (CSS overrides [hidden]?)`);
  const status = (await page.locator('#filter-status').textContent()).trim();
  if (!statesNumber(status, shown.length)) check.fail(`${when}: #filter-status "${status}" does not contain ${shown.length}`);
  check.note(`${when}: ${shown.length} of ${rows.length} rows shown; #filter-status: "${status}"`);
  if (button && (await page.locator(button).getAttribute('aria-pressed')) !== 'true') {
    check.fail(`${when}: ${button} does not have aria-pressed="true"`);
  }
}

// The project URLs listed on the static page that a filter button's data-href points to.
async function listRows(lists, check, page, selector) {
  const href = await page.locator(selector).getAttribute('data-href');
  const url = new URL(href, page.url()).href;
  const response = await lists.goto(url);
  if (response?.status() !== 200) {
    check.fail(`${selector}: its static page data-href="${href}" (${show(url)}) answers HTTP ${response?.status()}`);
    return null;
  }
  const rows = await lists.evaluate(rowsIn);
  if (rows.length === 0) {
    check.fail(`the static list page ${show(url)} has no rows in <table id="project-list"><tbody>`);
    return null;
  }
  return rows.map((r) => r.href);
}

// The first department whose static page narrows rating A's rows without emptying them.
async function pickDepartment(page, lists, check, all, ratingRows) {
  const buttons = await page.locator('#find button[data-filter="department"]')
    .evaluateAll((bs) => bs.map((b) => [b.dataset.value, b.innerText.replace(/\s+/g, ' ').trim()]));
  let fallback = null;
  for (const [value, label] of buttons) {
    const selector = `#find button[data-filter="department"][data-value="${value.replace(/["\\]/g, '\\$&')}"]`;
    const deptRows = await listRows(lists, check, page, selector);
    if (!deptRows) continue;
    const expected = all.filter((r) => ratingRows.includes(r.href) && deptRows.includes(r.href)).map((r) => r.href);
    const candidate = { selector, label, expected };
    if (expected.length > 0 && expected.length < ratingRows.length) return candidate;
    if (expected.length > 0) fallback ??= candidate;
  }
  if (!fallback) check.fail('no department filter has a project rated A: the combined filter could not be checked');
  return fallback;
}

// A keyboard user must see where focus is: outline, box-shadow, background or border must change.
async function checkFocusIndicator(page, check, selector) {
  const look = (sel) => {
    const s = getComputedStyle(document.querySelector(sel));
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor,
      s.textDecorationLine].join(' | ');
  };
  await focusWithKeyboard(page, selector);
  const focused = await page.evaluate(look, selector);
  await page.evaluate(() => document.activeElement.blur()); // not a click: only to compare
  const unfocused = await page.evaluate(look, selector);
  if (focused === unfocused) {
    check.fail(`${selector} shows no focus indicator when focused with Tab (outline, box-shadow, background ` +
      `and border are the same as unfocused: ${unfocused})`);
  }
}
