// Check "reflow": every page at 320 CSS px — a phone, and a 1280 px window at 400% zoom — must
// fit its width: no horizontal scrolling of the page (WCAG 1.4.10). A failure names the
// elements that stick out, so the CSS to fix is easy to find.
import { htmlFiles, pool, show, SUB_BASE } from './common.mjs';

const WIDTH = 320;

export async function checkReflow(browser, site, check) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 640 } });
  try {
    const files = htmlFiles(site);
    await pool(files, 4, async (file) => {
      const page = await context.newPage();
      try {
        const url = new URL(file, SUB_BASE).href;
        await page.goto(url, { waitUntil: 'load' });
        const found = await page.evaluate((width) => {
          const doc = document.documentElement;
          if (doc.scrollWidth <= width) return null;
          // The innermost elements whose right edge passes the viewport's.
          const wide = Array.from(document.body.querySelectorAll('*')).filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > width + 1 && !Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 1);
          });
          const describe = (el) => {
            const id = el.id ? `#${el.id}` : '';
            const cls = el.classList.length ? `.${Array.from(el.classList).join('.')}` : '';
            const text = (el.textContent || '').trim().slice(0, 30);
            return `${el.tagName.toLowerCase()}${id}${cls} "${text}" (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
          };
          return { scrollWidth: doc.scrollWidth, elements: wide.slice(0, 4).map(describe), more: Math.max(0, wide.length - 4) };
        }, WIDTH);
        check.checked++;
        if (found) {
          check.fail(`${show(url)}: the page is ${found.scrollWidth} px wide at ${WIDTH} px; sticking out: ` +
            found.elements.join('; ') + (found.more ? ` (+${found.more} more)` : ''));
        }
      } finally {
        await page.close();
      }
    });
  } finally {
    await context.close();
  }
}
