// Check "no-js": with JavaScript off, a plan page and a project page still render with the
// plan's notice and its dialable numbers, and the plan page's filters are plain links to static
// list pages that answer 200.
import { PLAN_PAGE, SUB_BASE, show } from './common.mjs';

const PROJECT_PAGE = 'honjo-suicide-2019/projects/j1-1-01.html';

export async function checkNoJs(browser, check) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    for (const path of [PLAN_PAGE, PROJECT_PAGE]) {
      const url = new URL(path, SUB_BASE).href;
      const status = (await page.goto(url))?.status();
      check.checked++;
      if (status !== 200) {
        check.fail(`${path} answered HTTP ${status}`);
        continue;
      }
      const h1 = (await page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => ''))?.trim();
      if (!h1) check.fail(`${path} without JavaScript shows no <h1> with text`);
      // The plan's notice (where to get help now) is shown, and each number can be dialled.
      const notice = page.locator('aside.notice');
      if (!(await notice.isVisible().catch(() => false))) {
        check.fail(`${path} without JavaScript does not show the plan's notice`);
      } else {
        const tels = await notice.locator('a[href^="tel:"]').count();
        if (tels === 0) check.fail(`${path}: the notice has no tel: link`);
      }
      if (path === PLAN_PAGE) await checkFilterLinks(page, check);
    }
  } finally {
    await context.close();
  }
}

async function checkFilterLinks(page, check) {
  if ((await page.locator('#find').count()) === 0) {
    return check.fail(`${PLAN_PAGE} has no <section id="find"> with filter links`);
  }
  const buttons = await page.locator('#find button[data-filter]').count();
  if (buttons) check.fail(`without JavaScript #find has ${buttons} filter buttons, which can do nothing: expected links`);
  const hrefs = await page.locator('#find a[href]').evaluateAll((as) => as.map((a) => a.href.split('#')[0]));
  if (hrefs.length === 0) return check.fail(`without JavaScript #find on ${PLAN_PAGE} has no links (a[href])`);
  for (const href of new Set(hrefs)) {
    const status = (await fetch(href)).status;
    if (status !== 200) check.fail(`filter link ${show(href)} in #find answers HTTP ${status}`);
  }
}
