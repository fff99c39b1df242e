import {
  MAX_ACTION_ID,
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCK_ID,
  MAX_BLOCKS,
  MAX_BLOCKS_JSON,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_URL,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_ELEMENTS,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_FIELDS,
  MAX_SECTION_TEXT,
  MAX_TEXT_OBJECT,
} from '../../src/bots/slack/limits.js';

/** Block types this checker knows; the renderer produces only these. */
const KNOWN_BLOCKS = new Set(['header', 'section', 'context', 'actions', 'divider']);

/** The parts of a message payload that carry content. */
export interface SlackMessagePayload {
  text?: string;
  blocks?: unknown[];
}

/**
 * Lists every Slack limit `payload` breaks, one line each, with the path of the offending
 * part (`blocks[3].fields[2].text`). An empty list means Slack will not reject it for size
 * or shape. Also flags mrkdwn with a bare `&`, `<` or `>` outside Slack's own tokens,
 * which would be parsed as markup (a stray `<!channel>` in a draft would ping everyone).
 */
export function slackPayloadProblems(payload: SlackMessagePayload): string[] {
  const problems: string[] = [];
  const blocks = payload.blocks ?? [];
  const hasBlocks = blocks.length > 0;
  if (payload.text !== undefined) {
    if (payload.text.length > MAX_MESSAGE_TEXT) {
      problems.push(`text: ${payload.text.length} characters, over Slack's ${MAX_MESSAGE_TEXT}`);
    }
    if (hasBlocks && payload.text.length > MAX_FALLBACK_TEXT) {
      problems.push(`text: fallback of ${payload.text.length} characters, over ${MAX_FALLBACK_TEXT}`);
    }
    problems.push(...markupProblems('text', payload.text));
  }
  if (!hasBlocks && (payload.text === undefined || payload.text.trim() === '')) {
    problems.push('message: neither text nor blocks');
  }
  if (hasBlocks && (payload.text === undefined || payload.text.trim() === '')) {
    problems.push('text: missing fallback text (used for notifications and screen readers)');
  }
  if (!Array.isArray(blocks)) return [...problems, 'blocks: not an array'];
  if (blocks.length > MAX_BLOCKS) problems.push(`blocks: ${blocks.length} blocks, over ${MAX_BLOCKS}`);
  const json = JSON.stringify(blocks).length;
  if (json > MAX_BLOCKS_JSON) {
    problems.push(`blocks: ${json} characters of JSON, over the ${MAX_BLOCKS_JSON} budget`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const at = `blocks[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${at}: not an object`);
      return;
    }
    const block = raw as Record<string, unknown>;
    const type = block.type;
    if (typeof type !== 'string' || !KNOWN_BLOCKS.has(type)) {
      problems.push(`${at}: unsupported block type ${JSON.stringify(type)}`);
      return;
    }
    if (block.block_id !== undefined) {
      const id = block.block_id;
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_BLOCK_ID) {
        problems.push(`${at}.block_id: must be 1-${MAX_BLOCK_ID} characters`);
      } else if (blockIds.has(id)) {
        problems.push(`${at}.block_id: ${JSON.stringify(id)} is used twice`);
      } else blockIds.add(id);
    }
    switch (type) {
      case 'header':
        textProblems(problems, `${at}.text`, block.text, MAX_HEADER_TEXT, 'plain_text');
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) {
          problems.push(`${at}: a section needs text or fields`);
        }
        if (block.text !== undefined) textProblems(problems, `${at}.text`, block.text, MAX_SECTION_TEXT);
        if (block.fields !== undefined) {
          const fields = block.fields;
          if (!Array.isArray(fields) || fields.length === 0) {
            problems.push(`${at}.fields: must be a non-empty array`);
          } else {
            if (fields.length > MAX_SECTION_FIELDS) {
              problems.push(`${at}.fields: ${fields.length} fields, over ${MAX_SECTION_FIELDS}`);
            }
            fields.forEach((f, j) => {
              textProblems(problems, `${at}.fields[${j}]`, f, MAX_FIELD_TEXT);
            });
          }
        }
        break;
      }
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) {
          problems.push(`${at}.elements: must be a non-empty array`);
          break;
        }
        if (elements.length > MAX_CONTEXT_ELEMENTS) {
          problems.push(`${at}.elements: ${elements.length} elements, over ${MAX_CONTEXT_ELEMENTS}`);
        }
        elements.forEach((e, j) => {
          textProblems(problems, `${at}.elements[${j}]`, e, MAX_TEXT_OBJECT);
        });
        break;
      }
      case 'actions': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) {
          problems.push(`${at}.elements: must be a non-empty array`);
          break;
        }
        if (elements.length > MAX_ACTIONS_ELEMENTS) {
          problems.push(`${at}.elements: ${elements.length} elements, over ${MAX_ACTIONS_ELEMENTS}`);
        }
        const actionIds = new Set<string>();
        elements.forEach((e, j) => {
          buttonProblems(problems, `${at}.elements[${j}]`, e, actionIds);
        });
        break;
      }
      default:
        break;
    }
  });
  return problems;
}

function textProblems(
  problems: string[],
  at: string,
  value: unknown,
  max: number,
  only?: 'plain_text' | 'mrkdwn',
): void {
  if (typeof value !== 'object' || value === null) {
    problems.push(`${at}: not a text object`);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') {
    problems.push(`${at}.type: must be plain_text or mrkdwn`);
    return;
  }
  if (only !== undefined && obj.type !== only) problems.push(`${at}.type: must be ${only}`);
  if (typeof obj.text !== 'string') {
    problems.push(`${at}.text: not a string`);
    return;
  }
  if (obj.text.trim() === '') problems.push(`${at}.text: empty`);
  if (obj.text.length > max) problems.push(`${at}.text: ${obj.text.length} characters, over ${max}`);
  if (hasLoneSurrogate(obj.text)) problems.push(`${at}.text: contains half of a split character`);
  if (obj.type === 'mrkdwn') problems.push(...markupProblems(at, obj.text));
}

function buttonProblems(problems: string[], at: string, value: unknown, actionIds: Set<string>): void {
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'button') {
    problems.push(`${at}: only buttons are supported`);
    return;
  }
  const button = value as Record<string, unknown>;
  textProblems(problems, `${at}.text`, button.text, MAX_BUTTON_TEXT, 'plain_text');
  const id = button.action_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ACTION_ID) {
    problems.push(`${at}.action_id: must be 1-${MAX_ACTION_ID} characters`);
  } else if (actionIds.has(id)) {
    problems.push(`${at}.action_id: ${JSON.stringify(id)} is used twice in one block`);
  } else actionIds.add(id);
  if (button.value !== undefined) {
    if (typeof button.value !== 'string' || button.value.length > MAX_BUTTON_VALUE) {
      problems.push(`${at}.value: must be a string of at most ${MAX_BUTTON_VALUE} characters`);
    }
  }
  if (button.url !== undefined) {
    if (typeof button.url !== 'string' || button.url.length > MAX_BUTTON_URL) {
      problems.push(`${at}.url: must be a string of at most ${MAX_BUTTON_URL} characters`);
    }
  }
}

/**
 * Slack's own tokens inside mrkdwn: links, dates, user and channel mentions. Anything else
 * that starts with `<` is text that should have been escaped.
 */
const TOKEN =
  /<(?:https?:\/\/|mailto:)[^<>\s|]+(?:\|[^<>]*)?>|<!date\^\d+\^[^<>|]+(?:\|[^<>]*)?>|<[@#][A-Z0-9]+(?:\|[^<>]*)?>/g;
/** Broadcast mentions: Rapporteur never sends them, so one in a payload is escaped text gone wrong. */
const BROADCAST = /<!(?:here|channel|everyone|subteam\^[^<>|]*)(?:\|[^<>]*)?>/;
const ENTITY = /&(?:amp|lt|gt);/g;

function markupProblems(at: string, text: string): string[] {
  const found: string[] = [];
  if (BROADCAST.test(text)) found.push(`${at}: broadcast mention (@here, @channel, @everyone or a group)`);
  const rest = text.replace(TOKEN, '').replace(new RegExp(BROADCAST.source, 'g'), '').replace(ENTITY, '');
  if (rest.includes('<')) found.push(`${at}: bare "<" in mrkdwn (escape it as &lt;)`);
  if (rest.includes('>')) found.push(`${at}: bare ">" in mrkdwn (escape it as &gt;)`);
  if (rest.includes('&')) found.push(`${at}: bare "&" in mrkdwn (escape it as &amp;)`);
  return found;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
