import { defineConfig } from 'vitest/config';

/**
 * Three kinds of tests: unit (pure modules beside their code), integration (a real server on a
 * real port, with SQLite, PostgreSQL and Redis), browser (the built client in Debian's Chromium).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'templates/src/**/*.test.ts', 'client/src/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'image',
          include: ['test/image/**/*.test.ts'],
          testTimeout: 20 * 60_000,
          hookTimeout: 60_000,
          // after the unit and browser tests, alone: npm ci and the build take both cores for minutes
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
