// Where Debian's chromium is: CHROMIUM_PATH, else the first of the usual
// binaries that exists. Shared by scripts/browser-env.js (installs it when
// missing) and the site's browser tests (launch it, or fail saying how to get it).
const fs = require('fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The chromium binary to launch, or undefined when there is none. */
function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return executable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  return CANDIDATES.find(executable);
}

module.exports = { chromiumPath, CANDIDATES };
