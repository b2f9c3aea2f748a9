#!/usr/bin/env node
// The CLI as compiled JavaScript: one esbuild bundle of the light code (src/cli,
// src/manifest, src/model, src/cdk, with yaml, TypeBox and the precompiled JSON
// Schema validators), written to .sc-factory/cli/ with a record of every input
// file (size, mtime, sha256). bin/sc-factory checks that record on every start
// and rebuilds (about 0.1-0.3 s) when an input changed, so the bundle never runs
// stale code; it falls back to ts-node when the bundle cannot be built.
//
// Left out of the bundle, loaded at run time only by the commands that need
// them: aws-cdk-lib and the other packages, the heavy kits (src/generator,
// src/secure, src/sagemaker-projects, src/monitoring, src/plan, src/publish,
// src/site), which run from their sources through the CLI's TypeScript loader
// (src/cli/typescript-loader.ts), and the products (user code).
//
//   node scripts/cli-bundle.js          build (npx projen bundle-cli; synth and test run it first)
//   node scripts/cli-bundle.js --check  exit 0 when fresh, 1 (and why) when not
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT_DIR = '.sc-factory/cli';
const RECORD = 'inputs.json';
/** Bundled folders of src/; every other module under src/ (and products/) stays outside. */
const LIGHT = ['src/cli', 'src/manifest', 'src/model', 'src/cdk'];
/** Packages bundled (small, needed by validate); every other package is required at run time. */
const BUNDLED_PACKAGES = /^(yaml|@sinclair\/typebox)(\/|$)|^ajv\/dist\/runtime\/|^ajv-formats\/dist\/formats$/;
/** Generated at build time (precompiled-validators.ts says what it holds at run time without the bundle). */
const PRECOMPILED = 'src/manifest/precompiled-validators.ts';
const SCHEMA_SOURCE = 'src/manifest/schema-precompile.ts';

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const posix = (file) => file.split(path.sep).join('/');

/** Why the bundle under `root` is not fresh, or undefined when it is (no esbuild needed). */
function staleness(root = ROOT) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(path.join(root, OUT_DIR, RECORD), 'utf8'));
  } catch {
    return 'no bundle yet';
  }
  if (!fs.existsSync(path.join(root, OUT_DIR, record.bundle))) return 'the bundle file is missing';
  if (record.script !== sha256(fs.readFileSync(__filename))) return 'scripts/cli-bundle.js changed';
  for (const [file, [size, mtimeMs, hash]] of Object.entries(record.inputs)) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, file));
    } catch {
      return `${file} is gone`;
    }
    if (stat.size !== size) return `${file} changed`;
    // Same size and time: unchanged. Otherwise the content decides (a touched file with the same bytes is fresh).
    if (stat.mtimeMs !== mtimeMs && sha256(fs.readFileSync(path.join(root, file))) !== hash) return `${file} changed`;
  }
  return undefined;
}

/** Builds the bundle of `root`; resolves to its absolute path. */
async function build(root = ROOT) {
  const esbuild = require('esbuild');
  const outDir = path.join(root, OUT_DIR);
  fs.mkdirSync(outDir, { recursive: true });
  const lightFiles = LIGHT.flatMap((dir) => listTs(root, dir));
  const precompiled = precompileValidators(esbuild, root);

  const entry = [
    "const path = require('path');",
    "const { run } = require('./src/cli/main');",
    "const { registerTypeScript } = require('./src/cli/typescript-loader');",
    '/* Each bundled module, for source code that requires it (typescript-loader.ts). */',
    'const MODULES = {',
    ...lightFiles.map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(`./${file}`)}),`),
    '};',
    'exports.start = (argv) => {',
    `  registerTypeScript(path.resolve(__dirname, ${JSON.stringify(path.relative(OUT_DIR, '.'))}), MODULES);`,
    '  run(argv);',
    '};',
  ].join('\n');

  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'sc-factory-entry.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    keepNames: true,
    // Beside the bundle, read only for a stack trace (SC_FACTORY_DEBUG).
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
    outfile: path.join(outDir, 'main.js'),
    metafile: true,
    logLevel: 'silent',
    plugins: [outsideTheBundle(root, outDir), precompiledValidators(root, precompiled.code)],
  });
  const output = (extension) => result.outputFiles.find((file) => file.path.endsWith(extension)).text;
  const bundle = `main-${sha256(output('.js')).slice(0, 16)}.js`;
  const code = `${output('.js')}//# sourceMappingURL=${bundle}.map\n`;

  const inputs = {};
  for (const file of new Set([...Object.keys(result.metafile.inputs), ...precompiled.inputs].map(recordedInput))) {
    if (file === 'sc-factory-entry.js' || file.startsWith('<stdin>')) continue;
    const absolute = path.join(root, file);
    const stat = fs.statSync(absolute);
    inputs[posix(file)] = [stat.size, stat.mtimeMs, sha256(fs.readFileSync(absolute))];
  }
  // The bundle first, then the record naming it: a concurrent reader sees either the old pair or the new one.
  writeAtomically(path.join(outDir, `${bundle}.map`), output('.js.map'));
  writeAtomically(path.join(outDir, bundle), code);
  writeAtomically(path.join(outDir, RECORD), JSON.stringify({ bundle, script: sha256(fs.readFileSync(__filename)), inputs }, null, 1));
  for (const name of fs.readdirSync(outDir)) {
    if (/^main-[0-9a-f]{16}\.js(\.map)?$/.test(name) && !name.startsWith(bundle)) fs.rmSync(path.join(outDir, name), { force: true });
  }
  return path.join(outDir, bundle);
}

/**
 * The bundle's exports (`start(argv)`), rebuilt first when stale; undefined when
 * it cannot be built (no esbuild, a syntax error): the caller falls back to ts-node.
 */
async function load(root = ROOT) {
  let file;
  try {
    const reason = staleness(root);
    file = reason === undefined ? path.join(root, OUT_DIR, JSON.parse(fs.readFileSync(path.join(root, OUT_DIR, RECORD), 'utf8')).bundle) : await build(root);
  } catch (error) {
    if (process.env.SC_FACTORY_DEBUG) console.error(`sc-factory: cannot build the CLI bundle (${error.message}); running from source`);
    return undefined;
  }
  return require(file);
}

/** Marks what stays outside: packages but BUNDLED_PACKAGES, and every file under src/ outside LIGHT (required by its .ts path). */
function outsideTheBundle(root, outDir) {
  return {
    name: 'outside-the-bundle',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.pluginData === 'resolved' || args.kind === 'entry-point') return undefined;
        const fromPackage = args.importer.includes(`${path.sep}node_modules${path.sep}`);
        if (!args.path.startsWith('.') && !path.isAbsolute(args.path)) {
          if (fromPackage || BUNDLED_PACKAGES.test(args.path) || args.path.startsWith('sc-factory:')) return undefined;
          return { path: args.path, external: true };
        }
        if (fromPackage) return undefined;
        const resolved = b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolved' });
        return resolved.then((r) => {
          if (r.errors.length > 0) return { errors: r.errors };
          const relative = posix(path.relative(root, r.path));
          const light = LIGHT.some((dir) => relative.startsWith(`${dir}/`));
          if (light || relative.startsWith('node_modules/') || relative.startsWith('..')) return { path: r.path };
          return { path: posix(path.relative(outDir, r.path)), external: true };
        });
      });
    },
  };
}

/** Replaces precompiled-validators.ts with the generated standalone validators. */
function precompiledValidators(root, code) {
  return {
    name: 'precompiled-validators',
    setup(b) {
      b.onLoad({ filter: /precompiled-validators\.ts$/ }, (args) => {
        if (posix(path.relative(root, args.path)) !== PRECOMPILED) return undefined;
        return { contents: code, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * The ajv standalone code of the manifest's schemas, generated by running
 * schema-precompile.ts (bundled to a string and evaluated here, at build time).
 */
function precompileValidators(esbuild, root) {
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, SCHEMA_SOURCE)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const Module = require('module');
  const file = path.join(root, SCHEMA_SOURCE);
  const compiled = new Module(file);
  compiled.filename = file;
  compiled.paths = Module._nodeModulePaths(path.dirname(file));
  compiled._compile(result.outputFiles[0].text, file);
  const ajvFiles = ['ajv', 'ajv-formats'].map((name) => posix(path.relative(root, require.resolve(`${name}/package.json`, { paths: [root] }))));
  return { code: compiled.exports.precompiledValidatorsSource(), inputs: [...Object.keys(result.metafile.inputs), ...ajvFiles] };
}

/**
 * The file whose change makes `input` stale: itself, or for a file of an
 * installed package, the package's package.json (its version: npm replaces a
 * package's files only with another version), so a start stats a few files per
 * package instead of hundreds.
 */
function recordedInput(input) {
  const file = posix(input);
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return file;
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  return `${file.slice(0, at)}node_modules/${name}/package.json`;
}

function listTs(root, dir) {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => posix(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name))))
    .sort();
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

module.exports = { build, load, staleness, OUT_DIR };

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const reason = staleness();
    if (reason) console.log(`stale: ${reason}`);
    process.exit(reason ? 1 : 0);
  }
  const reason = staleness();
  if (reason === undefined) {
    console.log(`${OUT_DIR}: fresh`);
  } else {
    const started = Date.now();
    build().then(
      (file) => console.log(`${OUT_DIR}: built ${path.basename(file)} in ${Date.now() - started} ms (${reason})`),
      (error) => {
        console.error(`cli-bundle: ${error.message}`);
        process.exitCode = 1;
      },
    );
  }
}
