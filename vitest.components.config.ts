import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/**
 * Component tests of the presentational Lit elements in Vitest browser mode, in Debian's Chromium
 * (never a downloaded browser). The Node unit and integration tests keep `vitest.config.ts`.
 */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('0.0.0-components') },
  // Pre-bundled up front, so no mid-run dependency optimization reloads the test page.
  optimizeDeps: { include: ['lit', 'rxjs', 'echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
  test: {
    include: ['test/components/**/*.test.ts'],
    testTimeout: 30_000,
    onConsoleLog: (log) => !log.includes('Lit is in dev mode'),
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
