/** The chromium binary to launch (CHROMIUM_PATH, else Debian's), or undefined when there is none. */
export function chromiumPath(): string | undefined;
/** The binaries looked for when CHROMIUM_PATH is not set. */
export const CANDIDATES: readonly string[];
