// Screenshots of the deploy panel, service cards, wizard and explanations, desktop and 360 px,
// light and dark, for a person to look at (web/test-results/screens/ui-b-*.png).
import { test, expect } from '@playwright/test';

for (const scheme of ['light', 'dark']) {
  for (const [name, width, height] of [['desktop', 1440, 1000], ['phone', 360, 800]]) {
    test(`panels ${name} ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto('./');
      await page.getByLabel('Speed').selectOption('60');
      await page.getByText('Advanced options').click();
      await page.getByLabel('Register tasks with a target group').check();
      await page.getByLabel('Scale on average CPU (target tracking)').check();
      await page.getByRole('button', { name: 'Create service' }).click();
      await expect(page.getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(3, { timeout: 30_000 });
      await page.getByRole('button', { name: 'Deploy a broken revision to web' }).click();
      await page.getByRole('group', { name: 'Does it run indefinitely, until someone stops it?' }).getByRole('radio', { name: 'No, it finishes' }).check();
      await page.getByRole('group', { name: 'Does it run on a schedule?' }).getByRole('radio', { name: 'Yes, at set times' }).check();
      await page.getByRole('group', { name: 'How long does one run take?' }).getByRole('radio', { name: 'Seconds to minutes' }).check();
      await page.getByRole('group', { name: 'If it crashes, must it come back by itself?' }).getByRole('radio', { name: 'No, a failure can wait' }).check();
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Pause' }).click();
      for (const id of ['deploy', 'services', 'wizard', 'learn']) {
        await page.locator(`#${id}`).screenshot({ path: `web/test-results/screens/ui-b-${id}-${name}-${scheme}.png` });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    });
  }
}
