/**
 * Stack traces name the real file that ran; a maintainer needs the path in the
 * catalog as they see it. Product folders may be links (a test fixture, a
 * monorepo), or hold links to files elsewhere, so map a real path back through
 * them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `products/<id>/file.ts` for `/real/place/of/file.ts`, relative to the catalog `root`, with forward slashes. */
export function catalogRelativePath(root: string, file: string): string {
  for (const link of productLinks(root)) {
    const target = fs.realpathSync(link);
    if (file === target || file.startsWith(target + path.sep)) {
      return toPosix(path.join(path.relative(root, link), path.relative(target, file)));
    }
  }
  return toPosix(path.relative(root, file));
}

/** Links among products/, products/<id> and products/<id>/<entry>, deepest first. */
function productLinks(root: string): string[] {
  const products = path.join(root, 'products');
  if (!fs.existsSync(products)) return [];
  const levels = [[products], children(products)];
  levels.push(levels[1].filter((dir) => !isLink(dir) && fs.statSync(dir).isDirectory()).flatMap(children));
  return levels.reverse().flat().filter(isLink);
}

function children(dir: string): string[] {
  return fs.readdirSync(dir).sort().map((name) => path.join(dir, name));
}

function isLink(file: string): boolean {
  return fs.lstatSync(file).isSymbolicLink();
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
