import { parentPort } from 'node:worker_threads';
import { asRapporteurError, extractDocument, preloadReader } from '../core/documents/index.js';
import type { ExtractOptions } from '../core/documents/options.js';
import { type ExtractRequest, type ExtractResponse, serializeError } from './protocol.js';

/**
 * The extraction sandbox's worker thread: runs `extractDocument` on one request at a
 * time and answers with the document or a serialised error. Its heap is capped by the
 * parent (resourceLimits) and the parent terminates it when a request runs over time.
 */
const port = parentPort;
if (!port) throw new Error('src/extract/worker.ts must run as a worker thread');

port.on('message', async (request: ExtractRequest) => {
  let response: ExtractResponse;
  try {
    const options: ExtractOptions = { limits: request.limits };
    if (request.name !== undefined) options.name = request.name;
    if (request.contentType !== undefined) options.contentType = request.contentType;
    if (request.partyAliases !== undefined) options.partyAliases = request.partyAliases;
    if (request.recurrenceWindow !== undefined) options.recurrenceWindow = request.recurrenceWindow;
    // Readers are loaded on first use; loading one is not the file's fault, so the parent
    // restarts the file's clock once it is loaded.
    await preloadReader(request.bytes, options);
    port.postMessage({ type: 'started', id: request.id } satisfies ExtractResponse);
    const document = await extractDocument(request.bytes, options);
    response = { type: 'result', id: request.id, ok: true, document };
  } catch (err) {
    response = {
      type: 'result',
      id: request.id,
      ok: false,
      error: serializeError(asRapporteurError(err, request.name ?? 'the file')),
    };
  }
  port.postMessage(response);
});

port.postMessage({ type: 'ready' } satisfies ExtractResponse);
