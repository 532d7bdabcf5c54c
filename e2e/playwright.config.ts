import { defineConfig, devices } from '@playwright/test'

// note: DEVADDR_E2E_PORT lets two checkouts run their e2e at once (CI=1 never reuses a server)
const PORT = Number(process.env.DEVADDR_E2E_PORT ?? 5174)
const isCI = !!process.env.CI

/** Debian's chromium; Playwright never downloads a browser of its own here. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './fixtures/globalSetup.ts',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: isCI ? 1 : '50%',
  reporter: [['list'], ['./reporters/summaryLine.ts']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: CHROMIUM,
          // note: the background-networking flags keep Chromium from dialling out on a closed network.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `pnpm --filter @devaddr/studio dev --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
