// The deploy panel, the service cards and schedules, driven as a visitor drives them.
// Virtual time stands still until the test advances it (see virtual-time.mjs).
import { test, expect } from '@playwright/test';
import { advance, advanceUntil, openPaused as open } from './virtual-time.mjs';

const logLines = (page) => page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
const running = (page, svc) => page.getByRole('button', { name: new RegExp(`^Task [0-9a-f]{8}, service ${svc}, RUNNING$`) });
const card = (page, svc) => page.getByRole('listitem', { name: `Service ${svc}`, exact: true });
const deployments = (page, svc) => page.getByRole('list', { name: `Deployments of ${svc}` }).getByRole('listitem');

async function createService(page, name, count = '3') {
  await page.getByRole('tab', { name: 'Service' }).click();
  await page.getByLabel('Service name').fill(name);
  await page.getByLabel('Desired count').fill(count);
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Service ${name} created.` })).toBeVisible();
}

test('a service with advanced options: placement constraints, load balancer, grace period, auto scaling', async ({ page }) => {
  await open(page);
  await page.getByLabel('Service name').fill('api-svc');
  await page.getByLabel('Desired count').fill('2');
  await page.getByText('Advanced options').click();
  await page.getByLabel('Placement strategy').selectOption('binpack');
  await page.getByLabel(/^distinctInstance/).check();
  await page.getByLabel(/^memberOf: only/).check();
  const expr = page.getByLabel('memberOf expression');
  await expr.fill('attribute:ecs.availability-zone in [us-east-1a,');
  await expect(expr).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-expr-err')).toContainText('Invalid memberOf expression');
  await expr.fill('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]');
  await expect(expr).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Register tasks with a target group').check();
  await page.getByLabel('Container port').fill('80');
  await page.getByLabel('Health check grace period (seconds)').fill('30');
  await page.getByLabel('Scale on average CPU (target tracking)').check();
  await page.getByLabel('Target CPU %').fill('50');
  await page.getByLabel('Minimum tasks').fill('1');
  await page.getByLabel('Maximum tasks').fill('4');
  await page.getByText('The same request as an AWS CLI command').click();
  const cli = page.locator('.cli-preview pre');
  await expect(cli).toContainText('--service-name api-svc');
  await expect(cli).toContainText('--placement-strategy type=binpack,field=memory');
  await expect(cli).toContainText('type=memberOf,expression="attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"');
  await expect(cli).toContainText('containerName=web,containerPort=80');
  await expect(cli).toContainText('--health-check-grace-period-seconds 30');
  await expect(cli).toContainText('aws application-autoscaling put-scaling-policy');
  await page.getByRole('button', { name: 'Create service' }).click();

  // Both tasks are up within half a virtual minute; at one minute auto scaling, which sees no
  // CPU demand, takes the service down to its minimum.
  await advance(page, '30s');
  await expect(running(page, 'api-svc')).toHaveCount(2);
  // memberOf keeps us-east-1c empty; distinctInstance puts one task per instance.
  await expect(page.getByRole('region', { name: 'Availability zone us-east-1c' }).getByRole('button', { name: /service api-svc/ })).toHaveCount(0);
  await expect(logLines(page).filter({ hasText: /\(service api-svc\) registered 1 targets in \(target-group arn:aws:elasticloadbalancing:/ })).toHaveCount(2);
  await expect(card(page, 'api-svc').getByLabel('Simulated CPU demand for api-svc')).toBeVisible();
  await expect(card(page, 'api-svc')).toContainText('Circuit breaker: on, with rollback.');
});

test('scaling a service adds and removes tasks', async ({ page }) => {
  await open(page);
  await createService(page, 'web', '3');
  await advance(page, '90s');
  await expect(running(page, 'web')).toHaveCount(3);
  const scale = page.getByLabel('Scale web to');
  await scale.fill('5');
  await page.getByRole('button', { name: 'Scale web', exact: true }).click();
  await advance(page, '90s');
  await expect(running(page, 'web')).toHaveCount(5);
  await expect(card(page, 'web').locator('.counts')).toContainText('Desired5Running5');
  await scale.fill('x');
  await expect(page.locator('#scale-web-err')).toHaveText("desiredCount must be a whole number (got 'x').");
  await expect(scale).toHaveAttribute('aria-invalid', 'true');
  await scale.fill('1');
  await page.getByRole('button', { name: 'Scale web', exact: true }).click();
  await advance(page, '90s');
  await expect(running(page, 'web')).toHaveCount(1);
  await expect(logLines(page).filter({ hasText: /\(service web\) has stopped 4 running tasks: / })).toHaveCount(1);
});

test('a new revision rolls out and its deployment reaches COMPLETED', async ({ page }) => {
  await open(page);
  await createService(page, 'web', '2');
  await advance(page, '2m');
  await expect(running(page, 'web')).toHaveCount(2);
  await expect(deployments(page, 'web')).toHaveText([/PRIMARY\s*web:1\s*COMPLETED/]);

  await page.getByRole('tab', { name: 'Task definition' }).click();
  await expect(page.getByLabel('Task definition JSON')).toHaveValue(/"family": "web"/);
  await page.getByRole('button', { name: 'Register task definition' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registered web:2.' })).toBeVisible();

  await page.getByLabel('New revision for web').selectOption('web:2');
  await page.getByRole('button', { name: 'Deploy revision to web' }).click();
  await expect(deployments(page, 'web').first()).toHaveText(/PRIMARY\s*web:2\s*IN_PROGRESS/);
  await advance(page, '5m');
  await expect(deployments(page, 'web')).toHaveText([/PRIMARY\s*web:2\s*COMPLETED\s*2 running/]);
  await expect(logLines(page).filter({ hasText: /\(service web\) \(deployment ecs-svc\/\d+\) deployment completed\./ })).toHaveCount(2);
});

test('a broken revision trips the circuit breaker and ECS rolls back', async ({ page }) => {
  await open(page);
  await createService(page, 'web', '3');
  await advance(page, '2m');
  await expect(running(page, 'web')).toHaveCount(3);
  // ECS rolls back to the last COMPLETED deployment, so the first one has to complete.
  await expect(deployments(page, 'web')).toHaveText([/PRIMARY\s*web:1\s*COMPLETED/]);
  await page.getByRole('button', { name: 'Deploy a broken revision to web' }).click();
  await expect(card(page, 'web')).toContainText('Registered web:2, whose image cannot be pulled');
  // The FAILED deployment stays listed only until the rollback has replaced its tasks (about a
  // virtual minute): small steps of virtual time cannot miss it.
  const failed = deployments(page, 'web').filter({ hasText: /web:2\s*FAILED/ });
  await advanceUntil(page, failed, { step: '5s', within: '15m' });
  await expect(failed).toHaveCount(1);
  await expect(logLines(page).filter({ hasText: /\(service web\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\./ })).toHaveCount(1);
  await expect(logLines(page).filter({ hasText: /\(service web\) rolling back to deployment ecs-svc\/\d+\./ })).toHaveCount(1);
  await expect(deployments(page, 'web').first()).toHaveText(/PRIMARY\s*web:1/);
  await advance(page, '5m');
  await expect(deployments(page, 'web')).toHaveText([/PRIMARY\s*web:1\s*COMPLETED\s*3 running/]);
  await expect(running(page, 'web')).toHaveCount(3);
});

test('deleting a service asks first, then it drains and becomes INACTIVE', async ({ page }) => {
  await open(page);
  await createService(page, 'web', '2');
  await advance(page, '90s');
  await expect(running(page, 'web')).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete service web' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm deleting web' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete service web' }).click();
  await confirm.getByRole('button', { name: 'Yes, delete web' }).click();
  await expect(card(page, 'web').locator('.badge')).toHaveText('DRAINING');
  await advance(page, '2m');
  await expect(card(page, 'web').locator('.badge')).toHaveText('INACTIVE');
  await expect(running(page, 'web')).toHaveCount(0);
});

test('a standalone task on a rate(1 minute) schedule runs every minute', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await page.getByLabel('Task definition').selectOption('batch-job:1');
  await page.getByLabel('Run on a schedule (EventBridge Scheduler)').check();
  await page.getByLabel('Schedule name').fill('every-minute');
  const expr = page.getByLabel('Schedule expression');
  await expr.fill('cron(0 2 * * *)');
  await expect(expr).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-sexpr-err')).not.toBeEmpty();
  await expr.fill('rate(1 minute)');
  await expect(expr).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByText(/^Next run: 2026-11-24 08:0\d UTC/)).toBeVisible();
  await page.getByRole('button', { name: 'Create schedule' }).click();
  const item = page.getByRole('listitem', { name: 'Schedule every-minute' });
  await expect(item).toContainText('rate(1 minute)');
  await advance(page, '3m');
  await expect(item).toContainText(/Runs so far: [2-9]/);
  await expect(page.getByRole('button', { name: /standalone task batch-job:1, / }).first()).toBeVisible();
  expect(await page.getByRole('button', { name: /standalone task batch-job:1, / }).count()).toBeGreaterThanOrEqual(2);
  await item.getByRole('button', { name: 'Delete schedule every-minute' }).click();
  await expect(item).toHaveCount(0);
});

test('bad input in each field names the problem, and nothing typed is lost', async ({ page }) => {
  await open(page);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  const field = async (label, value, message, exact = false) => {
    const input = page.getByLabel(label, { exact });
    await input.fill(value);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const errId = (await input.getAttribute('aria-describedby')).split(' ')[0];
    await expect(page.locator(`#${errId}`)).toHaveText(message);
  };
  await field('Service name', '<img src=x onerror=alert(1)>', "serviceName '<img src=x onerror=alert(1)>' is invalid: use 1 to 255 letters, numbers, hyphens and underscores.");
  await field('Desired count', 'three', "desiredCount must be a whole number (got 'three').");
  await page.getByText('Advanced options').click();
  await field('Minimum healthy %', '150', 'minimumHealthyPercent must be between 0 and 100 (got 150).');
  await field('Maximum %', '50', 'maximumPercent must be between 100 and 200 (got 50).', true);
  await field('Health check grace period (seconds)', '-1', "healthCheckGracePeriodSeconds must be a whole number (got '-1').");
  await page.getByLabel('Register tasks with a target group').check();
  await field('Container port', '8080', 'The container web does not have a container port 8080 in the task definition.');
  await page.getByLabel('Scale on average CPU (target tracking)').check();
  await field('Target CPU %', '0', 'TargetValue must be between 1 and 100 percent (got 0).');
  await page.getByLabel('Maximum tasks').fill('2');
  await field('Minimum tasks', '5', 'MinCapacity (5) must not exceed MaxCapacity (2).');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Fix the form first: /);
  // Everything typed is still there, and no markup was injected.
  await expect(page.getByLabel('Service name')).toHaveValue('<img src=x onerror=alert(1)>');
  await expect(page.getByLabel('Desired count')).toHaveValue('three');
  await expect(page.getByLabel('Container port')).toHaveValue('8080');
  expect(await page.locator('main img, section img').count()).toBe(0);
  await expect(page.getByRole('button', { name: /^Task / })).toHaveCount(0);

  // The core's own error is shown too, and the form keeps its text.
  await page.getByLabel('Service name').fill('web');
  await page.getByLabel('Desired count').fill('1');
  await page.getByLabel('Minimum healthy %').fill('100');
  await page.getByLabel('Maximum %', { exact: true }).fill('200');
  await page.getByLabel('Health check grace period (seconds)').fill('0');
  await page.getByLabel('Container port').fill('80');
  await page.getByLabel('Target CPU %').fill('50');
  await page.getByLabel('Minimum tasks').fill('1');
  await page.getByLabel('Maximum tasks').fill('3');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Service web created.' })).toBeVisible();
  await page.getByLabel('Service name').fill('web');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page.getByRole('alert')).toHaveText('An error occurred (InvalidParameterException) when calling the CreateService operation: Creation of service was not idempotent.');
  await expect(page.getByLabel('Service name')).toHaveValue('web');

  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await field('Count', '11', 'count must be between 1 and 10 (got 11).', true);
  await page.getByLabel('Run on a schedule (EventBridge Scheduler)').check();
  await field('Schedule name', 'a b', "Name 'a b' is invalid: use 1 to 64 letters, numbers, '-', '_' and '.'.");
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Fix the form first: /);
  await expect(page.getByLabel('Schedule name')).toHaveValue('a b');

  await page.getByRole('tab', { name: 'Task definition' }).click();
  const json = page.getByLabel('Task definition JSON');
  const bad = (await json.inputValue()).replace('"interval": 30', '"interval": 2');
  await json.fill(bad);
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#td-json-err')).toHaveText('At containerDefinitions[0].healthCheck.interval: containerDefinitions[0].healthCheck.interval must be between 5 and 300 (got 2).');
  await page.getByRole('button', { name: 'Register task definition' }).click();
  await expect(page.getByRole('alert')).toHaveText('An error occurred (InvalidParameterException) when calling the RegisterTaskDefinition operation: containerDefinitions[0].healthCheck.interval must be between 5 and 300 (got 2).');
  await expect(json).toHaveValue(bad);
  // Switching tabs keeps what was typed.
  await page.getByRole('tab', { name: 'Standalone task' }).click();
  await expect(page.getByLabel('Schedule name')).toHaveValue('a b');
  await page.getByRole('tab', { name: 'Task definition' }).click();
  await expect(json).toHaveValue(bad);
  expect(dialogs).toBe(0);
});

test('the deploy tabs follow the arrow keys and keep what was typed', async ({ page }) => {
  await open(page);
  await page.getByLabel('Service name').fill('kept-name');
  await page.getByRole('tab', { name: 'Service' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Standalone task' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Standalone task' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Task definition' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Service' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Service name')).toHaveValue('kept-name');
});
