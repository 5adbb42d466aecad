// Check "pages": every page type exists on the sub-path server with an <h1>, and the 404 page
// is the site's own. Returns the pages found, with URLs, for axe and the screenshots.
import { PAGES, PLAN_PAGE, ROOT_BASE, SUB_BASE, show } from './common.mjs';

export async function checkPages(browser, check) {
  const page = await browser.newPage();
  const found = [];
  try {
    for (const entry of PAGES) {
      let path = entry.path;
      if (entry.find === 'department') path = await firstDepartment(page, check);
      if (entry.find === 'filter') path = await firstRatingFilter(page, check);
      if (entry.find === 'kind') path = await firstKind(page, check);
      if (!path) continue;
      // Without a 404.html nginx shows its own page: nothing of the site's to check (see below).
      if (entry.status === 404 && (await fetch(new URL('404.html', SUB_BASE))).status !== 200) continue;
      const url = new URL(path, SUB_BASE).href;
      const expected = entry.status ?? 200;
      check.checked++;
      const response = await page.goto(url);
      const status = response?.status();
      if (status !== expected) {
        check.fail(`${entry.type}: ${show(url)} answered HTTP ${status}, expected ${expected}` +
          (status === 404 ? ' (the page is not generated)' : ''));
        continue;
      }
      const h1 = (await page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => null))?.trim();
      if (!h1) {
        check.fail(`${entry.type}: ${show(url)} has no <h1> with text`);
        continue;
      }
      found.push({ ...entry, path, url });
    }
  } finally {
    await page.close();
  }
  await checkNotFound(check);
  return found;
}

// A missing URL must get the site's own 404.html (with an <h1>) on both servers, not nginx's.
async function checkNotFound(check) {
  for (const [base, missing] of [[ROOT_BASE, 'no-such-page.html'], [SUB_BASE, 'no-such-page.html'],
    [SUB_BASE, 'honjo-suicide-2019/no-such-folder/no-such-page.html']]) {
    const own = await fetch(new URL('404.html', base));
    if (own.status !== 200) {
      check.fail(`404: ${show(new URL('404.html', base), base)} answered HTTP ${own.status}: ` +
        'the site has no 404.html for the server to show');
      return;
    }
    const ownBody = await own.text();
    const url = new URL(missing, base);
    const response = await fetch(url);
    const body = await response.text();
    if (response.status !== 404) check.fail(`404: ${url} answered HTTP ${response.status}, expected 404`);
    else if (body !== ownBody) check.fail(`404: ${url} did not answer with the site's 404.html`);
    else if (!/<h1[\s>]/.test(body)) check.fail('404: 404.html has no <h1>');
    else await noteUnstyled(check, url, body);
  }
}

// The 404 page is served at any depth, so relative links in it break below the top folder.
// Only a note: the fix (absolute paths, which need the site's base path) is a design choice.
async function noteUnstyled(check, url, body) {
  for (const [, href] of body.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    const css = new URL(href, url);
    const status = (await fetch(css)).status;
    if (status !== 200) check.note(`404 page as served at ${url}: its stylesheet ${href} -> ${css} answers HTTP ${status}`);
  }
}

// The first link from the home page to a page comparing the plans of one kind.
async function firstKind(page, check) {
  const home = new URL('index.html', SUB_BASE).href;
  await page.goto(home);
  const href = await page.evaluate(() => [...document.querySelectorAll('main a[href]')]
    .map((a) => a.href).find((h) => /\/kinds\/[^/]+\.html$/.test(h.split('#')[0])));
  if (!href) check.fail(`kind: no link to a page comparing plans of one kind on ${show(home)}`);
  return href && show(href);
}

// The first link to a department page on the departments index.
async function firstDepartment(page, check) {
  const index = new URL('departments/index.html', SUB_BASE).href;
  await page.goto(index);
  const href = await page.evaluate(() => [...document.querySelectorAll('main a[href]')]
    .map((a) => a.href).find((h) => /\/departments\/(?!index\.html)[^/]+$/.test(h.split('#')[0])));
  if (!href) check.fail(`department: no link to a department page in <main> of ${show(index)}`);
  return href && show(href);
}

// The static list page behind the first rating filter on the plan page (#find).
async function firstRatingFilter(page, check) {
  const plan = new URL(PLAN_PAGE, SUB_BASE).href;
  await page.goto(plan);
  const control = page.locator('#find [data-filter="rating"]').first();
  if ((await page.locator('#find').count()) === 0) {
    check.fail(`filter: ${PLAN_PAGE} has no <section id="find">, so there is no static filter list page to check`);
    return null;
  }
  if ((await control.count()) === 0) {
    check.fail(`filter: #find on ${PLAN_PAGE} has no control with data-filter="rating"`);
    return null;
  }
  const href = (await control.getAttribute('data-href')) ?? (await control.getAttribute('href'));
  if (!href) {
    check.fail(`filter: the first rating control in #find on ${PLAN_PAGE} has neither data-href nor href`);
    return null;
  }
  return show(new URL(href, plan).href);
}
