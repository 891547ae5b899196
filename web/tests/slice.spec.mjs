// The first slice, as a visitor clicks it: deploy, kill, and watch what ECS does next.
// Virtual time stands still until the test advances it (see virtual-time.mjs).
import { test, expect } from '@playwright/test';
import { advance, openPaused as open } from './virtual-time.mjs';

const logLines = (page) => page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');

test('a killed service task is replaced and the service returns to steady state', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill('3');
  await page.getByRole('button', { name: 'Create service' }).click();

  const running = page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
  await expect(logLines(page).filter({ hasText: /^.*\(service web\) has started 3 tasks: / })).toHaveCount(1);
  await advance(page, '90s');
  await expect(running).toHaveCount(3);
  await expect(logLines(page).filter({ hasText: '(service web) has reached a steady state.' })).toHaveCount(1);

  const victim = await running.first().getAttribute('aria-label');
  const shortId = victim.match(/^Task ([0-9a-f]{8})/)[1];
  await running.first().click();
  await expect(logLines(page).filter({ hasText: new RegExp(`Task ${shortId}[0-9a-f]{24} \\(service web\\) desiredStatus STOPPED, stopCode UserInitiated: Task stopped by user\\.`) })).toHaveCount(1);
  await expect(running).toHaveCount(2);
  await advance(page, '90s');

  // The clicked task has gone down with the user's stop code and reason...
  await expect(page.getByRole('button', { name: `Task ${shortId}, service web, STOPPED` })).toBeVisible();
  // ...and the scheduler has started a replacement that reached RUNNING.
  await expect(logLines(page).filter({ hasText: /\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\./ })).toHaveCount(1);
  await expect(running).toHaveCount(3);
  await expect(page.getByRole('button', { name: `Task ${shortId}, service web, RUNNING` })).toHaveCount(0);
  await expect(logLines(page).filter({ hasText: '(service web) has reached a steady state.' })).toHaveCount(2);
  const card = page.getByRole('listitem', { name: 'Service web' });
  await expect(card.getByText('Steady state')).toBeVisible();
});

// ECS places a service task in the zone with the fewest running tasks of the service, and a task
// that is stopping no longer counts ("Update Amazon ECS service parameters",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/update-service-parameters.html).
const zone = (page, name) => page.getByRole('region', { name: `Availability zone ${name}` });
const running = (scope) => scope.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });

// Several seeds: where the zones tie, a seed decides, and the rule holds whatever it is.
for (const seed of [0, 1, 2]) test(`a killed service task's replacement appears in the same zone (seed ${seed})`, async ({ page }) => {
  await open(page, `seed=${seed}`);
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill('3');
  await page.getByRole('button', { name: 'Create service' }).click();
  await advance(page, '90s');
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  for (const z of zones) await expect(running(zone(page, z))).toHaveCount(1);

  for (const z of zones) {
    const tile = running(zone(page, z));
    const shortId = (await tile.getAttribute('aria-label')).match(/^Task ([0-9a-f]{8})/)[1];
    await tile.click();
    await expect(running(zone(page, z))).toHaveCount(0);
    await advance(page, '90s');
    // The replacement is RUNNING in the zone that lost the task, and the other zones kept theirs.
    await expect(running(zone(page, z))).toHaveCount(1);
    await expect(zone(page, z).getByRole('button', { name: `Task ${shortId}, service web, RUNNING` })).toHaveCount(0);
    for (const other of zones) await expect(running(zone(page, other))).toHaveCount(1);
  }
});

test('a killed standalone task stays stopped and nothing replaces it', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await page.getByLabel('Task definition').selectOption('web:1');
  await page.getByLabel('Count').fill('1');
  await page.getByRole('button', { name: 'Run task' }).click();

  const task = page.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task web:1, RUNNING$/ });
  await advance(page, '30s');
  await expect(task).toHaveCount(1);
  const shortId = (await task.getAttribute('aria-label')).match(/^Task ([0-9a-f]{8})/)[1];
  await task.press('Enter');

  await advance(page, '30s');
  await expect(page.getByRole('button', { name: `Task ${shortId}, standalone task web:1, STOPPED` })).toBeVisible();
  // Another 60 virtual seconds pass: still stopped, still alone, no "has started" line.
  await advance(page, '60s');
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
  await advance(page, '30s');
  await expect(page.getByRole('button', { name: /RUNNING$/ })).toHaveCount(4);
  expect(foreign).toEqual([]);
});

test('bad input is refused with a message that names it, and nothing is lost', async ({ page }) => {
  await open(page);
  await page.getByLabel('Service name').fill('<img src=x onerror=alert(1)>');
  await expect(page.getByText("serviceName '<img src=x onerror=alert(1)>' is invalid: use 1 to 255 letters, numbers, hyphens and underscores.")).toBeVisible();
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
