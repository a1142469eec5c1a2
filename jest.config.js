// Jest runs in ES-module mode because NestJS 12 ships ES modules only
// (see README "Toolchain"); ts-jest transpiles each file on its own (isolatedModules),
// and `npm test` runs `tsc --noEmit` first for the type check.
const aliases = {
  '^@app/(kernel|event-store|platform|access|supervision|escalation|reporting|notifications|conversations|pledges|assessment)$':
    '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const base = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: aliases,
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testEnvironment: 'node',
  testTimeout: 30000,
  rootDir: '.',
};
export default {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // The web app in Debian's Chromium against the real app process (test/browser/support).
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
  testTimeout: 30000,
};
