/**
 * Worker thread entry of a big import (device-rows-thread.ts): runs the reading side (readDeviceRows) and posts each
 * item it yields, then its result or its error, bumping the shared counter the main thread sleeps on.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { UserError } from '../../model/errors.js';
import type { StoredFingerprints } from '../../store/devices.js';
import { readDeviceRows } from './devices-import.js';
import { ANSWERED, MAX_AHEAD, POSTED, TAKEN, type WorkerInput, type WorkerMessage } from './device-rows-thread.js';

const { port, signal, bytes, options, facts } = workerData as WorkerInput;
const counters = new Int32Array(signal);
const post = (message: WorkerMessage) => {
  port.postMessage(message);
  Atomics.add(counters, POSTED, 1);
  Atomics.notify(counters, POSTED);
};
/** The writer's answer to the head: sleeps until it comes (the writer is taking the store's lock meanwhile). */
const answer = (): StoredFingerprints | null => {
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return m.message as StoredFingerprints | null;
    Atomics.wait(counters, ANSWERED, 0, 1000);
  }
};
try {
  const rows = readDeviceRows(bytes, options, facts, false);
  let batches = 0;
  for (let step = rows.next(); ; ) {
    if (step.done) {
      post({ done: true, value: step.value });
      break;
    }
    post({ value: step.value });
    if ('read' in step.value) step = rows.next(answer());
    else {
      // At most MAX_AHEAD batches waiting for the writer.
      batches++;
      for (let taken = Atomics.load(counters, TAKEN); batches - taken > MAX_AHEAD; taken = Atomics.load(counters, TAKEN)) {
        Atomics.wait(counters, TAKEN, taken, 1000);
      }
      step = rows.next();
    }
  }
} catch (err) {
  post({ error: { message: (err as Error).message, user: err instanceof UserError } });
}
port.close();
