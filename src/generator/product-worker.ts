/**
 * Product synthesis on worker threads, behind a synchronous call (synth is
 * synchronous all the way up: the CLI, `cdk synth`'s app, publish, plan).
 * The calling thread starts one worker per chunk, synthesizes its own chunk
 * meanwhile, then blocks on a shared counter (Atomics.wait) until every worker
 * has posted its pieces, and reads them with receiveMessageOnPort: no event
 * loop turn is needed. A worker loads the catalog and the product code itself
 * (TypeScript through ts-node, as bin/sc-factory does).
 */
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { synthesizeProductChunk } from './product-chunk';
import type { ProductPiece } from './product-pieces';
import { findProductClass } from './product-registry';
import { loadCatalog } from '../manifest/load';
import { TRANSFORM_OPTIONS } from '../manifest/typescript-transpile';
import { type Diagnostic, ManifestError } from '../model/diagnostics';

export interface ChunkJob {
  readonly root: string;
  readonly productIds: readonly string[];
  readonly outdir: string;
}

interface WorkerData {
  readonly job: ChunkJob;
  readonly port: MessagePort;
  readonly done: Int32Array;
}

interface WorkerError {
  readonly message: string;
  readonly stack?: string;
  readonly diagnostics?: unknown;
}

type WorkerResult = { readonly pieces: ProductPiece[] } | { readonly error: WorkerError };

/** No chunk takes this long; a worker that never answers (killed, out of memory) fails synth instead of hanging it. */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Runs `jobs` on worker threads while `inline` runs on this thread; returns
 * each job's pieces, in job order. The first failure (inline first, then in
 * job order) is rethrown, a worker's ManifestError as a ManifestError.
 */
export function runChunks<T>(jobs: readonly ChunkJob[], inline: () => T): { inline: T; pieces: ProductPiece[][] } {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const ports = jobs.map((job) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        job,
        port: port2,
        done,
        entry: __filename,
        tsNode: require.resolve('ts-node'),
        project: path.resolve(__dirname, '..', '..', 'tsconfig.json'),
        esbuild: process.env.SC_FACTORY_TS_LOADER === 'esbuild' ? require.resolve('esbuild') : undefined,
        transform: TRANSFORM_OPTIONS,
      },
      transferList: [port2],
    });
    worker.unref();
    return port1;
  });
  let inlineResult: { value: T } | { error: unknown };
  try {
    inlineResult = { value: inline() };
  } catch (error) {
    inlineResult = { error };
  }
  const deadline = Date.now() + WORKER_TIMEOUT_MS;
  for (let finished = Atomics.load(done, 0); finished < jobs.length; finished = Atomics.load(done, 0)) {
    if (Date.now() > deadline) throw new Error(`product synthesis: ${jobs.length - finished} worker(s) did not finish within ${WORKER_TIMEOUT_MS / 60000} minutes`);
    Atomics.wait(done, 0, finished, 1000);
  }
  const results = ports.map((port) => {
    const message = receiveMessageOnPort(port)?.message as WorkerResult | undefined;
    port.close();
    return message ?? { error: { message: 'product synthesis worker ended without a result' } };
  });
  if ('error' in inlineResult) throw inlineResult.error;
  return {
    inline: inlineResult.value,
    pieces: results.map((result) => {
      if ('error' in result) throw rebuildError(result.error);
      return result.pieces;
    }),
  };
}

function rebuildError(error: { message: string; stack?: string; diagnostics?: unknown }): Error {
  if (error.diagnostics) {
    return new ManifestError(error.diagnostics as readonly Diagnostic[]);
  }
  const rebuilt = new Error(error.message);
  rebuilt.stack = error.stack;
  return rebuilt;
}

/** Worker side: synthesize the job's products, post the pieces (or the error), count one done. */
export function runWorkerJob(data: WorkerData): void {
  let result: WorkerResult;
  try {
    const catalog = loadCatalog(data.job.root);
    const classOf = (id: string) => findProductClass(catalog, catalog.products.find((p) => p.id === id)!);
    result = { pieces: synthesizeProductChunk(catalog, classOf, data.job.productIds, data.job.outdir) };
  } catch (error) {
    const e = error as Error & { diagnostics?: unknown };
    result = { error: { message: e.message, stack: e.stack, diagnostics: e.diagnostics } };
  }
  data.port.postMessage(result);
  data.port.close();
  Atomics.add(data.done, 0, 1);
  Atomics.notify(data.done, 0);
}

/**
 * The worker's first code: TypeScript loaded as this thread loads it (product
 * code is TypeScript, whatever this module is compiled to), then this module.
 * The same loader, because construct traces in the metadata carry line numbers
 * and frame names: under the bundled CLI (SC_FACTORY_TS_LOADER=esbuild,
 * src/cli/typescript-loader.ts) esbuild with the CLI's settings, else ts-node.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (process.env.SC_FACTORY_TS_LOADER === 'esbuild') {
  const fs = require('node:fs');
  const esbuild = require(workerData.esbuild);
  require.extensions['.ts'] = (module, filename) =>
    module._compile(esbuild.transformSync(fs.readFileSync(filename, 'utf8'), { ...workerData.transform, sourcefile: filename }).code, filename);
} else {
  require(workerData.tsNode).register({ project: workerData.project, transpileOnly: true });
}
require(workerData.entry).runWorkerJob(workerData);
`;
