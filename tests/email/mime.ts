/**
 * Builds RFC 5322 messages for the e-mail tests: headers as given, a text body, and
 * attachments (base64) or calendar parts, as real mail programs send them.
 */

export interface MimePart {
  filename?: string;
  contentType: string;
  content: Uint8Array | string;
  /** Inline text part (e.g. a text/calendar alternative) rather than an attachment. */
  inline?: boolean;
}

let boundaries = 0;

function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  );
}

/** A message with `headers` (in order), a plain-text `body` and optional `parts`. */
export function buildMail(
  headers: Record<string, string | undefined>,
  body: string,
  parts: MimePart[] = [],
): string {
  const lines = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  const text = body.replace(/\r?\n/g, '\r\n');
  if (parts.length === 0) {
    return [
      ...lines,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '',
    ].join('\r\n');
  }
  const boundary = `=_rapporteur_test_${++boundaries}_${Date.now().toString(36)}`;
  const out = [
    ...lines,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
  ];
  for (const part of parts) {
    const bytes = typeof part.content === 'string' ? new TextEncoder().encode(part.content) : part.content;
    const name = part.filename ? `; name="${part.filename}"` : '';
    out.push(
      `--${boundary}`,
      `Content-Type: ${part.contentType}${name}`,
      part.inline || !part.filename
        ? 'Content-Disposition: inline'
        : `Content-Disposition: attachment; filename="${part.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(bytes),
    );
  }
  out.push(`--${boundary}--`, '');
  return out.join('\r\n');
}
