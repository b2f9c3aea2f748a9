/** The one content hash of the project: hex sha256 of bytes, text (UTF-8) or a file. */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function sha256File(file: string): string {
  return sha256(fs.readFileSync(file));
}
