// Screenshots of the deploy panel, service cards, wizard and explanations, desktop and 360 px,
// light and dark, for a person to look at (web/test-results/screens/ui-b-*.png).
import { test, expect } from '@playwright/test';
import { advance, openPaused } from './virtual-time.mjs';

for (const scheme of ['light', 'dark']) {
  for (const [name, width, height] of [['desktop', 1440, 1000], ['phone', 360, 800]]) {
    test(`panels ${name} ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await openPaused(page);
      await page.getByText('Advanced options').click();
      await page.getByLabel('Register tasks with a target group').check();
      await page.getByLabel('Scale on average CPU (target tracking)').check();
      await page.getByRole('button', { name: 'Create service' }).click();
      // Up within half a virtual minute (auto scaling, with no CPU demand, scales in at one).
      await advance(page, '30s');
      await expect(page.getByRole('button', { name: /service web, RUNNING$/ })).toHaveCount(3);
      await page.getByRole('button', { name: 'Deploy a broken revision to web' }).click();
      // The broken revision's tasks on their way to failing.
      await advance(page, '30s');
      await page.getByRole('group', { name: 'Does it run indefinitely, until someone stops it?' }).getByRole('radio', { name: 'No, it finishes' }).check();
      await page.getByRole('group', { name: 'Does it run on a schedule?' }).getByRole('radio', { name: 'Yes, at set times' }).check();
      await page.getByRole('group', { name: 'How long does one run take?' }).getByRole('radio', { name: 'Seconds to minutes' }).check();
      await page.getByRole('group', { name: 'If it crashes, must it come back by itself?' }).getByRole('radio', { name: 'No, a failure can wait' }).check();
      for (const id of ['deploy', 'services', 'wizard', 'learn']) {
        await page.locator(`#${id}`).screenshot({ path: `web/test-results/screens/ui-b-${id}-${name}-${scheme}.png`, animations: 'disabled' });
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    });
  }
}
