/**
 * The command line: thin commands over the library. The one place that catches:
 * bad input (ManifestError, UsageError) is printed as diagnostics with exit code
 * 1 and no stack trace; anything else is a bug in this tool.
 */
import { commandHelp, UsageError, wantsHelp } from './args';
import { formatDiagnostic, ManifestError } from '../model/diagnostics';
import { cdkAppCommand } from './commands/cdk-app';
import { diffCommand } from './commands/diff';
import { listCommand } from './commands/list';
import { newProductCommand } from './commands/new-product';
import { planCommand } from './commands/plan';
import { publishCommand } from './commands/publish';
import { releaseCommand } from './commands/release';
import { securityReportCommand } from './commands/security-report';
import { siteCommand } from './commands/site';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { watchCommand } from './commands/watch';
import { EXIT_CODES } from './exit-codes';
import { type CliIo, type Command, processIo } from './io';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  watchCommand,
  listCommand,
  synthCommand,
  releaseCommand,
  planCommand,
  publishCommand,
  securityReportCommand,
  siteCommand,
  newProductCommand,
  diffCommand,
  cdkAppCommand,
];

/** Runs one command; `commands` lets tests run a command built with fakes (e.g. publish with a fake toolkit). */
export async function runCli(argv: readonly string[], io: CliIo = processIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  // `help`, `--help`, `-h`: the command list on stdout, exit 0; `help <command>` is `<command> --help`.
  if (name === 'help' && rest.length > 0) return runCli([rest[0], '--help'], io, commands);
  if (name === 'help' || (name !== undefined && wantsHelp([name]))) {
    io.out(usage());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    if (name !== undefined) io.err(`unknown command '${name}'`);
    io.err(usage());
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

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'usage: sc-factory <command> [options]   (sc-factory <command> --help, -h: that command)',
    '',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
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
