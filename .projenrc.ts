import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { CDK_CONTEXT } from './src/cdk/context';

const project = new awscdk.AwsCdkTypeScriptApp({
  name: 'sc-product-factory',
  description: 'Secure-by-default AWS Service Catalog product factory for an MLOps platform',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  // Pinned: synthesized templates (and the frozen released versions) depend on them.
  cdkVersion: '2.276.0',
  cdkVersionPinning: true,
  cdkCliVersion: '2.1148.1',
  constructsVersion: '10.8.1',
  typescriptVersion: '~5.9.3',
  deps: [
    'yaml@^2.9.1',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    '@sinclair/typebox@^0.34.52',
    'cdk-nag@3.0.2',
    '@aws-cdk/toolkit-lib@^1.43.0',
    // ts-node runs the CLI (bin/sc-factory) straight from the TypeScript sources.
    'ts-node@^10.9.2',
  ],
  devDeps: [
    // AGPL-3.0: used by tests only, never bundled or shipped (see README).
    '@cloud-copilot/iam-simulate@^0.1.173',
  ],
  bin: { 'sc-factory': 'bin/sc-factory' },

  jestOptions: {
    jestVersion: '^30.0.0',
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      collectCoverage: false,
      testTimeout: 300_000,
      // Synthesis is CPU-heavy; two workers match the CI machine.
      maxWorkers: 2,
    },
  },

  // CI runs .ci/run; no generated GitHub files that would not run here.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  sampleCode: false,
  licensed: false,

  context: CDK_CONTEXT as Record<string, any>,
  appEntrypoint: 'main.ts',
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['src/**/*.ts', 'products/**/*.ts'],
  },
  tsconfigDev: {
    compilerOptions: {
      // ts-jest then only transpiles; `typecheck` (part of the test task) type-checks.
      isolatedModules: true,
    },
    include: ['products/**/*.ts'],
  },
  gitignore: ['/cdk.out.staging*/', '/.sc-factory/', '/scratch/', '__pycache__/'],
});

// Offline by design: the CDK CLI must not wait on notices or telemetry endpoints.
project.cdkConfig.json.addOverride('notices', false);
project.cdkConfig.json.addOverride('cli-telemetry', false);
project.cdkConfig.json.addOverride('app', 'node bin/sc-factory cdk-app');

// The CLI: thin commands over the library (src/cli). Extra arguments pass through.
const cli = (name: string, description: string) =>
  project.addTask(name, { description, exec: `node bin/sc-factory ${name}`, receiveArgs: true });
cli('validate', 'Validate catalog.yaml and portfolios/*.yaml');
cli('list', 'List portfolio / product / version per account and region');

// `npx projen synth` is the main job: validate, synthesize cdk.out, print the summary.
for (const name of ['synth', 'synth:silent']) {
  const task = project.tasks.tryFind(name)!;
  task.reset(`node bin/sc-factory synth${name === 'synth:silent' ? ' --quiet' : ''}`, { receiveArgs: true });
}

// Type-check sources and tests after jest (ts-jest only transpiles, see tsconfigDev).
const typecheck = project.addTask('typecheck', { exec: 'tsc --noEmit -p test/tsconfig.json' });
project.testTask.spawn(typecheck);

project.synth();
