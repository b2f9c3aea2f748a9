/**
 * The command line: thin commands over the library. The one place that catches:
 * bad input (ManifestError, UsageError) is printed as diagnostics with exit code
 * 1 and no stack trace; anything else is a bug in this tool.
 */
import { commandHelp, UsageError, wantsHelp } from './args';
import { EXIT_CODES } from './exit-codes';
import { type CliIo, type Command, processIo } from './io';
import { formatDiagnostic, ManifestError } from '../model/diagnostics';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Each command's module, loaded only when that command runs: validate and list
 * load the manifest code only; synth, plan, publish, release, security-report,
 * site and cdk-app bring aws-cdk-lib, the kits and the products with them.
 */
export const COMMAND_MODULES: ReadonlyArray<readonly [name: string, load: () => Command]> = [
  ['validate', () => (require('./commands/validate') as typeof import('./commands/validate')).validateCommand],
  ['watch', () => (require('./commands/watch') as typeof import('./commands/watch')).watchCommand],
  ['list', () => (require('./commands/list') as typeof import('./commands/list')).listCommand],
  ['synth', () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand],
  ['release', () => (require('./commands/release') as typeof import('./commands/release')).releaseCommand],
  ['plan', () => (require('./commands/plan') as typeof import('./commands/plan')).planCommand],
  ['publish', () => (require('./commands/publish') as typeof import('./commands/publish')).publishCommand],
  ['security-report', () => (require('./commands/security-report') as typeof import('./commands/security-report')).securityReportCommand],
  ['site', () => (require('./commands/site') as typeof import('./commands/site')).siteCommand],
  ['new', () => (require('./commands/new-product') as typeof import('./commands/new-product')).newProductCommand],
  ['diff', () => (require('./commands/diff') as typeof import('./commands/diff')).diffCommand],
  ['cdk-app', () => (require('./commands/cdk-app') as typeof import('./commands/cdk-app')).cdkAppCommand],
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every command, loaded (for the usage text). */
export function allCommands(): Command[] {
  return COMMAND_MODULES.map(([, load]) => load());
}

/** Runs one command; `commands` lets tests run a command built with fakes (e.g. publish with a fake toolkit). */
export async function runCli(argv: readonly string[], io: CliIo = processIo, commands?: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  // `help`, `--help`, `-h`: the command list on stdout, exit 0; `help <command>` is `<command> --help`.
  if (name === 'help' && rest.length > 0) return runCli([rest[0], '--help'], io, commands);
  if (name === 'help' || (name !== undefined && wantsHelp([name]))) {
    io.out(usage(commands ?? allCommands()));
    return 0;
  }
  const command = commands ? commands.find((c) => c.name === name) : COMMAND_MODULES.find(([n]) => n === name)?.[1]();
  if (!command) {
    if (name !== undefined) io.err(`unknown command '${name}'`);
    io.err(usage(commands ?? allCommands()));
    return name === undefined ? 0 : 1;
  }
  if (wantsHelp(rest)) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (ManifestError.is(error)) {
      for (const d of error.diagnostics) io.err(formatDiagnostic(d));
      const n = error.diagnostics.length;
      io.err(`${n} problem${n === 1 ? '' : 's'} found; nothing was written.`);
      return 1;
    }
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\nusage: sc-factory ${command.usage}`);
      return 1;
    }
    io.err(`sc-factory ${command.name}: internal error: ${(error as Error).message}`);
    if (process.env.SC_FACTORY_DEBUG) io.err(String((error as Error).stack));
    else io.err('This is a bug in sc-factory, not in your catalog; rerun with SC_FACTORY_DEBUG=1 for details.');
    return EXIT_CODES.internalError;
  }
}

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'usage: sc-factory <command> [options]   (sc-factory <command> --help, -h: that command)',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Entry point of bin/sc-factory. */
export function run(argv: readonly string[]): void {
  // Offline by design: no CDK notices or telemetry from anything this process starts.
  process.env.CDK_DISABLE_CLI_TELEMETRY ??= 'true';
  void runCli(argv).then((code) => {
    process.exitCode = code;
  });
}
