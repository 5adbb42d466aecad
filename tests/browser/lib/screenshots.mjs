// Check "screenshots": each page type, full page, at a phone's and a desktop's width, into
// <dir>/<type>-<width>.png (search-results-*.png come from search.mjs).
export const WIDTHS = [375, 1280];

export async function takeScreenshots(browser, pages, dir, check) {
  const page = await browser.newPage({ viewport: { width: WIDTHS[0], height: 800 } });
  try {
    for (const entry of pages) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(entry.url, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready); // Japanese glyphs drawn, not boxes
        await page.screenshot({ path: `${dir}/${entry.type}-${width}.png`, fullPage: true });
        check.checked++;
      }
    }
  } finally {
    await page.close();
  }
}
