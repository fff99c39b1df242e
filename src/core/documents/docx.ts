import { RapporteurError } from '../errors.js';
import { PartyAliases } from './aliases.js';
import { Assembler } from './docx-assembler.js';
import { NumberingState, numberingCollector } from './docx-numbering.js';
import {
  commentsExtendedHandlers,
  parseOptional,
  parsePart,
  REL,
  readPackageMetadata,
  readRels,
} from './docx-package.js';
import { Styles, stylesCollector } from './docx-styles.js';
import { type Container, type Paragraph, type ParagraphSink, WordmlParser } from './docx-wordml.js';
import type { ExtractContext } from './options.js';
import type { Document, DocumentComment, ExtractionWarning } from './types.js';
import { ZipReader } from './zip.js';

/**
 * The DOCX reader, in five files by responsibility: this one opens the package and puts the
 * pieces together; docx-package.ts reads parts and relationships; docx-styles.ts and
 * docx-numbering.ts decide headings and list labels; docx-wordml.ts turns a part's XML into
 * paragraphs; docx-assembler.ts writes them as blocks with pages, notes, comment anchors and
 * tracked changes.
 */

type CommentContainer = Extract<Container, { kind: 'comment' }>;

/** Notes and comments, collected as paragraphs before the body (notes are written after it). */
interface Annotations {
  notes: Map<string, Paragraph[]>;
  comments: { container: CommentContainer; paragraphs: Paragraph[] }[];
  threads: Map<string, { parent?: string; done: boolean }>;
}

/**
 * Reads a DOCX file: body text with headings, computed list numbering, table cells and
 * footnotes; comments with their anchors, authors and party holders; tracked changes.
 */
export function readDocx(bytes: Uint8Array, ctx: ExtractContext): Document {
  const zip = ZipReader.open(bytes, ctx);
  const warnings: ExtractionWarning[] = [];
  const rootRels = readRels(zip, ctx, '', warnings);
  let mainPath = rootRels.find((r) => REL.officeDocument.test(r.type))?.target;
  if (!mainPath || !zip.get(mainPath))
    mainPath = zip.get('word/document.xml') ? 'word/document.xml' : undefined;
  const main = mainPath ? zip.get(mainPath) : undefined;
  if (!mainPath || !main) {
    throw new RapporteurError('CORRUPT_FILE', `${ctx.name} is a ZIP file without a Word document inside.`, {
      hint: 'Open it in Word or LibreOffice, save it as .docx and send it again.',
    });
  }
  const rels = readRels(zip, ctx, mainPath, warnings);
  const partFor = (re: RegExp) => {
    const target = rels.find((r) => re.test(r.type))?.target;
    return target ? zip.get(target) : undefined;
  };

  // Styles and numbering first: headings and labels are decided while the body streams.
  const stylesResult = stylesCollector();
  parseOptional(zip, partFor(REL.styles), ctx, stylesResult.handlers, warnings);
  const styles = new Styles(stylesResult.styles);
  const numberingResult = numberingCollector();
  parseOptional(zip, partFor(REL.numbering), ctx, numberingResult.handlers, warnings);
  const numbering = new NumberingState(numberingResult.result, (id) => styles.numIdOfStyle(id));
  ctx.check();

  const annotations = readAnnotations(zip, partFor, ctx, warnings);

  const out = new Assembler(styles, numbering);
  parsePart(zip, main, ctx, new WordmlParser(out, { tables: 0 }, { kind: 'body' }), mainPath);
  out.writeNotes(annotations.notes);
  const { text, blocks } = out.builder.finish();
  out.assignPages(blocks);

  const metadata = readPackageMetadata(zip, rootRels, ctx, warnings);
  const lastPage = blocks.reduce((m, b) => Math.max(m, b.page ?? 0), 0);
  if (metadata.pages === undefined && lastPage > 0) metadata.pages = lastPage;

  return {
    type: 'docx',
    name: ctx.name,
    text,
    blocks,
    metadata,
    comments: documentComments(annotations, out, new PartyAliases(ctx.options.partyAliases)),
    revisions: out.revisionsFinal(),
    events: [],
    attachments: [],
    warnings: [...warnings, ...out.warnings],
  };
}

/** Footnotes, endnotes and comments with their threads, read before the body. */
function readAnnotations(
  zip: ZipReader,
  partFor: (re: RegExp) => ReturnType<ZipReader['get']>,
  ctx: ExtractContext,
  warnings: ExtractionWarning[],
): Annotations {
  const found: Annotations = { notes: new Map(), comments: [], threads: new Map() };
  const counter = { tables: 0 };
  for (const rel of [REL.footnotes, REL.endnotes, REL.comments]) {
    parseOptional(zip, partFor(rel), ctx, new WordmlParser(collector(found), counter, undefined), warnings);
  }
  parseOptional(zip, partFor(REL.commentsExtended), ctx, commentsExtendedHandlers(found.threads), warnings);
  ctx.check();
  return found;
}

/** A sink that files each note's and comment's paragraphs under it. */
function collector({ notes, comments }: Annotations): ParagraphSink {
  let currentComment: Annotations['comments'][number] | undefined;
  return {
    paragraph(p, c) {
      if (c.kind === 'note') {
        const key = `${c.note}:${c.id}`;
        const list = notes.get(key) ?? [];
        list.push(p);
        notes.set(key, list);
      } else if (c.kind === 'comment') {
        if (currentComment?.container !== c) {
          currentComment = { container: c, paragraphs: [] };
          comments.push(currentComment);
        }
        currentComment.paragraphs.push(p);
      }
    },
    containerEnd(c) {
      if (c.kind === 'comment' && currentComment?.container !== c)
        comments.push({ container: c, paragraphs: [] });
    },
    tableStartsIn() {},
    looseItem() {},
  };
}

/** The comments with their text, anchor, holders and place in a thread. */
function documentComments(
  { comments, threads }: Annotations,
  out: Assembler,
  aliases: PartyAliases,
): DocumentComment[] {
  const result: DocumentComment[] = [];
  const idByParaId = new Map<string, string>();
  for (const { container, paragraphs } of comments) {
    const last = paragraphs[paragraphs.length - 1];
    if (last?.paraId) idByParaId.set(last.paraId, container.id);
  }
  for (const { container, paragraphs } of comments) {
    const body = paragraphs
      .map((p) =>
        p.items
          .filter((i): i is { t: 'text'; s: string } => i.t === 'text')
          .map((i) => i.s)
          .join(''),
      )
      .join('\n')
      .trim();
    const comment: DocumentComment = { id: container.id, text: body };
    if (container.author) comment.author = container.author;
    if (container.initials) comment.initials = container.initials;
    if (container.date) comment.date = container.date;
    const anchor = out.commentAnchor(container.id);
    if (anchor) comment.anchor = anchor;
    const holders = aliases.holdersOf(body);
    if (holders.length > 0) comment.holders = holders;
    const last = paragraphs[paragraphs.length - 1];
    const thread = last?.paraId ? threads.get(last.paraId) : undefined;
    if (thread?.parent) {
      const parentId = idByParaId.get(thread.parent);
      if (parentId !== undefined && parentId !== container.id) comment.parentId = parentId;
    }
    if (thread?.done) comment.resolved = true;
    result.push(comment);
  }
  return result;
}
