/**
 * Relative links and #anchors of markdown files, checked offline: every link to
 * another file must name a file that exists, and every #anchor a heading of the
 * file it points into. Anchors follow GitHub's rule (github-slugger): the
 * heading's text as rendered, lowercased, every character that is not a letter,
 * digit, mark, `_`, space or hyphen dropped, spaces turned into hyphens, and a
 * repeated anchor suffixed `-1`, `-2`, ... Links and headings inside code
 * (fenced blocks, inline spans) are text, not markdown, and are skipped.
 * Known simplification: `_` emphasis in a heading is kept, as in code.
 */
import * as path from 'node:path';

export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly reason: 'missing-file' | 'missing-anchor';
}

/** Reads a repository file (undefined when absent) and says whether a path exists at all. */
export interface MarkdownFiles {
  read(file: string): string | undefined;
  exists(file: string): boolean;
}

/** Fenced code blocks and inline code spans blanked out, newlines kept, so offsets keep their lines. */
export function withoutCode(markdown: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  const lines = markdown.split('\n');
  let fence: string | undefined;
  const prose = lines.map(line => {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined) {
      if (!opening) return line;
      fence = opening[1];
      return blank(line);
    }
    if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && line.trim() === opening[1]) fence = undefined;
    return blank(line);
  });
  return prose.join('\n').replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, blank);
}

/** GitHub's anchor for a heading's source text (before duplicate suffixes). */
export function githubAnchor(heading: string): string {
  // Code spans render their text as is (`<id>` stays); elsewhere links render their text and tags nothing.
  const rendered = heading.split(/((`+)[^`][\s\S]*?\2(?!`))/).map((part, i) => {
    if (i % 3 === 1) return part.replace(/^`+|`+$/g, '');
    if (i % 3 === 2) return '';
    return part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '').replace(/[*`]/g, '');
  }).join('');
  return rendered.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a markdown file defines: its ATX headings (with GitHub's duplicate suffixes) and `<a id|name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const lines = markdown.split('\n');
  withoutCode(markdown).split('\n').forEach((prose, i) => {
    // Headings are found in the prose (not in fences), their text read from the source (code spans included).
    const heading = /^ {0,3}#{1,6}[ \t]/.test(prose) ? /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[i]) : null;
    if (heading) {
      const base = githubAnchor(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const html of prose.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(html[1]);
  });
  return anchors;
}

/** The targets of inline links and images (`[text](target)`), with the line each target is on. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const prose = withoutCode(markdown);
  return [...prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map(match => ({
    line: prose.slice(0, match.index).split('\n').length,
    target: match[1],
  }));
}

/** Relative links of `files` (repository paths) whose file or anchor does not exist; URLs with a scheme are not checked. */
export function brokenLinks(files: readonly string[], repo: MarkdownFiles): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const markdown = repo.read(file);
    if (markdown === undefined) throw new Error(`${file} does not exist`);
    for (const { line, target } of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const [pathPart, anchor] = splitAnchor(target);
      const linked = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart)));
      if (!repo.exists(linked)) {
        broken.push({ file, line, target, reason: 'missing-file' });
        continue;
      }
      if (anchor === undefined) continue;
      const linkedMarkdown = linked.endsWith('.md') ? repo.read(linked) : undefined;
      if (linkedMarkdown === undefined || !anchorsOf(linkedMarkdown).has(decodeURIComponent(anchor))) {
        broken.push({ file, line, target, reason: 'missing-anchor' });
      }
    }
  }
  return broken;
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash < 0 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}
