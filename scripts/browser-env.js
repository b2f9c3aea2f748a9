#!/usr/bin/env node
// Makes sure Debian's chromium is installed for the catalog site's browser
// tests (test/site/), which drive it with playwright-core: never a browser
// downloaded by playwright. Done in milliseconds when chromium is there;
// otherwise, as root on Debian/Ubuntu (CI), `apt-get update` and
// `apt-get install chromium`. `npx projen test` runs it first.
// CHROMIUM_PATH names another chromium binary (then nothing is installed).
const { spawnSync } = require('child_process');
const { chromiumPath, CANDIDATES } = require('./chromium-path');

function fail(message) {
  console.error(`browser-env: ${message}`);
  process.exit(1);
}

if (chromiumPath()) process.exit(0);
if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);

const manual = `Install Debian's chromium ('apt-get install chromium' as root) or set CHROMIUM_PATH to a chromium binary; looked for ${CANDIDATES.join(', ')}.`;
if (typeof process.getuid !== 'function' || process.getuid() !== 0) fail(`chromium is missing and installing it needs root. ${manual}`);
if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) fail(`chromium is missing and apt-get is not available. ${manual}`);

console.error("browser-env: installing Debian's chromium (apt-get) for the site's browser tests");
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) fail(`'apt-get ${args.join(' ')}' failed (exit code ${result.status}). ${manual}`);
}
if (!chromiumPath()) fail(`apt-get installed chromium, but no binary was found. ${manual}`);
