// The header's time controls: play/pause, step, speed, seed and reset.
import { test, expect } from '@playwright/test';
import { clockSeconds, clockText } from './virtual-time.mjs';

test('play runs the clock at the chosen speed, pause stops it, step moves it one virtual second, reset starts over with a seed', async ({ page }) => {
  // Playing is virtual time paced by real time; the page's real time is Playwright's fake clock,
  // which moves only when the test says.
  await page.clock.install();
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await page.clock.pauseAt(Date.now() + 1_000);
  const clock = page.getByLabel('Virtual time');
  await page.getByLabel('Speed').selectOption('60');
  const start = clockSeconds(await clock.textContent());
  await page.clock.runFor(2_000);
  await expect(clock).toHaveText(clockText(start + 120));
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
  const paused = await clock.textContent();
  await page.clock.runFor(2_000);
  await expect(clock).toHaveText(paused);
  await page.getByRole('button', { name: 'Step 1 second' }).click();
  await expect(clock).toHaveText(clockText(clockSeconds(paused) + 1));

  await page.getByLabel('Seed').fill('forty-two');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Seed must be a whole number' })).toBeVisible();
  await page.getByLabel('Seed').fill('42');
  await page.getByRole('button', { name: 'Reset' }).click();
  // Reset brings the landing demo back, warmed up: a service of 3 and a standalone worker running.
  await expect(clock).toHaveText('00:01:00');
  await expect(page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ })).toHaveCount(3);
  await expect(page.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task worker:1, RUNNING$/ })).toHaveCount(1);
  // Clear starts over on an empty cluster with the same seed.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(clock).toHaveText('00:00:00');
  await expect(page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('article', { name: /^Container instance i-/ })).toHaveCount(3);
  await expect(page.getByRole('button', { name: /^Task / })).toHaveCount(0);
  await expect(page.getByLabel('Seed')).toHaveValue('42');
});

test('the chosen speed survives a reload', async ({ page }) => {
  await page.goto('./?autoplay=0');
  await expect(page.getByLabel('Speed')).toHaveValue('1');
  await page.getByLabel('Speed').selectOption('30');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  await expect(page.getByLabel('Speed')).toHaveValue('30');
});
