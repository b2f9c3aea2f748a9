/**
 * The documentation's links hold: every relative link and #anchor in README.md,
 * docs/*.md and the products' own READMEs resolves (so moving a section cannot
 * silently break a link to it), every file in docs/ is reachable from the
 * README, and each docs/ file's table of contents lists its sections in order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { anchorsOf, brokenLinks, githubAnchor, linksOf, type MarkdownFiles, withoutCode } from './markdown-links';
import { REPO_ROOT } from '../helpers';

const repo: MarkdownFiles = {
  read: file => (fs.existsSync(path.join(REPO_ROOT, file)) && fs.statSync(path.join(REPO_ROOT, file)).isFile()
    ? fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')
    : undefined),
  exists: file => fs.existsSync(path.join(REPO_ROOT, file)),
};
const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter(name => name.endsWith('.md')).sort().map(name => `docs/${name}`);
const productReadmes = fs.readdirSync(path.join(REPO_ROOT, 'products'))
  .map(product => `products/${product}/README.md`)
  .filter(file => repo.exists(file));

function inMemory(files: Record<string, string>): MarkdownFiles {
  const dirs = new Set(Object.keys(files).flatMap(file => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return { read: file => files[file], exists: file => file in files || dirs.has(file) };
}

describe("GitHub's heading anchors", () => {
  test.each([
    ['Plan', 'plan'],
    ['Limits, and what is not exercised offline', 'limits-and-what-is-not-exercised-offline'],
    ['Model build & train', 'model-build--train'],
    ['`catalog.yaml`', 'catalogyaml'],
    ['`portfolios/<id>.yaml`', 'portfoliosidyaml'],
    ['What every product inherits (`src/secure/`)', 'what-every-product-inherits-srcsecure'],
    ['Organisation scale: one StackSet for organizational units', 'organisation-scale-one-stackset-for-organizational-units'],
    ['A [linked](other.md) **bold** heading', 'a-linked-bold-heading'],
    ['snake_case and Ünïcode', 'snake_case-and-ünïcode'],
  ])('%s -> #%s', (heading, anchor) => {
    expect(githubAnchor(heading)).toBe(anchor);
  });

  test('a repeated heading gets -1, -2; headings in code blocks define nothing; <a id> defines one', () => {
    const anchors = anchorsOf('# Notes\n\n## Notes\n\n```sh\n# not a heading\n```\n\n### Notes ###\n\n<a id="kept"></a>\n');
    expect([...anchors].sort()).toEqual(['kept', 'notes', 'notes-1', 'notes-2']);
  });
});

describe('the link check', () => {
  const files = inMemory({
    'README.md': [
      '# Title',
      'See [the guide](docs/guide.md#setting-up) and [a missing one](docs/nope.md).',
      'A link [split over',
      'two lines](docs/guide.md#no-such-heading), an [external](https://example.com/x#y) one,',
      'one in `code [x](missing.md)` and a [local](#title) anchor, a [folder](docs).',
      '```md',
      '[in a fence](missing.md)',
      '```',
      'And a [bad local](#titel) anchor.',
    ].join('\n'),
    'docs/guide.md': '# Guide\n\n## Setting up\n\nBack to the [README](../README.md#title).\n',
  });

  test('reports exactly the missing files and anchors, at the line of each target', () => {
    expect(brokenLinks(['README.md', 'docs/guide.md'], files)).toEqual([
      { file: 'README.md', line: 2, target: 'docs/nope.md', reason: 'missing-file' },
      { file: 'README.md', line: 4, target: 'docs/guide.md#no-such-heading', reason: 'missing-anchor' },
      { file: 'README.md', line: 9, target: '#titel', reason: 'missing-anchor' },
    ]);
  });

  test('code is blanked without moving lines', () => {
    const markdown = 'a `b` c\n```\nd\n```\ne';
    expect(withoutCode(markdown).split('\n')).toHaveLength(5);
    expect(withoutCode(markdown)).not.toMatch(/[bd`]/);
  });
});

describe("the repository's documentation", () => {
  test('every relative link and #anchor in README.md, docs/*.md and the products\' READMEs resolves', () => {
    expect(docs.length).toBeGreaterThan(0);
    expect(brokenLinks(['README.md', ...docs, ...productReadmes], repo)).toEqual([]);
  });

  test('every file in docs/ is linked from the README', () => {
    const linked = new Set(linksOf(repo.read('README.md')!).map(link => path.posix.normalize(link.target.split('#')[0])));
    expect(docs.filter(file => !linked.has(file))).toEqual([]);
  });

  test.each(docs)('%s opens with a table of contents listing its sections, in order', file => {
    const markdown = repo.read(file)!;
    const lines = markdown.split('\n');
    const sections = withoutCode(markdown).split('\n')
      .flatMap((prose, i) => (/^###? /.test(prose) ? [`#${githubAnchor(lines[i].replace(/^###? /, ''))}`] : []));
    const contents = markdown.slice(markdown.indexOf('**Contents**'), markdown.indexOf('\n## '));
    expect(markdown.indexOf('**Contents**')).toBeGreaterThan(0);
    expect(linksOf(contents).map(link => link.target)).toEqual(sections);
  });
});
