/**
 * The block model: every input format (Markdown, plain text, DOCX, PDF, HTML, e-mail)
 * becomes a `Document` whose `text` is the readable text and whose `blocks` are ranges of
 * it. The bracket engine and the schedule engine read only this model.
 *
 * Invariant: for every block, `doc.text.slice(block.offset, block.offset + block.text.length)
 * === block.text`. For Markdown and plain text `doc.text` is the decoded source itself, so
 * offsets, lines and columns point into the user's file; for binary formats it is the
 * extracted text with blocks separated by blank lines.
 */
export type DocumentType = 'markdown' | 'text' | 'html' | 'docx' | 'pdf' | 'eml' | 'ics';

export type BlockKind =
  | 'heading'
  | 'paragraph'
  | 'list-item'
  | 'table-cell'
  /** Footnote text, kept apart from the body (placed after it in `text`) where the layout allows. */
  | 'footnote'
  /** Markdown link reference definitions (`[ref]: https://...`): kept, never prose. */
  | 'reference'
  /** Fenced or indented code: kept verbatim, never parsed for brackets or dates. */
  | 'code';

export interface Block {
  kind: BlockKind;
  /** The block's text, a verbatim range of `Document.text`. */
  text: string;
  /** 0-based offset of `text` in `Document.text`. */
  offset: number;
  /** 1-based line of the block's first character in `Document.text`. */
  line: number;
  /** 1-based column of the block's first character. */
  column: number;
  /** Heading level (1 = top) or list nesting level (1 = outermost). */
  level?: number;
  /** The list or paragraph label as the source numbered it ("12.", "(a)", "-"), outside `text`. */
  numbering?: string;
  /** 1-based page for paginated sources (PDF, and DOCX where page breaks are explicit). */
  page?: number;
  /** Position of a table cell: table index in the document, 0-based row and column. */
  cell?: { table: number; row: number; column: number };
  /** Style name from the source (DOCX paragraph style, HTML tag), when it helps structure. */
  style?: string;
}

/** A range of `Document.text`, with the text it covers. */
export interface TextAnchor {
  /** Index into `Document.blocks` of the block where the range starts. */
  block: number;
  /** 0-based offsets into `Document.text`; `end` is exclusive. */
  start: number;
  end: number;
  /** The covered text (may be empty for a point comment). */
  text: string;
}

/** A reviewer's comment (e.g. a Word comment) and the text it is attached to. */
export interface DocumentComment {
  id: string;
  author?: string;
  initials?: string;
  /** ISO 8601 as stated in the source. */
  date?: string;
  text: string;
  anchor?: TextAnchor;
  /** Party or group names this comment speaks for ("US", "G77"), normalised by the alias table. */
  holders?: string[];
  /** Id of the comment this one replies to. */
  parentId?: string;
  /** Marked done/resolved in the source (Word's "Resolve comment"). */
  resolved?: boolean;
}

/** A tracked change. Inserted text is part of `Document.text`; deleted text is not. */
export interface DocumentRevision {
  kind: 'insert' | 'delete';
  author?: string;
  /** ISO 8601 as stated in the source. */
  date?: string;
  text: string;
  /** For inserts, the range in `Document.text`; for deletes, a zero-length range where the text was. */
  anchor?: TextAnchor;
}

/** A moment as a calendar stated it. */
export interface CalendarTime {
  /** Wall-clock value as written: `2014-06-09T14:00:00` or, for all-day values, `2014-06-09`. */
  local: string;
  /** IANA zone; absent for floating times and all-day dates. */
  timeZone?: string;
  /** The zone name exactly as the source gave it (e.g. a Windows name), when different. */
  sourceTimeZone?: string;
  /** The instant in UTC (ISO 8601, `Z`), when the value is anchored to a zone. */
  utc?: string;
  dateOnly: boolean;
  floating: boolean;
}

export type CalendarMethod =
  | 'PUBLISH'
  | 'REQUEST'
  | 'REPLY'
  | 'ADD'
  | 'CANCEL'
  | 'REFRESH'
  | 'COUNTER'
  | 'DECLINECOUNTER';

export interface CalendarEvent {
  uid: string;
  sequence: number;
  /** METHOD of the calendar object that carried the event. */
  method?: CalendarMethod;
  status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  summary?: string;
  description?: string;
  location?: string;
  url?: string;
  organizer?: string;
  start: CalendarTime;
  end?: CalendarTime;
  /** Set on an overridden or expanded occurrence of a recurring event. */
  recurrenceId?: string;
  /** Set on expanded occurrences: the UID's occurrence index within the expansion window. */
  occurrence?: number;
  /** Free text of RRULE when the event recurs. */
  rrule?: string;
  /** DTSTAMP / LAST-MODIFIED as ISO 8601. */
  stamp?: string;
}

export interface DocumentMetadata {
  title?: string;
  author?: string;
  subject?: string;
  /** ISO 8601 dates as stated by the source. */
  created?: string;
  modified?: string;
  /** The date the document speaks from (letter date, e-mail Date); used to complete year-less dates. */
  date?: string;
  language?: string;
  pages?: number;
}

export interface EmailHeaders {
  from?: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  date?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  listId?: string;
  autoSubmitted?: string;
  precedence?: string;
  returnPath?: string;
}

export interface DocumentAttachment {
  filename?: string;
  contentType?: string;
  size: number;
  /** The attachment read through the same entry point, when it could be. */
  document?: Document;
  /** Why it could not be read. */
  error?: { code: string; message: string };
}

/** A problem found while extracting, with a stable code. Never contains document text beyond a snippet. */
export interface ExtractionWarning {
  code: string;
  message: string;
  page?: number;
}

export interface Document {
  type: DocumentType;
  /** File name as given, for messages. */
  name?: string;
  text: string;
  blocks: Block[];
  metadata: DocumentMetadata;
  comments: DocumentComment[];
  revisions: DocumentRevision[];
  /** Calendar events (iCalendar files, or calendar parts of an e-mail). */
  events: CalendarEvent[];
  attachments: DocumentAttachment[];
  email?: EmailHeaders;
  warnings: ExtractionWarning[];
}
