// Check "axe": WCAG 2.1 A and AA rules of axe-core on one page of every type.
import { AxeBuilder } from '@axe-core/playwright';
import { show } from './common.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function checkAxe(browser, pages, check) {
  // AxeBuilder wants a page of a context we made (not browser.newPage()'s own).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    for (const entry of pages) {
      await page.goto(entry.url, { waitUntil: 'load' });
      const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      check.checked++;
      for (const v of results.violations) {
        const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 5);
        const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
        check.fail(`${entry.type} ${show(entry.url)}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
          targets.map((t) => `      at ${t}`).join('\n') + more);
      }
    }
  } finally {
    await context.close();
  }
}
