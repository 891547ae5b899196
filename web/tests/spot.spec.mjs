// Fargate Spot: a service on a capacity provider strategy keeps its count through an
// interruption; a standalone Spot task stays stopped. Virtual time moves only when the test
// advances it (see virtual-time.mjs).
import { test, expect } from '@playwright/test';
import { advance, openPaused } from './virtual-time.mjs';

const logLines = (page) => page.getByRole('list', { name: /^Events, / }).getByRole('listitem');
const spotTiles = (page, owner) => page.getByRole('button', { name: new RegExp(`^Task [0-9a-f]{8}, ${owner}, RUNNING, on Fargate Spot$`) });

test('interrupting Fargate Spot everywhere: the service waits for Spot capacity and then replaces its tasks, the standalone one stays stopped', async ({ page }) => {
  await openPaused(page);
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill('5');
  await page.getByLabel('Launch type').selectOption('FARGATE_SPOT');
  await page.getByRole('button', { name: 'Create service' }).click();
  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await page.getByLabel('Task definition').selectOption('api:1');
  await page.getByLabel('Launch type').selectOption('FARGATE_SPOT');
  await page.getByRole('button', { name: 'Run task' }).click();
  await advance(page, '90s');

  // Base 1 on FARGATE, the other four shared 1:3: three of the five on Spot.
  await expect(page.getByRole('button', { name: /, service web, RUNNING/ })).toHaveCount(5);
  await expect(spotTiles(page, 'service web')).toHaveCount(3);
  await expect(spotTiles(page, 'standalone task api:1')).toHaveCount(1);

  // Take the Spot capacity back in every zone that has some.
  const interrupt = page.getByRole('button', { name: /^Interrupt Spot capacity in us-east-1[a-z]$/ });
  await expect(interrupt.first()).toBeVisible();
  for (let zones = await interrupt.count(); zones > 0; zones = await interrupt.count()) {
    await interrupt.first().click();
  }
  await expect(page.getByRole('status', { name: 'What happens next' })).toContainText('two-minute warning');
  await expect(logLines(page).filter({ hasText: 'Spot interruption warning' })).toHaveCount(4);

  // No zone has Spot capacity left: the service waits for it rather than move to on-demand.
  await expect(page.getByRole('status', { name: 'What happens next' })).toContainText('no zone has Spot capacity left');
  await advance(page, '2m');
  await expect(logLines(page).filter({ hasText: /stopCode SpotInterruption: Your Spot Task was interrupted\./ })).toHaveCount(4);
  await expect(logLines(page).filter({ hasText: '(service web) was unable to place a task. Reason: Capacity is unavailable at this time.' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: /, service web, RUNNING/ })).toHaveCount(2);
  // The capacity comes back (five virtual minutes after the interruption here) and the service's
  // retry puts its tasks on Spot again; the standalone task stays stopped.
  await advance(page, '5m');
  await expect(page.getByRole('button', { name: /, service web, RUNNING/ })).toHaveCount(5);
  await expect(spotTiles(page, 'service web')).toHaveCount(3);
  await expect(page.getByRole('button', { name: /standalone task api:1, RUNNING/ })).toHaveCount(0);
});

test('the console takes a capacity provider strategy and refuses it beside a launch type', async ({ page }) => {
  await openPaused(page);
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('aws ecs run-task --task-definition api:1 --launch-type FARGATE --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1');
  await input.press('Enter');
  await expect(page.getByText('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.')).toBeVisible();
});
