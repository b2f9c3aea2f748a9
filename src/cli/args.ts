/** Just enough argument parsing for a handful of commands: `--flag`, `--key value`, positionals. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly options: ReadonlyMap<string, string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[], spec: { flags?: string[]; options?: string[] } = {}): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // `npx projen list -- --json` hands the separator through: it means nothing here.
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags?.includes(name)) {
      flags.add(name);
    } else if (spec.options?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      const known = [...(spec.flags ?? []), ...(spec.options ?? [])].map((k) => `--${k}`);
      throw new UsageError(`unknown option '${arg}'${known.length ? `; known options: ${known.join(', ')}` : ''}`);
    }
  }
  return { positionals, flags, options };
}

/** `--help` or `-h` anywhere before a `--` separator: every command answers it the same way, with exit 0. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** A command's help: its usage line and what it does. */
export function commandHelp(command: { readonly usage: string; readonly summary: string }): string {
  return `usage: sc-factory ${command.usage}\n\n${command.summary}`;
}
