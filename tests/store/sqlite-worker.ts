import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../src/store/index.js';

/**
 * A second "process" on the same SQLite file, run in a worker thread so that it has its own
 * connection and its own event loop: the posts of several workers truly race. The workers
 * wait on a shared barrier so that they start at the same moment.
 */
interface Job {
  file: string;
  tenantId: string;
  documentId: string;
  worker: number;
  posts: number;
  claimKeys: string[];
  barrier: SharedArrayBuffer;
  workers: number;
}

const job = workerData as Job;
const store = await openSqliteStore({ file: job.file, busyTimeoutMs: 10_000 });
const t = store.tenant(job.tenantId);
const flags = new Int32Array(job.barrier);
Atomics.add(flags, 0, 1);
while (Atomics.load(flags, 1) === 0) Atomics.wait(flags, 1, 0, 50);

const startedAt = performance.timeOrigin + performance.now();
const sequences: number[] = [];
const created: string[] = [];
for (let i = 0; i < job.posts; i++) {
  const r = await t.postVersion({
    documentId: job.documentId,
    label: `worker ${job.worker} draft ${i}`,
    postedBy: `U-worker-${job.worker}`,
    bytes: new TextEncoder().encode(`[Draft ${i} from worker ${job.worker}.]`),
    fileName: 'vision.md',
    contentType: 'text/markdown',
    parsed: { schemaVersion: 1, data: { worker: job.worker, i } },
  });
  sequences.push(r.version.sequence);
  const key = job.claimKeys[i % job.claimKeys.length] as string;
  const claim = await t.claimDelivery({
    key,
    target: { kind: 'channel', id: 'C-vision' },
    kind: 'draft-change',
  });
  if (claim.created) created.push(key);
}
const finishedAt = performance.timeOrigin + performance.now();
await store.close();
parentPort?.postMessage({ sequences, created, startedAt, finishedAt });
