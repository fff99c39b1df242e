/**
 * Slack's message limits, as named constants (the checker that lists every limit a payload
 * breaks lives with the tests, in tests/helpers/slack-payload.ts). Slack answers a payload over a limit with `invalid_blocks` or
 * `msg_blocks_too_long` and no detail, so the renderer is built to stay inside these and
 * every test asserts it did.
 *
 * Lengths are counted in UTF-16 code units (JavaScript `length`): never fewer than the
 * characters Slack counts, so a payload that passes here is not rejected for length.
 */

/** Blocks in one message (modals and Home tabs allow 100; messages 50). */
export const MAX_BLOCKS = 50;
/** Text of a section block. */
export const MAX_SECTION_TEXT = 3000;
/** Fields in one section block (shown two per row). */
export const MAX_SECTION_FIELDS = 10;
/** Text of one section field. */
export const MAX_FIELD_TEXT = 2000;
/** Plain text of a header block. */
export const MAX_HEADER_TEXT = 150;
/** Elements in one context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** Text of any text object (context elements included). */
export const MAX_TEXT_OBJECT = 3000;
/** Elements in one actions block. */
export const MAX_ACTIONS_ELEMENTS = 25;
/** Plain text of a button. */
export const MAX_BUTTON_TEXT = 75;
/** A button's `value`, returned to the app when it is clicked. */
export const MAX_BUTTON_VALUE = 2000;
/** A button's `url`. */
export const MAX_BUTTON_URL = 3000;
/** `action_id` of an interactive element. */
export const MAX_ACTION_ID = 255;
/** `block_id` of any block. */
export const MAX_BLOCK_ID = 255;
/** Top-level `text`: Slack truncates longer messages. */
export const MAX_MESSAGE_TEXT = 40_000;
/**
 * Our cap for the top-level `text` when blocks carry the content: it is only the
 * notification and screen-reader fallback, and Slack advises keeping messages under 4000.
 */
export const MAX_FALLBACK_TEXT = 3000;
/**
 * Budget for the serialised blocks of one message. Slack enforces an undocumented
 * cumulative limit (`msg_blocks_too_long`, observed near 13,000 characters of text plus a
 * per-block overhead: bolt-js issues 2509 and 2867). Counting the whole JSON, keys
 * included, against 12,000 stays clear of it.
 */
export const MAX_BLOCKS_JSON = 12_000;

/** A text object as Block Kit defines it. */
export interface SlackTextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

/** A button element. */
export interface SlackButton {
  type: 'button';
  text: SlackTextObject;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

/** The blocks the renderer emits. */
export type SlackBlock =
  | { type: 'header'; text: SlackTextObject; block_id?: string }
  | { type: 'section'; text?: SlackTextObject; fields?: SlackTextObject[]; block_id?: string }
  | { type: 'context'; elements: SlackTextObject[]; block_id?: string }
  | { type: 'actions'; elements: SlackButton[]; block_id?: string }
  | { type: 'divider'; block_id?: string };
