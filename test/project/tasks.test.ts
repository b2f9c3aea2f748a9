/**
 * The projen tasks a maintainer can run: publishing goes through `publish`
 * (stage order, approval, catalog.lock.json) and previews through `plan`;
 * projen's CDK app tasks that would bypass them are gone (issue 11).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers';

const tasks = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.projen/tasks.json'), 'utf8')).tasks as Record<string, { steps?: { exec?: string; execArgs?: string[] }[] }>;

test("no task deploys, diffs, destroys or hotswaps outside 'publish' and 'plan'", () => {
  for (const name of ['deploy', 'destroy', 'diff', 'watch']) expect([name, tasks[name]]).toEqual([name, undefined]);
  const commands = Object.values(tasks).flatMap((task) => (task.steps ?? []).map((step) => step.exec ?? (step.execArgs ?? []).join(' ')));
  expect(commands.filter((command) => /\bcdk (deploy|destroy|diff|watch)\b/.test(command))).toEqual([]);
});

test("'publish' and 'plan' run the CLI", () => {
  expect(tasks.publish.steps).toEqual([{ exec: 'node bin/sc-factory publish', receiveArgs: true }]);
  expect(tasks.plan.steps).toEqual([{ exec: 'node bin/sc-factory plan', receiveArgs: true }]);
});
