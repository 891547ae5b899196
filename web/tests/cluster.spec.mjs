// The cluster view beyond the first slice: task details, instance actions, adding capacity.
// Virtual time stands still until the test advances it (see virtual-time.mjs).
import { test, expect } from '@playwright/test';
import { advance, openPaused } from './virtual-time.mjs';

const logLines = (page) => page.getByRole('list', { name: /^Events, / }).getByRole('listitem');

async function openWithService(page, count = 3) {
  await openPaused(page);
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill(String(count));
  await page.getByRole('button', { name: 'Create service' }).click();
  const running = page.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
  await advance(page, '90s');
  await expect(running).toHaveCount(count);
  return running;
}

test('a task\'s details show its status history and how it was placed', async ({ page }) => {
  const running = await openWithService(page);
  const shortId = (await running.first().getAttribute('aria-label')).match(/^Task ([0-9a-f]{8})/)[1];
  await page.getByRole('button', { name: `Details of task ${shortId}` }).click();
  const dialog = page.getByRole('dialog', { name: `Task ${shortId}` });
  await expect(dialog).toBeVisible();
  const history = dialog.getByRole('list', { name: 'Status history' }).getByRole('listitem');
  await expect(history.first()).toHaveText(/^00:00:0\d\s*(PROVISIONING|PENDING)$/);
  await expect(history.last()).toHaveText(/RUNNING$/);
  const placement = dialog.getByRole('list', { name: 'Placement explanation' }).getByRole('listitem');
  await expect(placement.first()).toContainText('Task needs 256 CPU units and 512 MiB');
  await expect(placement.filter({ hasText: 'spread(attribute:ecs.availability-zone): kept' })).toHaveCount(1);
  await expect(placement.last()).toContainText(/^Placed on i-[0-9a-f]+ \(m5\.large, us-east-1[abc]\)/);
  await expect(dialog.getByText('desiredStatus')).toBeVisible();

  // Stopping from the dialog: the history grows live and the stop reason appears.
  const entries = await history.count();
  await dialog.getByRole('button', { name: 'Stop task' }).click();
  await expect(dialog.getByText('UserInitiated')).toBeVisible();
  await expect(dialog.getByText('Task stopped by user')).toBeVisible();
  await expect(history).toHaveCount(entries + 1);
  await expect(history.last()).toHaveText(/^00:01:30\s*DEACTIVATING$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Focus goes back to the details button it was opened from.
  await expect(page.getByRole('button', { name: `Details of task ${shortId}` })).toBeFocused();
  // The modal dialog leaves the rest of the page inert, so time moves with it closed.
  await advance(page, '30s');
  await page.getByRole('button', { name: `Details of task ${shortId}` }).click();
  await expect(history.last()).toHaveText(/STOPPED$/);
  await expect(dialog.getByText('143', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a drained instance hands its service tasks to the others', async ({ page }) => {
  await openWithService(page, 3);
  const inst = page.getByRole('article', { name: /^Container instance i-/ }).first();
  const ec2 = (await inst.getAttribute('aria-label')).replace('Container instance ', '');
  await expect(inst.getByRole('button', { name: /, service web, RUNNING$/ })).toHaveCount(1);
  await inst.getByRole('button', { name: `Drain instance ${ec2}` }).click();
  await expect(inst.getByText('DRAINING', { exact: true })).toBeVisible();
  await expect(logLines(page).filter({ hasText: `Container instance ${ec2} is DRAINING` })).toHaveCount(1);
  await advance(page, '2m');
  await expect(logLines(page).filter({ hasText: /\(service web\) has started 1 tasks: / })).toHaveCount(1);
  await expect(inst.getByRole('button', { name: /, service web, (RUNNING|PENDING|PROVISIONING|ACTIVATING)$/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /, service web, RUNNING$/ })).toHaveCount(3);
  // And back: ACTIVE again.
  await inst.getByRole('button', { name: `Activate instance ${ec2}` }).click();
  await expect(inst.getByText('ACTIVE', { exact: true })).toBeVisible();
});

test('a terminated instance stops its tasks and the service replaces them', async ({ page }) => {
  await openWithService(page, 3);
  const inst = page.getByRole('article', { name: /^Container instance i-/ }).nth(1);
  const ec2 = (await inst.getAttribute('aria-label')).replace('Container instance ', '');
  await inst.getByRole('button', { name: `Terminate instance ${ec2}` }).click();
  await expect(inst.getByText('INACTIVE', { exact: true })).toBeVisible();
  await expect(logLines(page).filter({ hasText: `Host EC2 (instance ${ec2}) terminated.` }).first()).toBeVisible();
  await advance(page, '90s');
  await expect(inst.getByRole('button', { name: /, service web, STOPPED$/ })).toHaveCount(1);
  await expect(page.getByRole('button', { name: /, service web, RUNNING$/ })).toHaveCount(3);
  await expect(inst.getByRole('button', { name: `Terminate instance ${ec2}` })).toBeDisabled();
});

test('an added instance appears in its zone and takes tasks', async ({ page }) => {
  await openPaused(page);
  await expect(page.getByRole('article', { name: /^Container instance / })).toHaveCount(3);
  const form = page.getByRole('form', { name: 'Add a container instance' });
  await form.getByLabel('Instance type').selectOption('c5.xlarge');
  await form.getByLabel('Zone').selectOption('us-east-1d');
  await form.getByRole('button', { name: 'Add instance' }).click();
  const zone = page.getByRole('region', { name: 'Availability zone us-east-1d' });
  await expect(zone.getByRole('article', { name: /^Container instance i-/ })).toHaveCount(1);
  await expect(zone.getByText('c5.xlarge')).toBeVisible();
  await expect(zone.getByRole('meter', { name: 'CPU' })).toHaveAttribute('aria-valuetext', '0 / 4096 units');
  await expect(logLines(page).filter({ hasText: /\(i-[0-9a-f]+, c5\.xlarge\) registered in us-east-1d\./ })).toHaveCount(1);
});

test('Fargate tasks get their own area, apart from the instances', async ({ page }) => {
  await openPaused(page);
  await page.getByRole('button', { name: 'Run this task' }).click();
  const area = page.getByRole('group', { name: /^Fargate tasks in us-east-1/ });
  await expect(area.getByRole('button', { name: /^Task [0-9a-f]{8}, standalone task/ }).first()).toBeVisible();
});

test('under the strict CSP the meters fill and the details dialog opens without a violation', async ({ page }) => {
  const violations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.goto('/csp/?autoplay=0');
  await page.getByRole('button', { name: 'Create this service' }).click();
  await advance(page, '90s');
  await expect(page.getByRole('button', { name: /service my-web-app, RUNNING$/ })).toHaveCount(3);
  // The width is set through the CSSOM (no inline style attribute) and eases in.
  const fill = page.locator('.instance .meter.cpu .fill').first();
  await expect.poll(() => fill.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(0);
  await page.getByRole('button', { name: /^Details of task / }).first().click();
  await expect(page.getByRole('dialog').getByRole('list', { name: 'Placement explanation' })).toBeVisible();
  expect(violations).toEqual([]);
});

// Availability Zone rebalancing ("Balancing an Amazon ECS service across Availability Zones",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html): after a
// zone loses its capacity and gets it back, ECS moves tasks into it until the zones are even.
test('a zone that loses its instance and gets one back is rebalanced', async ({ page }) => {
  await openWithService(page, 6);
  const zone = (name) => page.getByRole('region', { name: `Availability zone ${name}` });
  const running = (scope) => scope.getByRole('button', { name: /^Task [0-9a-f]{8}, service web, RUNNING$/ });
  const a = zone('us-east-1a').getByRole('article', { name: /^Container instance i-/ }).first();
  const ec2 = (await a.getAttribute('aria-label')).replace('Container instance ', '');
  await a.getByRole('button', { name: `Terminate instance ${ec2}` }).click();
  await advance(page, '3m');
  await expect(running(zone('us-east-1a'))).toHaveCount(0);
  await expect(running(page)).toHaveCount(6);

  const form = page.getByRole('form', { name: 'Add a container instance' });
  await form.getByLabel('Zone').selectOption('us-east-1a');
  await form.getByRole('button', { name: 'Add instance' }).click();
  await expect(logLines(page).filter({ hasText: /\(service web\) is not AZ balanced with 0 tasks in us-east-1a, 3 in us-east-1b, and 3 in us-east-1c\. AZ Rebalancing in progress\./ })).toHaveCount(1);
  await advance(page, '10m');
  for (const z of ['us-east-1a', 'us-east-1b', 'us-east-1c']) await expect(running(zone(z))).toHaveCount(2);
  await expect(logLines(page).filter({ hasText: /has started 1 tasks in us-east-1a to AZ Rebalance/ })).toHaveCount(2);
  await expect(logLines(page).filter({ hasText: '(service web) is AZ balanced with 2 tasks in us-east-1a, 2 tasks in us-east-1b, and 2 tasks in us-east-1c.' })).toHaveCount(1);
});
