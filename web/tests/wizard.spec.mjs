// The decision wizard and the "Try it" buttons of the explanations.
// Virtual time stands still until the test advances it (see virtual-time.mjs).
import { test, expect } from '@playwright/test';
import { advance } from './virtual-time.mjs';

async function open(page) {
  await page.goto('./?autoplay=0');
  await expect(page.getByRole('heading', { name: 'Which one do I need?' })).toBeVisible();
}

const question = (page, legend) => page.getByRole('group', { name: legend });

test('a web app: the wizard recommends a REPLICA service and deploys it', async ({ page }) => {
  await open(page);
  await expect(page.getByText('Answer the questions; the recommendation appears here.')).toBeVisible();
  await question(page, 'Does it run indefinitely, until someone stops it?').getByRole('radio', { name: 'Yes, until stopped' }).check();
  await question(page, 'Does it serve traffic (HTTP or TCP requests from a load balancer)?').getByRole('radio', { name: 'Yes, it serves requests' }).check();
  await question(page, 'Do you need exactly one copy on every instance?').getByRole('radio', { name: 'No, a number of copies' }).check();
  // Keyboard: focus the first radio of the last group and choose with the arrow key.
  const heal = question(page, 'If it crashes, must it come back by itself?');
  await heal.getByRole('radio', { name: 'Yes, self-healing' }).focus();
  await page.keyboard.press('Space');
  await expect(heal.getByRole('radio', { name: 'Yes, self-healing' })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'ECS service, REPLICA strategy' })).toBeVisible();
  const cli = page.getByLabel('The AWS CLI command for this recommendation');
  await expect(cli).toContainText('aws ecs create-service');
  await expect(cli).toContainText('--service-name my-web-app');
  await expect(cli).toContainText('--load-balancers targetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-web-app-tg/');
  await expect(cli).toContainText('deploymentCircuitBreaker={enable=true,rollback=true}');
  await page.getByRole('button', { name: 'Copy command' }).click();
  await expect(page.getByText(/^Copied to the clipboard/)).toBeVisible();
  await page.getByRole('button', { name: 'Deploy this recommendation' }).click();
  await advance(page, '90s');
  await expect(page.getByRole('button', { name: /service my-web-app, RUNNING$/ })).toHaveCount(3);
});

test('a nightly job: a scheduled standalone task, and a daemon when one per instance is needed', async ({ page }) => {
  await open(page);
  await question(page, 'Does it run indefinitely, until someone stops it?').getByRole('radio', { name: 'No, it finishes' }).check();
  await expect(question(page, 'Does it serve traffic (HTTP or TCP requests from a load balancer)?')).toBeHidden();
  await question(page, 'Does it run on a schedule?').getByRole('radio', { name: 'Yes, at set times' }).check();
  await question(page, 'How long does one run take?').getByRole('radio', { name: 'Hours' }).check();
  await question(page, 'If it crashes, must it come back by itself?').getByRole('radio', { name: 'Yes, self-healing' }).check();
  await expect(page.getByRole('heading', { name: 'Standalone task on a schedule' })).toBeVisible();
  await expect(page.getByText(/ECS never retries a standalone task/)).toBeVisible();
  await expect(page.getByLabel('The AWS CLI command for this recommendation')).toContainText('aws scheduler create-schedule');
  await page.getByRole('button', { name: 'Deploy this recommendation' }).click();
  await expect(page.getByRole('listitem', { name: 'Schedule every-5-minutes' })).toBeVisible();

  await question(page, 'Does it run indefinitely, until someone stops it?').getByRole('radio', { name: 'Yes, until stopped' }).check();
  await question(page, 'Does it serve traffic (HTTP or TCP requests from a load balancer)?').getByRole('radio', { name: 'No, no incoming traffic' }).check();
  await question(page, 'Do you need exactly one copy on every instance?').getByRole('radio', { name: 'Yes, one per instance' }).check();
  await expect(page.getByRole('heading', { name: 'ECS service, DAEMON strategy' })).toBeVisible();
  await expect(page.getByLabel('The AWS CLI command for this recommendation')).toContainText('--scheduling-strategy DAEMON');
  await page.getByRole('button', { name: 'Deploy this recommendation' }).click();
  await advance(page, '90s');
  await expect(page.getByRole('button', { name: /service node-agent, RUNNING$/ })).toHaveCount(3);
});

test('the explanations\' buttons do what they describe', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Try it: deploy 2 queue workers' }).click();
  await advance(page, '90s');
  await expect(page.getByRole('button', { name: /service queue-worker, RUNNING$/ })).toHaveCount(2);
  await page.getByRole('button', { name: 'Try it: run a failing report' }).click();
  await advance(page, '2m');
  await expect(page.getByRole('button', { name: /standalone task report:1, STOPPED$/ })).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Events, newest first' })).toContainText('exit');
});
