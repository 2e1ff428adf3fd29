// Two projects: unit specs beside the code, integration specs against real PostgreSQL/PGlite and Redis.
// SWC transpiles (with decorator metadata for Nest DI); type checking is `npm run typecheck`'s job.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@docqa/auth$': '<rootDir>/libs/auth/src',
    '^@docqa/core$': '<rootDir>/libs/core/src',
    '^@docqa/documents$': '<rootDir>/libs/documents/src',
    '^@docqa/embeddings$': '<rootDir>/libs/embeddings/src',
    '^@docqa/llm-router$': '<rootDir>/libs/llm-router/src',
    '^@docqa/metrics$': '<rootDir>/libs/metrics/src',
    '^@docqa/safety$': '<rootDir>/libs/safety/src',
    '^@docqa/retrieval$': '<rootDir>/libs/retrieval/src',
    '^@docqa/agent$': '<rootDir>/libs/agent/src',
    '^@docqa/evaluation$': '<rootDir>/libs/evaluation/src',
    '^@docqa/admin$': '<rootDir>/libs/admin/src',
    '^@docqa/sdk$': '<rootDir>/libs/sdk/src',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  maxWorkers: 2,
  // Integration tests start real processes and databases; unit tests finish far below this.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
    },
  ],
};
