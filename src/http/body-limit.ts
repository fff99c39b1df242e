import type { IncomingMessage, RequestListener, ServerOptions, ServerResponse } from 'node:http';

/**
 * A guard for request bodies, for every HTTP endpoint Rapporteur serves (the Slack receiver
 * today). Nothing behind it — signature checks, parsers — sees a byte before the whole body
 * has arrived within the limits:
 *
 * - size: counted as the bytes arrive (a Content-Length is not trusted, only used to refuse
 *   early); past `maxBytes` reading stops and the answer is 413;
 * - time: the body must be complete `timeoutMs` after the headers (a slow-loris upload that
 *   trickles a byte at a time gets 408);
 * - count: at most `maxConcurrent` bodies are read at once (503 beyond), so the memory held
 *   by unfinished bodies is bounded by maxConcurrent × maxBytes.
 *
 * A refused connection is closed after the answer. Closing a socket that still has unread
 * bytes makes the kernel reset the connection, and the client then often loses the answer
 * it was about to read; so, like nginx's lingering close, the rest of the upload is read and
 * thrown away (no memory kept) until the client goes or `lingerMs` passes.
 */

export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** The body must be complete this long after the request's headers. */
  timeoutMs: number;
  /** Bodies read at once; default 64. */
  maxConcurrent?: number;
  /** How long a refused upload is drained before the socket is destroyed; default 2 s. */
  lingerMs?: number;
}

/** Why a request was refused before its handler ran. */
export type BodyRefusalReason = 'too-large' | 'too-slow' | 'too-many';

/** Facts about a refusal, for logs (never the body). */
export interface BodyRefusal {
  reason: BodyRefusalReason;
  status: 413 | 408 | 503;
  method: string;
  path: string;
  /** Bytes received before the refusal (or the declared length, when that alone was too much). */
  bytes: number;
  /** Milliseconds since the headers arrived. */
  ms: number;
}

/** A request whose body was read within the limits; `rawBody` is the body, as received. */
export interface LimitedRequest extends IncomingMessage {
  rawBody: Buffer;
}

export interface BodyGuardStats {
  /** Bodies being read now. */
  inFlight: number;
  accepted: number;
  tooLarge: number;
  tooSlow: number;
  tooMany: number;
}

export interface BodyGuard {
  /** Wraps a listener: it is called only with a complete body within the limits (as `req.rawBody`). */
  wrap(listener: (req: LimitedRequest, res: ServerResponse) => void | Promise<void>): RequestListener;
  /**
   * Options for `http.createServer` against slow headers: Node's own header and request
   * timeouts, checked every second rather than every 30 s.
   */
  serverOptions(): Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'>;
  /** Counters since the guard was made. */
  readonly stats: Readonly<BodyGuardStats>;
}

const DEFAULT_MAX_CONCURRENT = 64;
const DEFAULT_LINGER_MS = 2_000;

const ANSWERS: Record<BodyRefusalReason, { status: 413 | 408 | 503; text: (limits: BodyLimits) => string }> =
  {
    'too-large': {
      status: 413,
      text: (l) => `Request body larger than ${formatBytes(l.maxBytes)}.\n`,
    },
    'too-slow': {
      status: 408,
      text: (l) => `Request body not received within ${Math.round(l.timeoutMs / 100) / 10} s.\n`,
    },
    'too-many': { status: 503, text: () => 'Too many requests in progress; try again shortly.\n' },
  };

/** Makes a guard; `onRefused` hears about each refusal (for logs and metrics). */
export function createBodyGuard(
  limits: BodyLimits,
  options: {
    onRefused?: (refusal: BodyRefusal) => void;
    /** A wrapped listener threw or rejected (the client got a 500). */
    onError?: (err: unknown) => void;
  } = {},
): BodyGuard {
  if (!(limits.maxBytes > 0) || !(limits.timeoutMs > 0)) {
    throw new RangeError('Body limits need a positive maxBytes and timeoutMs.');
  }
  const maxConcurrent = limits.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const lingerMs = limits.lingerMs ?? DEFAULT_LINGER_MS;
  const stats: BodyGuardStats = { inFlight: 0, accepted: 0, tooLarge: 0, tooSlow: 0, tooMany: 0 };

  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    reason: BodyRefusalReason,
    bytes: number,
    started: number,
  ) {
    if (reason === 'too-large') stats.tooLarge++;
    else if (reason === 'too-slow') stats.tooSlow++;
    else stats.tooMany++;
    const answer = ANSWERS[reason];
    options.onRefused?.({
      reason,
      status: answer.status,
      method: req.method ?? '',
      path: pathOf(req),
      bytes,
      ms: Date.now() - started,
    });
    lingeringClose(req, lingerMs);
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, {
      'content-type': 'text/plain; charset=utf-8',
      connection: 'close',
      ...(reason === 'too-many' ? { 'retry-after': '1' } : {}),
    });
    res.end(answer.text(limits));
  }

  function read(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const started = Date.now();
    const declared = Number(req.headers['content-length']);
    if (
      req.headers['content-length'] !== undefined &&
      Number.isFinite(declared) &&
      declared > limits.maxBytes
    ) {
      refuse(req, res, 'too-large', declared, started);
      return Promise.resolve(undefined);
    }
    if (stats.inFlight >= maxConcurrent) {
      refuse(req, res, 'too-many', 0, started);
      return Promise.resolve(undefined);
    }
    stats.inFlight++;
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const settle = (body: Buffer | undefined) => {
        if (settled) return;
        settled = true;
        stats.inFlight--;
        clearTimeout(timer);
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onGone);
        req.off('close', onGone);
        chunks.length = 0;
        resolve(body);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          settle(undefined);
          refuse(req, res, 'too-large', size, started);
        } else chunks.push(chunk);
      };
      const onEnd = () => {
        const body = Buffer.concat(chunks, size);
        settle(body);
      };
      // The client went away mid-body: nobody to answer.
      const onGone = () => {
        if (settled) return;
        settle(undefined);
        req.socket.destroy();
      };
      const timer = setTimeout(() => {
        settle(undefined);
        refuse(req, res, 'too-slow', size, started);
      }, limits.timeoutMs);
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', onGone);
      req.once('close', onGone);
    });
  }

  return {
    stats,
    wrap(listener) {
      return (req, res) => {
        void read(req, res)
          .then(async (body) => {
            if (body === undefined) return;
            stats.accepted++;
            await listener(Object.assign(req, { rawBody: body }), res);
          })
          .catch((err: unknown) => {
            // The listener's own failure: answer 500 rather than leave the client hanging.
            options.onError?.(err);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            if (!res.writableEnded) res.end('Internal error.\n');
          });
      };
    },
    serverOptions() {
      return {
        headersTimeout: limits.timeoutMs,
        // Node requires requestTimeout >= headersTimeout; the guard's own timer cuts the body first.
        requestTimeout: limits.timeoutMs * 2,
        connectionsCheckingInterval: 1_000,
      };
    },
  };
}

/**
 * After the refusal is written, half-close instead of closing: Node ends a `Connection: close`
 * response with socket.destroySoon(), which would close the socket with the rest of the upload
 * unread. Here the socket only sends its FIN, the rest of the body is read and dropped, and the
 * socket is destroyed when the client closes or after `lingerMs`.
 */
function lingeringClose(req: IncomingMessage, lingerMs: number) {
  const socket = req.socket;
  socket.destroySoon = function halfClose(this: typeof socket) {
    this.end();
  };
  req.on('data', () => {});
  req.resume();
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname.slice(0, 200);
  } catch {
    return '(unreadable)';
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
