import { RegionInfo } from 'aws-cdk-lib/region-info';
import { awscdk, javascript, JsonFile, TextFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { layerZones } from './projenrc/layers';
import { CDK_CONTEXT } from './src/cdk/context';
import { CatalogSchema, PortfolioSchema, schemaDocument } from './src/model/schema';

/** Prints PATH with the project's node_modules/.bin first (run by the shell in the project's folder). */
const PATH_WITH_BIN = "const p = require('path'); process.stdout.write(p.resolve('node_modules', '.bin') + p.delimiter + process.env.PATH)";

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
    // validate's fast reader of a manifest (src/manifest/yaml-fast.ts); `yaml` stays the reference and does everything else.
    'js-yaml@4.3.2',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    '@sinclair/typebox@^0.34.52',
    'cdk-nag@3.0.2',
    '@aws-cdk/toolkit-lib@^1.43.0',
    // `diff <product> <v1> <v2>`: CDK's own template diff and its format (already a dependency of toolkit-lib; pinned to that copy).
    '@aws-cdk/cloudformation-diff@2.187.5',
    // ts-node runs the CLI (bin/sc-factory) straight from the TypeScript sources.
    'ts-node@^10.9.2',
    // The catalog site's HTML templates (src/site/templates/*.eta): escaped by default, no dependencies.
    'eta@4.6.0',
  ],
  devDeps: [
    '@types/js-yaml@4.0.9',
    // AGPL-3.0: used by tests only, never bundled or shipped (see docs/security.md, 'Limits of the evidence').
    '@cloud-copilot/iam-simulate@^0.1.173',
    // The site's browser tests drive Debian's chromium (scripts/browser-env.js), never a downloaded browser.
    'playwright-core@1.65.1',
    // MPL-2.0: injected into the browser by the site's tests only, never shipped.
    'axe-core@4.14.1',
  ],
  bin: { 'sc-factory': 'bin/sc-factory' },

  jestOptions: {
    jestVersion: '^30.0.0',
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      collectCoverage: false,
      testTimeout: 300_000,
      // Synthesis is CPU-heavy, but a worker often waits (for a template another worker is linting, for the linter
      // server's children, for chromium): a clean-clone run with two used 1.3 of the CI machine's two cores.
      maxWorkers: 3,
    },
  },

  // CI runs .ci/run; no generated GitHub files that would not run here.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  sampleCode: false,
  licensed: false,

  eslintOptions: { dirs: ['src', 'products'], devdirs: ['test', 'bench', '.projenrc.ts'] },
  context: CDK_CONTEXT as Record<string, any>,
  appEntrypoint: 'main.ts',
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['src/**/*.ts', 'products/**/*.ts', 'bench/**/*.ts'],
  },
  tsconfigDev: {
    compilerOptions: {
      // ts-jest then only transpiles; `typecheck` (part of the test task) type-checks.
      isolatedModules: true,
      // The site's browser tests run functions in the page (playwright-core's types name DOM types too).
      lib: ['es2022', 'dom'],
    },
    // Relative to test/, where projen writes this tsconfig.
    include: ['../src/**/*.ts', '../products/**/*.ts', '../bench/**/*.ts'],
  },
  // The default 'logs' pattern would hide src/secure/rules/logs/.
  // .sc-factory-cache/: the product and assembly caches (src/generator/product-cache.ts), safe to delete.
  gitignore: ['/cdk.out.staging*/', '/.sc-factory/', '/.sc-factory-cache/', '/scratch/', '__pycache__/', '!/src/**/logs/', '/.venv/', '/.venv-checkov/',
    // A node_modules or .venv symlink (a worktree sharing another's) is a file, which '/node_modules/' does not match.
    '/node_modules', '/.venv', '/.venv-checkov'],
});

// Layers, enforced: an import that runs back up a layer fails lint (projenrc/layers.ts).
project.eslint?.addRules({ 'import/no-restricted-paths': ['error', { zones: layerZones() }] });

// Offline by design: the CDK CLI must not wait on notices or telemetry endpoints.
project.cdkConfig.json.addOverride('notices', false);
project.cdkConfig.json.addOverride('cli-telemetry', false);
project.cdkConfig.json.addOverride('app', 'node bin/sc-factory cdk-app');

// No way around publish and plan: projen's CDK app tasks would deploy or diff every stack at once
// (no stage order, no approval, no catalog.lock.json), and `watch` hotswaps into real accounts.
const REMOVED_CDK_TASKS = ['deploy', 'destroy', 'diff', 'watch'];
for (const name of REMOVED_CDK_TASKS) project.removeTask(name);

// Every task's PATH gets node_modules/.bin first (jest, eslint, tsc by name). projen's default computes it with
// `npx -c "node --print process.env.PATH"` before EVERY task, which costs about a second (1.4 s of the 2.1 s
// `npx projen validate` took, measured); one plain node process gives the same folder first for a tenth of that.
project.tasks.addEnvironment('PATH', `$(node -e "${PATH_WITH_BIN}")`);

// The CLI: thin commands over the library (src/cli). Extra arguments pass through.
const cli = (name: string, description: string) =>
  project.addTask(name, { description, exec: `node bin/sc-factory ${name}`, receiveArgs: true });
cli('validate', 'Validate catalog.yaml and portfolios/*.yaml');
cli('list', 'List portfolio / product / version per account and region');
cli('publish', 'Deploy the catalog through the CDK toolkit: dev -> staging -> prod -> organization (--yes in CI)');
cli('release', 'Freeze the newest version of a product: npx projen release <product> <version>');
// projen's task runner turns any non-zero exit of a step into exit 1 (node_modules/projen/lib/cli/task-runtime.js,
// RunTask.run; cli/cmds/run-task.js exits 1), so 2 ("changes") cannot pass through a task. Through projen, plan exits
// 0 when the plan was made and writes the plan as JSON to .sc-factory/plan-changes.json when publishing would change
// something (removed otherwise); `npx sc-factory plan` (the bin, for CI) exits 0 / 2 / 1.
project.addTask('plan', {
  description: 'What a publish would change per account and region (--json, --live); exit 0, or 1 on bad input; changes are written to .sc-factory/plan-changes.json',
  exec: 'node bin/sc-factory plan --changes-file .sc-factory/plan-changes.json',
  receiveArgs: true,
});
// Never deploys: re-validates on save and prints the diagnostics.
cli('watch', 'Re-validate catalog.yaml, portfolios/*.yaml and products/** on every save; never deploys');
cli('security-report', 'Per product: the rule packs run and every acknowledged finding with its reason (--json, --product ID)');
cli('site', 'Write the static catalog site into cdk.out/site (--out DIR)');

// Python tools pinned in requirements.txt (.venv: cfn-lint, the SageMaker SDK) and
// requirements-checkov.txt (.venv-checkov: its pins conflict with the SDK's), in
// project-local virtualenvs; each skipped quickly when it matches its file (scripts/python-env.js).
const pythonEnv = project.addTask('python-env', {
  description: 'Create or update .venv and .venv-checkov from requirements.txt and requirements-checkov.txt',
  exec: 'node scripts/python-env.js',
});

// The CLI as compiled JavaScript (scripts/cli-bundle.js): bin/sc-factory rebuilds it whenever a source
// changed, so a fresh clone works without this task; the build, synth and test run it first so the bundle
// is built before it is needed (and a broken build shows here, not as a silent fall back to ts-node).
const bundleCli = project.addTask('bundle-cli', {
  description: 'Build the CLI bundle (.sc-factory/cli) when a source changed: esbuild, precompiled schema validators',
  exec: 'node scripts/cli-bundle.js',
});
project.preCompileTask.spawn(bundleCli);

// `npx projen synth` is the main job: validate, synthesize cdk.out, print the summary.
for (const name of ['synth', 'synth:silent']) {
  const task = project.tasks.tryFind(name)!;
  task.reset(`node bin/sc-factory synth${name === 'synth:silent' ? ' --quiet' : ''}`, { receiveArgs: true });
  task.prependSpawn(bundleCli);
  task.prependSpawn(pythonEnv);
}
project.testTask.prependSpawn(bundleCli);
project.testTask.prependSpawn(pythonEnv);
// The site synthesizes as synth does (cfn-lint among the rule packs).
project.tasks.tryFind('site')!.prependSpawn(pythonEnv);

// The site's browser tests need Debian's chromium; installed with apt only when missing (scripts/browser-env.js).
const browserEnv = project.addTask('browser-env', {
  description: "Install Debian's chromium (apt-get) for the site's browser tests when it is missing",
  exec: 'node scripts/browser-env.js',
});
project.testTask.prependSpawn(browserEnv);

// The manifest's JSON Schemas, for editors (`# yaml-language-server: $schema=...`),
// written from the same TypeBox definitions the loader validates with.
for (const [file, schema] of [['catalog', CatalogSchema], ['portfolio', PortfolioSchema]] as const) {
  new JsonFile(project, `schemas/${file}.schema.json`, {
    obj: { $comment: 'Generated by projen from src/manifest/schema.ts; edit that file and run "npx projen".', ...schemaDocument(schema) },
    marker: false,
    newline: true,
  });
}

// The regions the manifest accepts, from the pinned aws-cdk-lib's RegionInfo, written as source so the
// loader (and `sc-factory validate`) need not load aws-cdk-lib (test/manifest/schema-files.test.ts checks it).
new TextFile(project, 'src/model/aws-regions.ts', {
  lines: [
    '// ~~ Generated by projen from aws-cdk-lib/region-info (the pinned aws-cdk-lib). To modify, edit .projenrc.ts and run "npx projen".',
    '/** Every AWS region the pinned aws-cdk-lib knows, sorted. */',
    'export const AWS_REGION_NAMES: readonly string[] = [',
    ...RegionInfo.regions.map((r) => r.name).sort().map((name) => `  '${name}',`),
    '];',
  ],
});

// Speed and memory figures live in a benchmark, not in timed tests.
const benchValidate = project.addTask('bench:validate', {
  description: 'Print validate time: the CLI on the shipped and a 1,000-product catalog, npx projen validate, projen start-up',
  exec: 'ts-node --transpile-only -P tsconfig.json bench/validate.ts',
  receiveArgs: true,
});
const bench = project.addTask('bench', {
  description: 'Print validate time (bench/validate.ts), then synthesis time and memory for growing generated catalogs',
});
bench.spawn(bundleCli);
bench.spawn(benchValidate);
bench.exec('ts-node --transpile-only -P tsconfig.json bench/synth-scale.ts', { receiveArgs: true });

// Type-check sources and tests after jest (ts-jest only transpiles, see tsconfigDev).
const typecheck = project.addTask('typecheck', { exec: 'tsc --noEmit -p test/tsconfig.json' });
project.testTask.spawn(typecheck);

project.synth();
