import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/lib/chromium-path.ts';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the built site,
 * served by `astro preview` with the same cross-origin isolation headers a real host must send.
 */

const port = Number(process.env.E2E_PORT ?? 4399);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    // The course's service worker downloads the whole site (about 30 MB) on a first visit, and would then answer
    // requests that page.route() is meant to see. Each test starts a fresh browser, so it stays off here; the tests
    // of the worker itself (offline.spec.ts, isolation.spec.ts) turn it on.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [...chromiumArgs],
    },
  },
  webServer: {
    command: `node_modules/.bin/astro preview --port ${port} --host localhost --ignore-lock`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
