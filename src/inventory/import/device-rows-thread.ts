/**
 * The reading side of a big import (readDeviceRows) in a worker thread, seen from the main thread as the same
 * generator: the worker parses and validates rows and computes their insert values while the main thread writes the
 * batches already read, so an import uses two cores (issue 11: ≥ 20,000 rows/s for the whole command).
 *
 * The writer consumes batches inside one synchronous SQLite transaction, so the main thread waits for a message
 * synchronously: the worker bumps a shared counter (slot 0) after each post and Atomics.wait sleeps on it. The one
 * message the other way (the stored fingerprints, the answer to the head) bumps slot 1, which the worker sleeps on;
 * slot 2 counts the batches the writer has taken, so that the worker stays at most MAX_AHEAD batches ahead (memory).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../model/errors.js';
import { projectRoot } from '../../util/project-root.js';
import type { StoredFingerprints } from '../../store/devices.js';
import type { DeviceImportOptions, ReadResult, RowBatch, RowsHead, StoreFacts } from './devices-import.js';

/** What the worker posts: a yielded item, the generator's return value, or the error it threw. */
export type WorkerMessage =
  | { value: RowsHead | RowBatch }
  | { done: true; value: ReadResult }
  | { error: { message: string; user: boolean } };

export interface WorkerInput {
  port: MessagePort;
  signal: SharedArrayBuffer;
  bytes: Uint8Array;
  options: Omit<DeviceImportOptions, 'onBusy'>;
  facts: StoreFacts;
}

/**
 * No message for this long means the worker died without a word (out of memory): the import stops with an error
 * rather than waiting forever. Reading a 256 MiB file (the import bound) before the first row takes well under it.
 */
const SILENCE_LIMIT_MS = 5 * 60_000;
const WORKER_YOUNG_GENERATION_MB = 4;
/** Batches the worker may have posted and the writer not yet taken: bounds the messages held in memory. */
export const MAX_AHEAD = 4;
export const POSTED = 0;
export const ANSWERED = 1;
export const TAKEN = 2;

/** The worker's entry, built by tsc (a run from the TypeScript sources, e.g. under jest, needs `npx tsc -p .` first). */
const WORKER_SCRIPT = join(projectRoot(), 'dist', 'src', 'inventory', 'import', 'device-rows-worker.js');

/** Whether the worker can be started here (else the file is read in the calling thread). */
export function workerAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/**
 * Starts the worker at once (it reads while the caller takes the store's write lock) and returns the generator the
 * writer consumes; its end (or return()) stops the worker. The worker does not keep the process alive (unref).
 */
export function deviceRowsFromWorker(
  bytes: Uint8Array,
  options: Omit<DeviceImportOptions, 'onBusy'>,
  facts: StoreFacts,
): Generator<RowsHead | RowBatch, ReadResult, StoredFingerprints | null | undefined> {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(12);
  const input: WorkerInput = { port: port2, signal, bytes, options, facts };
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: input,
    transferList: [port2],
    // A small young generation: the worker's short-lived garbage (cells, rows copied out) is collected sooner, so
    // its heap adds less to the writer's (peak RSS of a 100,000-row import 262–289 MiB over six runs with 4–6 MiB,
    // 288–298 MiB with V8's default, same minutes; no slower).
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  worker.unref();
  return rowsFrom(worker, port1, new Int32Array(signal), options.fileLabel);
}

function* rowsFrom(worker: Worker, port1: MessagePort, posted: Int32Array, file: string): Generator<RowsHead | RowBatch, ReadResult, StoredFingerprints | null | undefined> {
  try {
    for (;;) {
      const message = receive(port1, posted, file);
      if ('error' in message) throw message.error.user ? new UserError(message.error.message) : new Error(message.error.message);
      if ('done' in message) return message.value;
      const answer = yield message.value;
      if ('read' in message.value) {
        port1.postMessage(answer ?? null);
        Atomics.add(posted, ANSWERED, 1);
        Atomics.notify(posted, ANSWERED);
      } else {
        Atomics.add(posted, TAKEN, 1);
        Atomics.notify(posted, TAKEN);
      }
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}

function receive(port: MessagePort, posted: Int32Array, file: string): WorkerMessage {
  const started = Date.now();
  for (;;) {
    const seen = Atomics.load(posted, POSTED);
    const m = receiveMessageOnPort(port);
    if (m) return m.message as WorkerMessage;
    if (Date.now() - started > SILENCE_LIMIT_MS) {
      throw new Error(`${file}: the thread reading the file stopped answering (out of memory?); import it again, or split it`);
    }
    // Sleeps until the worker posts again (the counter moves) or a second passes.
    Atomics.wait(posted, POSTED, seen, 1000);
  }
}
