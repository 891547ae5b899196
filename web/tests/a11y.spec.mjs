// Accessibility: axe-core finds nothing in either theme (with tasks, and with the details dialog
// open), and the theme choice follows the system until the visitor picks, then persists.
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { advance, openPaused } from './virtual-time.mjs';

const axePath = resolve('node_modules/axe-core/axe.min.js');

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

// A cluster in the middle of things, held still: tasks running, one stopping, an instance draining.
async function withTasks(page) {
  await openPaused(page);
  await page.getByRole('button', { name: 'Create this service' }).click();
  await page.getByRole('button', { name: 'Run this task' }).click();
  await advance(page, '30s');
  await expect(page.getByRole('button', { name: /RUNNING$/ })).toHaveCount(4);
  await page.getByRole('button', { name: /service my-web-app, RUNNING$/ }).first().click();
  const inst = page.getByRole('article', { name: /^Container instance / }).last();
  await inst.getByRole('button', { name: /^Drain instance / }).click();
  await advance(page, '5s');
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no violations in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await withTasks(page);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: /^Details of task / }).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });
}

test('the theme follows the system, then the visitor\'s choice, which survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBeNull();
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
  expect(await page.evaluate(() => localStorage.getItem('ecs-sim.theme'))).toBe('dark');
  expect(await bg()).not.toBe(lightBg);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');

  // Whatever else is stored is ignored: the system decides again.
  await page.evaluate(() => localStorage.setItem('ecs-sim.theme', '"><img src=x>'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBeNull();
  expect(await page.locator('img').count()).toBe(0);
});

test('keyboard: a tile is reached with Tab, Enter stops it, and the details button opens the dialog', async ({ page }) => {
  await openPaused(page);
  await page.getByRole('button', { name: 'Run this task' }).click();
  const tile = page.getByRole('button', { name: /standalone task batch-job:1, RUNNING$/ });
  await advance(page, '30s');
  await expect(tile).toHaveCount(1);
  await tile.focus();
  await page.keyboard.press('Tab');
  const details = page.getByRole('button', { name: /^Details of task / });
  await expect(details).toBeFocused();
  expect(await details.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').not.toBe('none');
  await page.keyboard.press('Shift+Tab');
  await expect(tile).toBeFocused();
  expect(await tile.evaluate((el) => getComputedStyle(el).outlineStyle), 'visible focus').not.toBe('none');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /standalone task batch-job:1, (DEACTIVATING|STOPPING|DEPROVISIONING|STOPPED)$/ })).toHaveCount(1);
});
