/**
 * The projen tasks a maintainer can run: publishing goes through `publish`
 * (stage order, approval, catalog.lock.json) and previews through `plan`;
 * projen's CDK app tasks that would bypass them are gone (issue 11).
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers';

const tasks = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.projen/tasks.json'), 'utf8')).tasks as Record<string, { steps?: { exec?: string; execArgs?: string[] }[] }>;

test("no task deploys, diffs, destroys or hotswaps outside 'publish' and 'plan'", () => {
  for (const name of ['deploy', 'destroy', 'diff']) expect([name, tasks[name]]).toEqual([name, undefined]);
  // `watch` is sc-factory's: it re-validates on save and never deploys.
  expect(tasks.watch.steps).toEqual([{ exec: 'node bin/sc-factory watch', receiveArgs: true }]);
  const commands = Object.values(tasks).flatMap((task) => (task.steps ?? []).map((step) => step.exec ?? (step.execArgs ?? []).join(' ')));
  expect(commands.filter((command) => /\bcdk (deploy|destroy|diff|watch)\b/.test(command))).toEqual([]);
});

test("'publish' and 'plan' run the CLI", () => {
  expect(tasks.publish.steps).toEqual([{ exec: 'node bin/sc-factory publish', receiveArgs: true }]);
  // projen turns exit 2 into 1: through the task, "changes" is a file (test/cli/exit-codes.test.ts).
  expect(tasks.plan.steps).toEqual([{ exec: 'node bin/sc-factory plan --changes-file .sc-factory/plan-changes.json', receiveArgs: true }]);
});

test("tasks find the project's tools first on PATH, without starting npx before every task", () => {
  const { PATH } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.projen/tasks.json'), 'utf8')).env as { PATH: string };
  // projen's default, `$(npx -c "node --print process.env.PATH")`, costs about a second before each task.
  expect(PATH).not.toMatch(/\bnpx\b/);
  // projen runs the command in a shell in the project's folder, as here.
  const before = [path.dirname(process.execPath), '/usr/bin', '/bin'];
  const printed = execSync(`printf %s "${PATH}"`, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PATH: before.join(path.delimiter) } });
  expect(printed.split(path.delimiter)).toEqual([path.join(REPO_ROOT, 'node_modules', '.bin'), ...before]);
});
