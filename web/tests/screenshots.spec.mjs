// Screenshots at desktop and phone widths in both themes, for a person to look at
// (web/test-results/screens/). Also checks the page never scrolls sideways at 360 px.
import { test, expect } from '@playwright/test';
import { advance, openPaused } from './virtual-time.mjs';

// Held still by virtual time; `animations: 'disabled'` shows each transition at its end. Tiles and
// instances are `content-visibility: auto`: after a scroll, the browser renders the ones now on
// screen at its next frame, so the picture waits two frames (or it shows them empty).
const frames = (target) => (target.page ? target.page() : target).evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const shot = async (target, path, fullPage = false) => {
  await frames(target);
  await target.screenshot({ path: `web/test-results/screens/${path}.png`, fullPage, animations: 'disabled' });
};

for (const scheme of ['light', 'dark']) {
  for (const [name, width, height] of [['desktop', 1440, 1000], ['phone', 360, 800]]) {
    test(`screenshot ${name} ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await openPaused(page);
      await page.getByRole('button', { name: 'Create this service' }).click();
      await page.getByRole('button', { name: 'Run this task' }).click();
      await advance(page, '30s');
      await expect(page.getByRole('button', { name: /RUNNING$/ })).toHaveCount(4);
      await page.getByRole('button', { name: /service my-web-app, RUNNING$/ }).first().click();
      await advance(page, '3s');
      // The console took the view down to itself; the pictures start at the top.
      await page.getByRole('heading', { name: 'ECS Service vs Standalone Task' }).scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
      await shot(page, `${name}-${scheme}`, name === 'phone');
      if (name === 'phone') {
        await shot(page, `${name}-${scheme}-top`);
        await shot(page.getByRole('region', { name: 'Event log' }), `${name}-${scheme}-log`);
      }
      await page.getByRole('button', { name: /^Details of task / }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await shot(page, `${name}-${scheme}-details`);
      await page.keyboard.press('Escape');
      if (name === 'desktop' && scheme === 'light' && process.env.UPDATE_README_SCREENSHOT) {
        await page.screenshot({ path: 'web/screenshot.png', animations: 'disabled' });
      }
    });
  }
}
