// The time slider: back to an earlier moment, the cluster and the log as they were; "Continue from
// here" forks the run there, and the fork is the run a replay of the same commands gives.
import { test, expect } from '@playwright/test';
import { advance, clock, clockSeconds, openPaused } from './virtual-time.mjs';

const slider = (page) => page.getByRole('slider', { name: 'Time travel' });
const log = (page) => page.getByRole('list', { name: /^Events, / });
const webRunning = (page) => page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });

test('dragging back shows the cluster as it was; continuing forks the run exactly as a replay would', async ({ page, browser }) => {
  await openPaused(page, '', { demo: true });
  await advance(page, '30s');
  const before = clockSeconds(await clock(page).textContent());
  await expect(webRunning(page)).toHaveCount(3);
  await webRunning(page).first().click(); // a kill
  await advance(page, '2m');
  await expect(page.getByRole('list', { name: 'Marks on the timeline' }).getByText(/^kill at /)).toHaveCount(1);

  // Back to a second before the kill: three web tasks RUNNING, and the log has no stop in it.
  await slider(page).fill(String(before - 1));
  await expect(clock(page)).toHaveText(await clockTextOf(before - 1));
  await expect(page.getByRole('status').filter({ hasText: /^Showing .* of a run at / })).toBeVisible();
  await expect(webRunning(page)).toHaveCount(3);
  await expect(log(page)).not.toContainText('UserInitiated');
  // Back to now, and back again: nothing was lost.
  await page.getByRole('button', { name: 'Back to now' }).click();
  await expect(clock(page)).toHaveText(await clockTextOf(before + 120));
  await expect(log(page)).toContainText('stopped');
  await slider(page).fill(String(before - 1));

  await page.getByRole('button', { name: 'Continue from here' }).click();
  await expect(page.getByRole('button', { name: 'Continue from here' })).toBeHidden();
  await advance(page, '46s');
  const forked = await log(page).innerText();

  // The same run without the kill, in a second page: the same log, line for line.
  const other = await browser.newPage();
  await openPaused(other, '', { demo: true });
  await advance(other, '30s');
  await advance(other, '45s');
  expect(await log(other).innerText()).toBe(forked);
  await other.close();
});

test('Play while looking at the past continues from there', async ({ page }) => {
  await openPaused(page, '', { demo: true });
  await advance(page, '1m');
  const end = clockSeconds(await clock(page).textContent());
  await slider(page).fill(String(end - 40));
  await expect(page.getByRole('button', { name: 'Back to now' })).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Back to now' })).toBeHidden();
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(clockSeconds(await clock(page).textContent())).toBeLessThan(end);
});

async function clockTextOf(s) {
  const { clockText } = await import('./virtual-time.mjs');
  return clockText(s);
}
