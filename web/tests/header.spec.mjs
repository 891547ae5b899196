// The header's time controls: play/pause, step, speed, seed and reset.
import { test, expect } from '@playwright/test';

test('pause stops the clock, step moves it one virtual second, reset starts over with a seed', async ({ page }) => {
  await page.goto('./');
  const clock = page.getByLabel('Virtual time');
  await page.getByLabel('Speed').selectOption('60');
  await expect(clock).not.toHaveText('00:00:00');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  const paused = await clock.textContent();
  await page.waitForTimeout(500);
  await expect(clock).toHaveText(paused);
  const secs = (t) => t.split(':').reduce((a, b) => a * 60 + Number(b), 0);
  await page.getByRole('button', { name: 'Step 1 second' }).click();
  await expect(clock).toHaveText(new RegExp(`^${String(Math.floor((secs(paused) + 1) / 3600)).padStart(2, '0')}:`));
  expect(secs(await clock.textContent())).toBe(secs(paused) + 1);

  await page.getByLabel('Seed').fill('forty-two');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Seed must be a whole number' })).toBeVisible();
  await page.getByLabel('Seed').fill('42');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(clock).toHaveText('00:00:00');
  await expect(page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('article', { name: /^Container instance i-/ })).toHaveCount(3);
});
