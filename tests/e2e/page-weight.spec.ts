import { gzipSync } from 'node:zlib';
import { test, expect } from './fixtures.ts';

/**
 * A lesson without a lab must stay light: at most 15 KB of gzip-compressed JavaScript before any
 * interaction (search, theme, quiz and progress code included). Sizes, not times: this cannot flake.
 */
const budgetBytes = 15 * 1024;

for (const path of ['/', '/week-6/true-false-review/', '/week-6/applied-scenarios/']) {
  test(`${path} loads at most 15 KB of compressed JavaScript before interaction`, async ({ page }) => {
    const scripts: { url: string; gzipped: number }[] = [];
    page.on('response', async (response) => {
      const type = response.request().resourceType();
      if (type !== 'script' && !response.url().endsWith('.js')) return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      scripts.push({ url: response.url(), gzipped: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll('script:not([src]):not([type="application/json"])')]
        .map((script) => script.textContent ?? '')
        .join('\n'),
    );
    const total = scripts.reduce((sum, script) => sum + script.gzipped, 0) + gzipSync(inline, { level: 9 }).length;
    expect(total, JSON.stringify(scripts, null, 1)).toBeLessThanOrEqual(budgetBytes);
  });
}
