/** Where a command writes; tests pass a buffer, the binary passes the process streams. */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Returns the exit code. Bad input is thrown as ManifestError or UsageError, never printed here. */
  run(argv: readonly string[], io: CliIo): number | Promise<number>;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
