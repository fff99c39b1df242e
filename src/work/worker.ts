import { parentPort } from 'node:worker_threads';
import { asRapporteurError } from '../core/documents/index.js';
import { serializeError } from '../extract/protocol.js';
import { configureResident, heldLibraries, residentBytes, runWork } from './jobs.js';
import { transfersOf } from './packed.js';
import type { WorkRequest, WorkResponse } from './protocol.js';

/**
 * A work-pool worker thread: runs one job at a time and answers with its output or a
 * serialised error. Its heap is capped by the parent (resourceLimits), and the parent
 * terminates it when a job runs over time. Memory outside the heap (buffers, inflated PDF and
 * ZIP streams) is not covered by the heap cap: while a job runs, this thread samples its own
 * `arrayBuffers` and tells the parent when the job's budget is exceeded. Sampling runs between
 * the engine's asynchronous steps (a PDF's streams inflate asynchronously), and readers that
 * inflate synchronously (ZIP) count inflated bytes themselves. Libraries of agreed texts
 * resident here (language jobs) are bounded by their own budget and left out of a job's count;
 * each answer lists the libraries held, so the pool routes their questions here.
 */
const port = parentPort;
if (!port) throw new Error('src/work/worker.ts must run as a worker thread');

const SAMPLE_MS = 25;

port.on('message', async (request: WorkRequest) => {
  const { id } = request;
  configureResident(request.resident);
  let reported = false;
  // The resident libraries' arrays are bounded by their own budget, not the job's.
  const held = residentBytes();
  const sample = () => {
    const bytes = process.memoryUsage().arrayBuffers - held;
    if (bytes > request.externalBytes && !reported) {
      reported = true;
      port.postMessage({ type: 'external', id, bytes } satisfies WorkResponse);
    }
  };
  const timer = setInterval(sample, SAMPLE_MS);
  let response: WorkResponse;
  try {
    const output = await runWork(request.kind, request.input, () =>
      port.postMessage({ type: 'started', id } satisfies WorkResponse),
    );
    sample();
    response = { type: 'result', id, ok: true, output, held: heldLibraries() };
  } catch (err) {
    const name =
      request.kind === 'extract' ? ((request.input as { name?: string }).name ?? 'the file') : 'the text';
    response = {
      type: 'result',
      id,
      ok: false,
      error: serializeError(asRapporteurError(err, name)),
      held: heldLibraries(),
    };
  } finally {
    clearInterval(timer);
  }
  if (!reported)
    port.postMessage(response, response.type === 'result' && response.ok ? transfersOf(response.output) : []);
});

port.postMessage({ type: 'ready' } satisfies WorkResponse);
