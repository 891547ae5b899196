import { test } from '@playwright/test';
import { advance, openPaused } from './virtual-time.mjs';
for (const [w, scheme] of [[1366, 'light'], [360, 'dark'], [800, 'light']]) {
  test(`shot ${w} ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: w, height: 900 });
    await openPaused(page);
    await page.getByLabel('Service name').fill('web');
    await page.getByLabel('Desired count').fill('5');
    await page.getByLabel('Launch type').selectOption('FARGATE_SPOT');
    await page.getByRole('button', { name: 'Create service' }).click();
    await advance(page, '90s');
    await page.getByRole('button', { name: /^Interrupt Spot capacity in/ }).first().click();
    await advance(page, '1s');
    await page.waitForTimeout(300);
    const area = page.locator('#cluster');
    await area.scrollIntoViewIfNeeded();
    if (w === 360) { await area.screenshot({ path: `/tmp/shots/spot-${w}-${scheme}.png`, animations: 'disabled' }); } else { await page.screenshot({ path: `/tmp/shots/spot-${w}-${scheme}.png`, animations: 'disabled' }); }
  });
}
