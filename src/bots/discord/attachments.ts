import { messageOf, RapporteurError } from '../../core/errors.js';
import { readCapped } from '../../http/capped-read.js';

/**
 * Downloads a file a user attached to a slash command. Attachment URLs are signed and
 * expire, so the bot fetches promptly; the size limit is enforced before any byte moves
 * (from the attachment's declared size and the response's Content-Length) and again while
 * streaming, so a lying header cannot make the bot buffer more than the limit.
 */

/** What a command's attachment option carries (discord.js `Attachment` fits). */
export interface AttachmentRef {
  url: string;
  /** Size in bytes as Discord declares it. */
  size: number;
  /** discord.js calls it `name`; the API `filename`. */
  name?: string | null;
  filename?: string;
  contentType?: string | null;
}

/** Options of {@link downloadAttachment}. */
export interface DownloadOptions {
  /** Largest accepted file in bytes (RAPPORTEUR_MAX_FILE_MB). */
  maxBytes: number;
  /** Budget for the whole download; default 30 s. */
  timeoutMs?: number;
  /**
   * Origins the URL may point to (and redirects may lead to); defaults to Discord's CDN.
   * Anything else is refused, so a forged URL cannot make the bot fetch internal addresses.
   */
  allowedOrigins?: readonly string[];
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Cancels the download (e.g. the bot is shutting down). */
  signal?: AbortSignal;
}

export interface DownloadedFile {
  filename: string;
  /** The type Discord declared, else the response's; undefined when neither said. */
  contentType: string | undefined;
  bytes: Uint8Array;
}

/** Discord's CDN origins for attachments. */
export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'] as const;

const MAX_REDIRECTS = 3;

/** Human sizes in binary units ("20 MB" for 20 MiB, as Discord and our config say MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1).replace(/\.0$/, '')} GB`;
}

function tooLarge(
  filename: string,
  size: number | undefined,
  maxBytes: number,
  stage: string,
): RapporteurError {
  const what =
    size === undefined ? `${filename} is larger than` : `${filename} is ${formatBytes(size)}, over`;
  return new RapporteurError('FILE_TOO_LARGE', `${what} the ${formatBytes(maxBytes)} limit.`, {
    hint: 'Upload a smaller file (a PDF without scans, or the text alone), or ask the operator to raise RAPPORTEUR_MAX_FILE_MB.',
    details: { filename, size, maxBytes, stage },
  });
}

function checkOrigin(url: URL, allowed: readonly string[], filename: string): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RapporteurError('INVALID_ARGUMENT', `The link to ${filename} is not a web address.`, {
      hint: 'Attach the file to the command again.',
      details: { protocol: url.protocol },
    });
  }
  if (!allowed.includes(url.origin)) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `The link to ${filename} does not point to Discord's file server.`,
      {
        hint: 'Attach the file to the command itself instead of linking to it.',
        details: { origin: url.origin },
      },
    );
  }
}

/**
 * Downloads an attachment within `maxBytes` and `timeoutMs`. Throws RapporteurError:
 * FILE_TOO_LARGE (before or while downloading), NOT_FOUND (the link expired: 403/404/410),
 * INVALID_ARGUMENT (not a Discord CDN link), TIMEOUT, or UNAVAILABLE (network, 5xx).
 */
export async function downloadAttachment(
  attachment: AttachmentRef,
  options: DownloadOptions,
): Promise<DownloadedFile> {
  const filename = attachment.name ?? attachment.filename ?? 'the attachment';
  const { maxBytes } = options;
  if (!Number.isFinite(attachment.size) || attachment.size < 0) {
    throw new RapporteurError('INVALID_ARGUMENT', `Discord sent no valid size for ${filename}.`, {
      hint: 'Attach the file again.',
      details: { size: attachment.size },
    });
  }
  if (attachment.size > maxBytes) throw tooLarge(filename, attachment.size, maxBytes, 'declared');

  const allowed = options.allowedOrigins ?? DISCORD_CDN_ORIGINS;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('download timed out', 'TimeoutError')),
    timeoutMs,
  );
  const onCancel = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) controller.abort(options.signal.reason);

  try {
    let url: URL;
    try {
      url = new URL(attachment.url);
    } catch {
      throw new RapporteurError('INVALID_ARGUMENT', `The link to ${filename} is not a valid address.`, {
        hint: 'Attach the file to the command again.',
      });
    }
    for (let hop = 0; ; hop++) {
      checkOrigin(url, allowed, filename);
      // Cancelled (the bot is stopping) or out of time: do not even start.
      controller.signal.throwIfAborted();
      const response = await doFetch(url, { redirect: 'manual', signal: controller.signal });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (location === null || hop >= MAX_REDIRECTS) {
          throw new RapporteurError(
            'UNAVAILABLE',
            `Discord's file server redirected the download of ${filename} oddly.`,
            {
              hint: 'Try again in a moment.',
              details: { status: response.status, hops: hop },
            },
          );
        }
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        const gone = [403, 404, 410].includes(response.status);
        throw new RapporteurError(
          gone ? 'NOT_FOUND' : 'UNAVAILABLE',
          gone
            ? `The link to ${filename} has expired or was removed (HTTP ${response.status}).`
            : `Discord's file server failed to send ${filename} (HTTP ${response.status}).`,
          {
            hint: gone ? 'Attach the file again and run the command right away.' : 'Try again in a moment.',
            details: { status: response.status },
          },
        );
      }
      const bytes = await readCapped(response.body, {
        maxBytes,
        declaredLength: response.headers.get('content-length'),
        tooLarge: (over) => tooLarge(filename, over.size, maxBytes, over.stage),
        onAbort: () => controller.abort(),
      });
      const declared = attachment.contentType ?? response.headers.get('content-type') ?? undefined;
      return { filename, contentType: declared ?? undefined, bytes };
    }
  } catch (error) {
    if (error instanceof RapporteurError) throw error;
    if (controller.signal.aborted) {
      const cancelled = options.signal?.aborted === true;
      throw new RapporteurError(
        'TIMEOUT',
        cancelled
          ? `The download of ${filename} was cancelled.`
          : `Downloading ${filename} took longer than ${Math.round(timeoutMs / 1000)} s.`,
        {
          hint: cancelled
            ? 'Run the command again.'
            : 'Try again; if it keeps happening, Discord may be slow right now.',
          details: { timeoutMs },
          cause: error,
        },
      );
    }
    throw new RapporteurError('UNAVAILABLE', `Could not download ${filename} from Discord.`, {
      hint: 'Check the network and try again.',
      details: { error: messageOf(error) },
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}
