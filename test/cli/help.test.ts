/**
 * `--help` and `-h` mean the same everywhere: the command list for the CLI,
 * the usage and summary for a command, on stdout, exit 0, and the command
 * itself is not run.
 */
import * as fs from 'node:fs';
import { commandHelp } from '../../src/cli/args';
import { allCommands } from '../../src/cli/main';

const COMMANDS = allCommands();
import { cli, tempDir } from '../helpers';

describe('the CLI', () => {
  test('--help, -h and help print the same command list on stdout and exit 0', async () => {
    const results = await Promise.all(['--help', '-h', 'help'].map((flag) => cli(tempDir(), flag)));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]).toMatchObject({ code: 0, stderr: '' });
    for (const command of COMMANDS) expect(results[0].stdout).toContain(`  ${command.usage}`);
  });

  test('no command prints the list on stderr and exits 0; an unknown one exits 1', async () => {
    expect(await cli(tempDir())).toMatchObject({ code: 0, stdout: '' });
    expect(await cli(tempDir(), '-x')).toMatchObject({ code: 1, stdout: '' });
  });
});

describe.each(COMMANDS.map((c) => [c.name, c] as const))('%s', (_name, command) => {
  test.each([['--help'], ['-h']])('%s prints its usage and summary, exit 0, and runs nothing', async (flag) => {
    const cwd = tempDir();
    expect(await cli(cwd, command.name, flag)).toEqual({ code: 0, stdout: `${commandHelp(command)}\n`, stderr: '' });
    // Even with other arguments around it; and `help <command>` says the same.
    expect(await cli(cwd, command.name, '--root', cwd, flag)).toMatchObject({ code: 0, stdout: `${commandHelp(command)}\n` });
    expect(await cli(cwd, 'help', command.name)).toMatchObject({ code: 0, stdout: `${commandHelp(command)}\n` });
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
