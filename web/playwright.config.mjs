// Browser tests run in Debian's Chromium (never a downloaded browser).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PORT || 4173);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: './test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}/course/sim/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `node web/tests/serve.mjs`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/course/sim/`,
    reuseExistingServer: false,
    env: { PORT: String(port) },
  },
});
