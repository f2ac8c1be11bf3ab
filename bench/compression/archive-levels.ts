/**
 * Archive encoding: level against time and size on real archived batches (docs/benchmarks.md, "Archive encoding").
 * Usage: npx node bench/compression/archive-levels.ts <directory holding archive/<runId>/batch-*.(bson.br|ejson.gz)>
 * Keep a daily run's archives (the bench's scratch directory, or a local run's store) and point this at them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EJSON } from 'bson';
import { brotliCompress, constants, gzip, gzipSync } from 'node:zlib';
import { bsonSequence, decodeArchive } from '#shared/jobs/archive-codec.ts';
import { archiveFormatOf } from '#shared/storage/keys.ts';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: archive-levels.ts <directory>');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => archiveFormatOf(file) !== null);
const archives = await Promise.all(
  files.map((file) => decodeArchive(readFileSync(join(root, file)), archiveFormatOf(file) ?? 'bson.br')),
);
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const brotli = (quality: number) => (input: Buffer) =>
  brotliAsync(input, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: input.length },
  });
const candidates: [string, (archive: (typeof archives)[number]) => Promise<Buffer>][] = [
  ['EJSON + gzip 6, sync (before)', async (a) => gzipSync(Buffer.from(EJSON.stringify(a, { relaxed: false })))],
  ['BSON + gzip 1, async', (a) => gzipAsync(bsonSequence(a), { level: 1 })],
  ['BSON + gzip 6, async', (a) => gzipAsync(bsonSequence(a), { level: 6 })],
  ['BSON + brotli 1, async', (a) => brotli(1)(bsonSequence(a))],
  ['BSON + brotli 4, async', (a) => brotli(4)(bsonSequence(a))],
  ['BSON + brotli 5, async', (a) => brotli(5)(bsonSequence(a))],
  ['BSON + brotli 6, async', (a) => brotli(6)(bsonSequence(a))],
];
const raw = archives.reduce((sum, archive) => sum + bsonSequence(archive).length, 0);
console.log(`${String(archives.length)} archived batches, ${(raw / 1e6).toFixed(1)} MB as BSON`);
console.log('| encoding | ms (all batches, one at a time) | MB | event loop blocked ms |');
console.log('|---|---|---|---|');
for (const [label, encode] of candidates) {
  let bytes = 0;
  let blocked = 0;
  const started = performance.now();
  for (const archive of archives) {
    const call = performance.now();
    const pending = encode(archive);
    blocked += performance.now() - call;
    bytes += (await pending).length;
  }
  const ms = performance.now() - started;
  console.log(`| ${label} | ${ms.toFixed(0)} | ${(bytes / 1e6).toFixed(2)} | ${blocked.toFixed(0)} |`);
}
