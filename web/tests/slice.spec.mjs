// The first slice, as a visitor clicks it: deploy, kill, and watch what ECS does next.
import { test, expect } from '@playwright/test';

async function open(page) {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Cluster simulator' })).toBeVisible();
  // Run at 10x so the lifecycle takes seconds, not tens of seconds.
  await page.getByLabel('Speed').selectOption('10');
}

const logLines = (page) => page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');

test('a killed service task is replaced and the service returns to steady state', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill('3');
  await page.getByRole('button', { name: 'Create service' }).click();

  const running = page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
  await expect(running).toHaveCount(3, { timeout: 20_000 });
  await expect(logLines(page).filter({ hasText: /^.*\(service web\) has started 3 tasks: / })).toHaveCount(1);
  await expect(logLines(page).filter({ hasText: '(service web) has reached a steady state.' })).toHaveCount(1, { timeout: 10_000 });

  const victim = await running.first().getAttribute('aria-label');
  const shortId = victim.match(/^Task ([0-9a-f]{8})/)[1];
  await running.first().click();

  // The clicked task goes down with the user's stop code and reason...
  await expect(page.getByRole('button', { name: `Task ${shortId}, service web, STOPPED` })).toBeVisible({ timeout: 20_000 });
  await expect(logLines(page).filter({ hasText: new RegExp(`Task ${shortId}[0-9a-f]{24} \\(service web\\) desiredStatus STOPPED, stopCode UserInitiated: Task stopped by user\\.`) })).toHaveCount(1);
  // ...and the scheduler starts a replacement that reaches RUNNING.
  await expect(logLines(page).filter({ hasText: /\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\./ })).toHaveCount(1);
  await expect(running).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByRole('button', { name: `Task ${shortId}, service web, RUNNING` })).toHaveCount(0);
  await expect(logLines(page).filter({ hasText: '(service web) has reached a steady state.' })).toHaveCount(2, { timeout: 10_000 });
  const card = page.getByRole('listitem', { name: 'Service web' });
  await expect(card.getByText('Steady state')).toBeVisible();
});

test('a killed standalone task stays stopped and nothing replaces it', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await page.getByLabel('Task definition').selectOption('web:1');
  await page.getByLabel('Count').fill('1');
  await page.getByRole('button', { name: 'Run task' }).click();

  const task = page.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task web:1, RUNNING$/ });
  await expect(task).toHaveCount(1, { timeout: 20_000 });
  const shortId = (await task.getAttribute('aria-label')).match(/^Task ([0-9a-f]{8})/)[1];
  await task.press('Enter');

  await expect(page.getByRole('button', { name: `Task ${shortId}, standalone task web:1, STOPPED` })).toBeVisible({ timeout: 20_000 });
  // Another 60 virtual seconds pass: still stopped, still alone, no "has started" line.
  await page.waitForTimeout(6_000);
  await expect(page.getByRole('button', { name: /standalone task web:1, (PENDING|ACTIVATING|RUNNING)$/ })).toHaveCount(0);
  await expect(logLines(page).filter({ hasText: 'has started' })).toHaveCount(0);
  await expect(logLines(page).filter({ hasText: /stopCode UserInitiated: Task stopped by user/ })).toHaveCount(1);
});

test('no request leaves the page\'s own origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const foreign = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await open(page);
  await page.getByRole('button', { name: 'Create this service' }).click();
  await page.getByRole('button', { name: 'Run this task' }).click();
  await expect(page.getByRole('button', { name: /RUNNING$/ })).toHaveCount(4, { timeout: 20_000 });
  expect(foreign).toEqual([]);
});

test('bad input is refused with a message that names it, and nothing is lost', async ({ page }) => {
  await open(page);
  await page.getByLabel('Service name').fill('<img src=x onerror=alert(1)>');
  await expect(page.getByText("'<' is not allowed: use letters, numbers, hyphens (-) and underscores (_).")).toBeVisible();
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('button', { name: /^Task / })).toHaveCount(0);
  expect(await page.locator('img').count()).toBe(0);
  await page.getByLabel('Service name').fill('web');
  await page.getByRole('button', { name: 'Create service' }).click();
  await page.getByLabel('Service name').fill('web');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('alert')).toHaveText('An error occurred (InvalidParameterException) when calling the CreateService operation: Creation of service was not idempotent.');
  await expect(page.getByRole('listitem', { name: 'Service web' })).toHaveCount(1);
});
