// Screenshots at desktop and phone widths in both themes, for a person to look at
// (web/test-results/screens/). Also checks the page never scrolls sideways at 360 px.
import { test, expect } from '@playwright/test';

for (const scheme of ['light', 'dark']) {
  for (const [name, width, height] of [['desktop', 1440, 1000], ['phone', 360, 800]]) {
    test(`screenshot ${name} ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto('./');
      await page.getByLabel('Speed').selectOption('10');
      await page.getByRole('button', { name: 'Create this service' }).click();
      await page.getByRole('button', { name: 'Run this task' }).click();
      await expect(page.getByRole('button', { name: /RUNNING$/ })).toHaveCount(4, { timeout: 20_000 });
      await page.getByRole('button', { name: /service my-web-app, RUNNING$/ }).first().click();
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: 'Pause' }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
      await page.screenshot({ path: `web/test-results/screens/${name}-${scheme}.png`, fullPage: name === 'phone' });
      if (name === 'phone') {
        await page.screenshot({ path: `web/test-results/screens/${name}-${scheme}-top.png` });
        await page.getByRole('region', { name: 'Event log' }).screenshot({ path: `web/test-results/screens/${name}-${scheme}-log.png` });
      }
      await page.getByRole('button', { name: /^Details of task / }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await page.waitForTimeout(400);
      await page.screenshot({ path: `web/test-results/screens/${name}-${scheme}-details.png` });
      await page.keyboard.press('Escape');
      if (name === 'desktop' && scheme === 'light' && process.env.UPDATE_README_SCREENSHOT) {
        await page.screenshot({ path: 'web/screenshot.png' });
      }
    });
  }
}
