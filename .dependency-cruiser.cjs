/**
 * The boundaries of the code (issue 14), checked in `npm test` (`npm run lint:deps`):
 * no cycles, a lib reached from outside only through its index.ts, domain folders free of
 * framework and I/O, and no dynamic import of another lib (a hidden dependency the type checker
 * and this check cannot see).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle between modules: dependencies run one way (e.g. reporting → escalation, never back).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-only-through-index',
      severity: 'error',
      comment: 'Another lib (or an app) uses a lib through its index.ts (@app/<lib>), never a file inside it.',
      // Specs may reach a lib's own test support (libs/kernel/src/testing).
      from: { path: '^(libs/([^/]+)|apps)/', pathNot: '\\.(spec|int-spec)\\.ts$' },
      to: { path: '^libs/([^/]+)/src/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'Deciders and domain rules import no framework and do no I/O (STYLE.md).',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: {
        path: ['^node_modules/(@nestjs|pg|bullmq|ioredis|fastify|@fastify|exceljs|@kurrent|class-validator|class-transformer|prom-client)(/|$)', '^libs/(platform|event-store)/'],
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|worker_threads|node:fs|node:net|node:http|node:https|node:child_process)$' },
    },
    {
      name: 'no-dynamic-import-of-a-lib',
      severity: 'error',
      comment: "import('@app/…') hides a dependency: import it statically, or invert it. A lib may load its own optional adapter lazily (event-store's KurrentDB client).",
      from: { path: '^(libs/([^/]+)|apps)/' },
      to: { path: '^libs/', pathNot: '^libs/$2/', dependencyTypes: ['dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
