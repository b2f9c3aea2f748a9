/**
 * File assets of product templates (seed code, nested templates, ...): how a
 * template names them, where their bytes live next to the template, and how a
 * directory becomes a byte-stable zip. The product template synthesizer writes
 * them; the generator ships them into each account's asset bucket.
 *
 * A template refers to the asset bucket of the account and region it is
 * launched in through pseudo parameters only, so one template (and one asset
 * file, byte for byte) serves every account.
 */
/* eslint-disable no-bitwise -- the zip and CRC-32 formats are bit fields */
import * as fs from 'node:fs';
import * as path from 'node:path';

// How templates name their assets and where the bytes sit: model-level, as the
// manifest's release rules read released versions' assets too.
export { PRODUCT_ASSETS_DIR, PRODUCT_ASSETS_METADATA, productAssetFile, productAssetsOfTemplate, type ProductAssetReference } from '../model/product-asset-files';

/** The asset bucket's name in one account and region: `<catalog>-assets-<account>-<region>`. */
export function productAssetBucketName(catalogName: string, account: string, region: string): string {
  return `${catalogName}-assets-${account}-${region}`;
}

/** The same name for `Fn::Sub` in a product template: account and region from pseudo parameters. */
export function productAssetBucketNameSub(catalogName: string): string {
  return productAssetBucketName(catalogName, '${AWS::AccountId}', '${AWS::Region}');
}

/** Longest account + region part of a bucket name: 12 digits, '-', the longest region name (14). */
export const LONGEST_ACCOUNT_REGION = 12 + 1 + 14;

/** Files a zip of seed code never carries: interpreter caches and editor droppings. */
const EXCLUDED = /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|\.DS_Store|[^/]*\.pyc)(\/|$)/;

/**
 * A zip of `directory` whose bytes depend only on the files' relative paths and
 * contents: entries sorted, fixed timestamps (1980-01-01) and permissions, and
 * stored uncompressed so no compression library version can change a byte.
 * Seed code is small; byte stability is what lets one released template and
 * its asset serve every account.
 */
export function deterministicZip(directory: string): Buffer {
  const files = listFiles(directory);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const relative of files) {
    const name = Buffer.from(relative, 'utf8');
    const data = fs.readFileSync(path.join(directory, relative));
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // 00:00:00
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: UNIX, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/** Regular files under `directory`, relative with '/' separators, in byte order. */
function listFiles(directory: string, prefix = ''): string[] {
  const result: string[] = [];
  for (const entry of fs.readdirSync(path.join(directory, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (EXCLUDED.test(relative)) continue;
    const stat = fs.statSync(path.join(directory, relative)); // follows links, like CDK asset staging
    if (stat.isDirectory()) result.push(...listFiles(directory, relative));
    else if (stat.isFile()) result.push(relative);
  }
  return result.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
