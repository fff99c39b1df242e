/**
 * Just enough multipart/form-data parsing for the fake Slack server: the Web API client
 * sends multipart when an argument is binary (files.uploadV2's upload step), and the
 * upload endpoint accepts either that or the raw bytes.
 */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Splits a multipart body into its parts; returns [] when the boundary is missing. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headerStart = start + delimiter.length;
    // "--" after the delimiter closes the body.
    if (body.subarray(headerStart, headerStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, headerStart);
    if (next === -1) break;
    const part = body.subarray(headerStart + 2, next - 2); // skip CRLF after delimiter and before next
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.push({
        name,
        ...(filename === undefined ? {} : { filename }),
        ...(type === undefined ? {} : { contentType: type.trim() }),
        data: Buffer.from(part.subarray(split + 4)),
      });
    }
    start = next;
  }
  return parts;
}
