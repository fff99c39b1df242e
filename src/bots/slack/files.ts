import { RapporteurError } from '../../core/errors.js';
import { readCapped } from '../../http/capped-read.js';
import { formatBytes } from '../../input-files.js';
import { type SlackWebClient, slackError } from './client.js';

/**
 * Files in and out of Slack. Out: the three-step external upload (get an upload URL, POST
 * the bytes to it, complete the upload into a channel or thread). In: downloading a file
 * someone shared, with the bot token, under a size limit and a deadline, and checking
 * that Slack sent the file and not its sign-in page (what Slack answers, with status 200,
 * when the token lacks files:read or the file is not visible to the bot).
 */

/** A file to upload. */
export interface SlackUpload {
  filename: string;
  content: string | Uint8Array;
  title?: string;
  /** Share it in this channel; without it the file stays private to the bot. */
  channelId?: string;
  /** Share it as a reply in this thread (needs channelId). */
  threadTs?: string;
  /** Message introducing the file (mrkdwn, already escaped). */
  initialComment?: string;
  /** Description for screen readers. */
  altText?: string;
}

/** An uploaded file. */
export interface UploadedFile {
  id: string;
  title: string;
}

export interface UploadOptions {
  /** Deadline for the POST of the bytes. Default 60 s. */
  timeoutMs?: number;
  /** Injected fetch, for tests and proxies. */
  fetch?: typeof fetch;
}

/** Uploads a file with files.getUploadURLExternal, a POST of the bytes and files.completeUploadExternal. */
export async function uploadSlackFile(
  client: SlackWebClient,
  upload: SlackUpload,
  options: UploadOptions = {},
): Promise<UploadedFile> {
  const bytes = typeof upload.content === 'string' ? Buffer.from(upload.content, 'utf8') : upload.content;
  const action = `uploading ${upload.filename}`;
  if (bytes.byteLength === 0) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `${upload.filename} is empty; Slack does not accept empty files.`,
    );
  }
  let target: { upload_url?: string; file_id?: string };
  try {
    target = await client.files.getUploadURLExternal({
      filename: upload.filename,
      // Bytes, not characters: a report with accents or CJK is longer in UTF-8.
      length: bytes.byteLength,
      ...(upload.altText === undefined ? {} : { alt_text: upload.altText }),
    });
  } catch (err) {
    throw slackError(err, { action, method: 'files.getUploadURLExternal' });
  }
  if (!target.upload_url || !target.file_id) {
    throw new RapporteurError('INTERNAL', `Slack gave no upload URL for ${upload.filename}.`);
  }
  await postBytes(target.upload_url, bytes, upload.filename, options);
  const title = upload.title ?? upload.filename;
  const files: [{ id: string; title: string }] = [{ id: target.file_id, title }];
  const comment = upload.initialComment === undefined ? {} : { initial_comment: upload.initialComment };
  try {
    if (upload.channelId !== undefined && upload.threadTs !== undefined) {
      await client.files.completeUploadExternal({
        files,
        channel_id: upload.channelId,
        thread_ts: upload.threadTs,
        ...comment,
      });
    } else {
      await client.files.completeUploadExternal({
        files,
        ...(upload.channelId === undefined ? {} : { channel_id: upload.channelId }),
        ...comment,
      });
    }
  } catch (err) {
    throw slackError(err, { action, method: 'files.completeUploadExternal' });
  }
  return { id: target.file_id, title };
}

/** Step two: the bytes go to the URL Slack handed out, with one retry on a transient failure. */
async function postBytes(
  url: string,
  bytes: Uint8Array,
  filename: string,
  options: UploadOptions,
): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let last: RapporteurError | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      const transient = res.status >= 500 || res.status === 429;
      last = new RapporteurError(
        transient ? 'UNAVAILABLE' : 'INTERNAL',
        `Slack refused the upload of ${filename} (HTTP ${res.status}).`,
        { details: { status: res.status } },
      );
      if (!transient) throw last;
    } catch (err) {
      if (err instanceof RapporteurError && !err.transient) throw err;
      last =
        err instanceof RapporteurError
          ? err
          : isTimeout(err)
            ? new RapporteurError(
                'TIMEOUT',
                `Uploading ${filename} to Slack took longer than ${timeoutMs} ms.`,
                {
                  cause: err,
                },
              )
            : new RapporteurError('UNAVAILABLE', `Could not upload ${filename} to Slack (network error).`, {
                cause: err,
              });
    }
  }
  throw last as RapporteurError;
}

/** What the downloader needs to know about a shared file (from an event or files.info). */
export interface SlackFileRef {
  id?: string;
  name: string;
  /** The Slack-reported type, e.g. application/pdf. */
  mimetype?: string;
  /** The Slack-reported size in bytes. */
  size?: number;
  /** `url_private` (or `url_private_download`). */
  url: string;
}

export interface DownloadOptions {
  /** The bot token, sent as a Bearer token. */
  token: string;
  /** Largest accepted file. */
  maxBytes: number;
  /** Deadline for the whole download, headers and body. */
  timeoutMs: number;
  /**
   * Origins that may receive the token besides Slack's own (`*.slack.com`,
   * `*.slack-gov.com`): the origin of SLACK_API_URL for a proxy or a test fake.
   */
  trustedOrigins?: string[];
  fetch?: typeof fetch;
}

/** A downloaded file. */
export interface DownloadedFile {
  name: string;
  bytes: Uint8Array;
  /** The type Slack reported for the file, else the response's content type. */
  contentType: string;
}

const MAX_REDIRECTS = 3;

/**
 * Downloads a shared file with the bot token. Refuses before reading a byte when Slack's
 * metadata or the Content-Length says it is too big, stops reading once the limit is
 * passed, and fails with a clear error when Slack answers with an HTML sign-in page
 * instead of the file, or with bytes that are not what the file claims to be.
 */
export async function downloadSlackFile(
  file: SlackFileRef,
  options: DownloadOptions,
): Promise<DownloadedFile> {
  const { maxBytes } = options;
  if (file.size !== undefined && file.size > maxBytes) throw tooLarge(file.name, maxBytes, file.size);
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const trusted = (u: URL) =>
    (u.protocol === 'https:' && /(^|\.)slack(-gov)?\.com$/.test(u.hostname)) ||
    (options.trustedOrigins ?? []).includes(u.origin);

  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    throw new RapporteurError('INVALID_ARGUMENT', `The link to ${file.name} is not a URL.`);
  }
  if (!trusted(url)) {
    throw new RapporteurError(
      'PERMISSION_DENIED',
      `Refusing to send the bot token to ${url.host} for ${file.name}.`,
      {
        hint: 'Only files hosted by Slack can be downloaded; share the file in Slack itself.',
      },
    );
  }

  let res: Response | undefined;
  try {
    for (let hop = 0; ; hop++) {
      // Redirects are followed by hand so the token only ever goes to a trusted origin.
      res = await doFetch(url, {
        headers: trusted(url) ? { authorization: `Bearer ${options.token}` } : {},
        redirect: 'manual',
        signal,
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) {
          throw new RapporteurError(
            'UNAVAILABLE',
            `Slack redirected the download of ${file.name} too many times.`,
          );
        }
        url = new URL(location, url);
        continue;
      }
      break;
    }
    return await readChecked(res, file, maxBytes);
  } catch (err) {
    await res?.body?.cancel().catch(() => undefined);
    if (err instanceof RapporteurError) throw err;
    if (isTimeout(err) || signal.aborted) {
      throw new RapporteurError(
        'TIMEOUT',
        `Downloading ${file.name} from Slack took longer than ${options.timeoutMs} ms.`,
        {
          hint: 'Try again; for a very large file, raise RAPPORTEUR_EXTRACT_TIMEOUT_MS.',
          cause: err,
        },
      );
    }
    throw new RapporteurError('UNAVAILABLE', `Could not download ${file.name} from Slack (network error).`, {
      hint: 'Try again in a moment.',
      cause: err,
    });
  }
}

async function readChecked(res: Response, file: SlackFileRef, maxBytes: number): Promise<DownloadedFile> {
  if (res.status === 401 || res.status === 403) {
    throw new RapporteurError(
      'PERMISSION_DENIED',
      `Slack refused the download of ${file.name} (HTTP ${res.status}).`,
      {
        hint: 'Give the Slack app the files:read scope and reinstall it.',
      },
    );
  }
  if (res.status === 404) throw new RapporteurError('NOT_FOUND', `Slack no longer has ${file.name}.`);
  if (res.status === 429) {
    const retryAfterMs = Math.max(1, Number(res.headers.get('retry-after')) || 30) * 1000;
    throw new RapporteurError('RATE_LIMITED', `Slack is rate-limiting downloads (${file.name}).`, {
      details: { retryAfterMs },
    });
  }
  if (!res.ok) {
    throw new RapporteurError(
      'UNAVAILABLE',
      `Slack answered HTTP ${res.status} to the download of ${file.name}.`,
      {
        hint: 'Try again in a moment.',
        details: { status: res.status },
      },
    );
  }
  const bytes = await readCapped(res.body, {
    maxBytes,
    declaredLength: res.headers.get('content-length'),
    tooLarge: (over) => tooLarge(file.name, maxBytes, over.size),
  });

  const responseType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const expected = (file.mimetype ?? '').toLowerCase();
  const expectsHtml = expected === 'text/html' || /\.html?$/i.test(file.name);
  if (!expectsHtml && (responseType === 'text/html' || looksLikeHtml(bytes))) {
    throw new RapporteurError(
      'PERMISSION_DENIED',
      `Slack sent its sign-in page instead of ${file.name}: the bot may not read this file.`,
      {
        hint: 'Give the Slack app the files:read scope (then reinstall it), and share the file in a channel the bot is in.',
      },
    );
  }
  const mismatch = magicMismatch(bytes, expected, file.name);
  if (mismatch) {
    throw new RapporteurError(
      'TYPE_MISMATCH',
      `${file.name} does not contain what Slack says it is: ${mismatch}.`,
      {
        hint: 'Upload the file again; if it was converted or renamed, export it again from its original program.',
      },
    );
  }
  return { name: file.name, bytes, contentType: expected || responseType || 'application/octet-stream' };
}

function tooLarge(name: string, maxBytes: number, size?: number): RapporteurError {
  return new RapporteurError(
    'FILE_TOO_LARGE',
    size === undefined
      ? `${name} is over the ${formatBytes(maxBytes)} limit.`
      : `${name} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`,
    {
      hint: 'Share a smaller file, or raise RAPPORTEUR_MAX_FILE_MB if this size is expected.',
      details: { maxBytes, ...(size === undefined ? {} : { size }) },
    },
  );
}

/** An HTML document, judged by its first non-blank bytes (after an optional BOM). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head');
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** For the types Rapporteur reads, the bytes must start as the format requires. */
function magicMismatch(bytes: Uint8Array, mimetype: string, name: string): string | undefined {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const pdf = mimetype === 'application/pdf' || ext === 'pdf';
  const zip =
    mimetype.includes('officedocument') ||
    mimetype === 'application/zip' ||
    ['docx', 'xlsx', 'pptx', 'zip'].includes(ext);
  if (pdf && !startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'it is not a PDF';
  // An encrypted or legacy Word file is an OLE container: let the document reader say so.
  const ole = startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]);
  if (zip && !ole && !startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'it is not a Word/ZIP document';
  return undefined;
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** The file ID in a Slack file permalink (…/files/U123/F0ABC/name.pdf), if it is one. */
export function fileIdFromPermalink(link: string): string | undefined {
  try {
    const parts = new URL(link).pathname.split('/');
    const i = parts.indexOf('files');
    const id = i === -1 ? undefined : parts[i + 2];
    return id && /^F[A-Z0-9]+$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
