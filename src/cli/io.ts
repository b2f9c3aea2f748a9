/** Where a command writes; tests pass a buffer, the binary passes the process streams. */
export interface CliIo {
  readonly cwd: string;
  /** Progress lines for a person watching (`synth 3/9 sagemaker-endpoint`); absent when nobody is. */
  readonly progress?: (line: string) => void;
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
  progress: terminalProgress(process.stderr, process.env),
};

/**
 * Progress goes to stderr, and only when it is a terminal and not in CI
 * (`CI` set to anything but `false` or `0`, as CI services set it): logs and
 * pipes get the result alone.
 */
export function terminalProgress(
  stream: { readonly isTTY?: boolean; write(text: string): unknown },
  env: NodeJS.ProcessEnv,
): ((line: string) => void) | undefined {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  if (!stream.isTTY || ci) return undefined;
  return (line) => stream.write(`${line}\n`);
}
