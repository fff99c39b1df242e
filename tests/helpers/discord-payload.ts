import {
  autocompleteChoiceProblems,
  type Check,
  DEFAULT_UPLOAD_LIMIT_BYTES,
  isObject,
  type Json,
  MAX_ACTION_ROWS,
  MAX_ATTACHMENT_DESCRIPTION,
  MAX_BUTTON_LABEL,
  MAX_BUTTONS_PER_ROW,
  MAX_CUSTOM_ID,
  MAX_EMBED_AUTHOR_NAME,
  MAX_EMBED_COLOR,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_NAME,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER_TEXT,
  MAX_EMBED_TITLE,
  MAX_EMBED_TOTAL_CHARS,
  MAX_EMBEDS_PER_MESSAGE,
  MAX_FILES_PER_MESSAGE,
  MAX_MESSAGE_CONTENT,
  tooLong,
} from '../../src/bots/discord/limits.js';

const blank = (s: string) => s.trim() === '';

/**
 * Every Discord limit a message payload breaks, for tests and the fake Discord server: the
 * renderers keep within the limits by construction, and these checkers prove it from the
 * outside.
 */

function checkEmbeds(check: Check, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) {
    check.problems.push('embeds must be an array');
    return;
  }
  if (embeds.length > MAX_EMBEDS_PER_MESSAGE) {
    check.problems.push(
      `embeds has ${embeds.length} embeds; Discord allows at most ${MAX_EMBEDS_PER_MESSAGE}`,
    );
  }
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = `embeds[${i}]`;
    if (!isObject(embed)) {
      check.problems.push(`${at} must be an object`);
      return;
    }
    total += tooLong(check, `${at}.title`, embed.title, MAX_EMBED_TITLE);
    total += tooLong(check, `${at}.description`, embed.description, MAX_EMBED_DESCRIPTION);
    if (isObject(embed.footer)) {
      total += tooLong(check, `${at}.footer.text`, embed.footer.text, MAX_EMBED_FOOTER_TEXT, true);
    }
    if (isObject(embed.author)) {
      total += tooLong(check, `${at}.author.name`, embed.author.name, MAX_EMBED_AUTHOR_NAME, true);
    }
    const color = embed.color;
    if (color !== undefined && color !== null) {
      if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > MAX_EMBED_COLOR) {
        check.problems.push(`${at}.color must be an integer from 0 to ${MAX_EMBED_COLOR}`);
      }
    }
    const fields = embed.fields;
    let fieldCount = 0;
    if (fields !== undefined) {
      if (!Array.isArray(fields)) {
        check.problems.push(`${at}.fields must be an array`);
      } else {
        fieldCount = fields.length;
        if (fields.length > MAX_EMBED_FIELDS) {
          check.problems.push(
            `${at}.fields has ${fields.length} fields; Discord allows at most ${MAX_EMBED_FIELDS}`,
          );
        }
        fields.forEach((field, j) => {
          const fat = `${at}.fields[${j}]`;
          if (!isObject(field)) {
            check.problems.push(`${fat} must be an object`);
            return;
          }
          total += tooLong(check, `${fat}.name`, field.name, MAX_EMBED_FIELD_NAME, true);
          total += tooLong(check, `${fat}.value`, field.value, MAX_EMBED_FIELD_VALUE, true);
        });
      }
    }
    const hasText = [embed.title, embed.description].some((t) => typeof t === 'string' && !blank(t));
    const hasOther =
      fieldCount > 0 || ['footer', 'author', 'image', 'thumbnail'].some((k) => isObject(embed[k]));
    if (!hasText && !hasOther)
      check.problems.push(`${at} is empty; Discord rejects an embed with nothing in it`);
  });
  if (total > MAX_EMBED_TOTAL_CHARS) {
    check.problems.push(
      `embeds hold ${total} characters in total; Discord allows at most ${MAX_EMBED_TOTAL_CHARS} across a message's embeds`,
    );
  }
}

/** Byte size of a file entry in any of the shapes we produce or record. */
function fileSize(file: Json): number | undefined {
  for (const key of ['data', 'attachment']) {
    const v = file[key];
    if (v instanceof Uint8Array) return v.byteLength;
    if (typeof v === 'string') return Buffer.byteLength(v);
  }
  return typeof file.size === 'number' ? file.size : undefined;
}

function checkFiles(check: Check, key: 'files' | 'attachments', list: unknown): number {
  if (list === undefined || list === null) return 0;
  if (!Array.isArray(list)) {
    check.problems.push(`${key} must be an array`);
    return 0;
  }
  if (list.length > MAX_FILES_PER_MESSAGE) {
    check.problems.push(`${key} has ${list.length} files; Discord allows at most ${MAX_FILES_PER_MESSAGE}`);
  }
  list.forEach((file, i) => {
    const at = `${key}[${i}]`;
    if (!isObject(file)) {
      check.problems.push(`${at} must be an object`);
      return;
    }
    const name = file.name ?? file.filename;
    if (key === 'files' || file.filename !== undefined) tooLong(check, `${at}.name`, name, 1024, true);
    tooLong(check, `${at}.description`, file.description, MAX_ATTACHMENT_DESCRIPTION);
    const size = fileSize(file);
    if (size !== undefined && size > check.uploadLimitBytes) {
      check.problems.push(`${at} is ${size} bytes; the upload limit here is ${check.uploadLimitBytes} bytes`);
    }
  });
  return list.length;
}

function checkComponents(check: Check, components: unknown): number {
  if (components === undefined || components === null) return 0;
  if (!Array.isArray(components)) {
    check.problems.push('components must be an array');
    return 0;
  }
  if (components.length > MAX_ACTION_ROWS) {
    check.problems.push(
      `components has ${components.length} rows; Discord allows at most ${MAX_ACTION_ROWS}`,
    );
  }
  components.forEach((row, i) => {
    const inner = isObject(row) ? row.components : undefined;
    if (!Array.isArray(inner)) return;
    if (inner.length > MAX_BUTTONS_PER_ROW) {
      check.problems.push(
        `components[${i}] has ${inner.length} components; Discord allows at most ${MAX_BUTTONS_PER_ROW}`,
      );
    }
    inner.forEach((c, j) => {
      if (!isObject(c)) return;
      tooLong(check, `components[${i}].components[${j}].label`, c.label, MAX_BUTTON_LABEL);
      tooLong(check, `components[${i}].components[${j}].custom_id`, c.custom_id, MAX_CUSTOM_ID);
    });
  });
  return components.length;
}

function checkMessage(check: Check, message: Json): void {
  const contentLength = tooLong(check, 'content', message.content, MAX_MESSAGE_CONTENT);
  checkEmbeds(check, message.embeds);
  const files = checkFiles(check, 'files', message.files);
  const attachments = checkFiles(check, 'attachments', message.attachments);
  const rows = checkComponents(check, message.components);
  const hasContent = contentLength > 0 && !blank(message.content as string);
  const hasEmbeds = Array.isArray(message.embeds) && message.embeds.length > 0;
  const hasStickers = Array.isArray(message.sticker_ids) && message.sticker_ids.length > 0;
  if (
    !hasContent &&
    !hasEmbeds &&
    files + attachments + rows === 0 &&
    !hasStickers &&
    !isObject(message.poll)
  ) {
    check.problems.push('the message is empty; Discord rejects a message with no content, embeds or files');
  }
}

/** Options of {@link discordPayloadProblems}. */
export interface PayloadCheckOptions {
  /** Per-file upload limit in bytes; defaults to {@link DEFAULT_UPLOAD_LIMIT_BYTES}. */
  uploadLimitBytes?: number;
}

/**
 * Every Discord limit a payload breaks, as sentences naming the place and the limit; empty
 * when the payload fits. Accepts a message body (channel message, webhook execute or edit,
 * our rendered payload, discord.js reply options) or a whole interaction callback body
 * (`{ type, data }`: a reply, a deferral, or an autocomplete result).
 */
export function discordPayloadProblems(payload: unknown, options: PayloadCheckOptions = {}): string[] {
  const check: Check = {
    problems: [],
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
  };
  if (!isObject(payload)) return ['the payload must be an object'];
  const isCallback = typeof payload.type === 'number' && !('content' in payload) && !('embeds' in payload);
  if (!isCallback) {
    checkMessage(check, payload);
    return check.problems;
  }
  const data = payload.data;
  switch (payload.type) {
    case 1: // pong
    case 5: // deferred reply: data carries flags only
    case 6: // deferred update
      return check.problems;
    case 4: // reply
    case 7: // update the message a component sits on
      if (!isObject(data)) return [`an interaction response of type ${payload.type} needs data`];
      checkMessage(check, { ...data, files: payload.files ?? data.files });
      return check.problems;
    case 8: // autocomplete result
      if (!isObject(data)) return ['an autocomplete response needs data.choices'];
      return autocompleteChoiceProblems(data.choices);
    case 9: // modal
      if (!isObject(data)) return ['a modal response needs data'];
      tooLong(check, 'data.custom_id', data.custom_id, MAX_CUSTOM_ID, true);
      tooLong(check, 'data.title', data.title, 45, true);
      return check.problems;
    default:
      return [`unknown interaction response type ${String(payload.type)}`];
  }
}
