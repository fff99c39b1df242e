import { SaxesParser } from 'saxes';
import { RapporteurError } from '../errors.js';

/** An element start as the readers see it: names use the canonical prefixes given to `XmlStream`. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
}

/** What a reader does with the elements and text of a part, in document order. */
export interface XmlHandlers {
  open(el: XmlElement): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * A streaming XML reader for untrusted OOXML parts, on top of saxes. Safety: any DOCTYPE
 * is refused (OOXML never carries one, and a DTD is how entity-expansion bombs work;
 * saxes itself never expands entities beyond the five predefined ones). Namespace
 * prefixes are rewritten to canonical ones by namespace URI, so a file that binds the
 * WordprocessingML namespace to `ns0:` reads the same as one using `w:`.
 */
export class XmlStream {
  private readonly parser: SaxesParser;
  private readonly decoder: { decode(input?: Uint8Array, options?: { stream?: boolean }): string };
  private readonly prefixes = new Map<string, string>();
  private failure: RapporteurError | undefined;
  private first = true;

  constructor(
    private readonly fileName: string,
    private readonly part: string,
    namespaces: Record<string, string>,
    handlers: XmlHandlers,
    encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8',
  ) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
    const parser = new SaxesParser({ xmlns: false, position: false });
    this.parser = parser;
    parser.on('doctype', () => {
      throw new RapporteurError(
        'CORRUPT_FILE',
        `${fileName} contains a document type declaration (DOCTYPE) in ${part}, which Word never writes; refused as potentially hostile.`,
        {
          hint: 'Open the file in Word or LibreOffice, save it again as .docx and send the new copy.',
          details: { part, reason: 'doctype' },
        },
      );
    });
    parser.on('opentag', (tag) => {
      const raw = tag.attributes as Record<string, string>;
      for (const key in raw) {
        if (key.startsWith('xmlns:')) {
          const canonical = namespaces[raw[key] as string];
          if (canonical) this.prefixes.set(key.slice(6), canonical);
        }
      }
      const attrs: Record<string, string> = {};
      for (const key in raw) attrs[this.rename(key)] = raw[key] as string;
      handlers.open({ name: this.rename(tag.name), attrs });
    });
    parser.on('closetag', (tag) => handlers.close(this.rename(tag.name)));
    parser.on('text', (t) => handlers.text(t));
    parser.on('cdata', (t) => handlers.text(t));
    parser.on('error', (err) => {
      throw err;
    });
  }

  private rename(name: string): string {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const canonical = this.prefixes.get(name.slice(0, colon));
    return canonical ? `${canonical}${name.slice(colon)}` : name;
  }

  /** Feeds the next chunk of bytes. Throws CORRUPT_FILE on malformed XML or bad encoding. */
  write(chunk: Uint8Array, last = false): void {
    if (this.failure) throw this.failure;
    try {
      let text = this.decoder.decode(chunk, { stream: !last });
      if (this.first && text.length > 0) {
        this.first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (text.length > 0) this.parser.write(text);
      if (last) this.parser.close();
    } catch (err) {
      this.failure =
        err instanceof RapporteurError
          ? err
          : new RapporteurError(
              'CORRUPT_FILE',
              `${this.fileName} cannot be read: ${this.part} is not well-formed XML.`,
              {
                hint: 'Open the file in Word or LibreOffice, save it again as .docx and send the new copy.',
                details: {
                  part: this.part,
                  reason: err instanceof Error ? err.message.slice(0, 200) : String(err),
                },
              },
            );
      throw this.failure;
    }
  }

  /** Ends the stream. */
  end(): void {
    this.write(new Uint8Array(0), true);
  }
}

/** The encoding an XML part declares through its byte-order mark (OOXML allows UTF-8 and UTF-16). */
export function xmlEncoding(firstBytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (firstBytes[0] === 0xff && firstBytes[1] === 0xfe) return 'utf-16le';
  if (firstBytes[0] === 0xfe && firstBytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
