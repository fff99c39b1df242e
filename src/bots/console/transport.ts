import { createInterface } from 'node:readline';
import { messageOf } from '../../core/errors.js';

/**
 * The terminal's transport: typed lines in, one at a time and in order, until the input ends
 * or a quit word is typed. Lines typed after the quit word may already be buffered: they are
 * not run.
 */

const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

export interface LineReaderOptions {
  input: NodeJS.ReadableStream;
  /** Shown before each line when set. */
  prompt?: string | undefined;
  write(text: string): void;
  /** Runs one line; a throw is printed and the next line read. */
  onLine(line: string): Promise<unknown>;
}

export interface LineReader {
  /** Resolves when the input has ended or quit was typed, and the last line has run. */
  done: Promise<void>;
  close(): void;
}

export function readTypedLines(options: LineReaderOptions): LineReader {
  const rl = createInterface({ input: options.input, terminal: false });
  const done = new Promise<void>((resolve) => {
    let chain = Promise.resolve();
    let quit = false;
    const prompt = () => {
      if (options.prompt) options.write(options.prompt);
    };
    prompt();
    rl.on('line', (line) => {
      chain = chain.then(async () => {
        if (quit) return;
        if (QUIT.has(line.trim().toLowerCase())) {
          quit = true;
          rl.close();
          return;
        }
        try {
          await options.onLine(line);
        } catch (err) {
          // Commands turn failures into replies; this is a last resort (e.g. a full disk).
          options.write(`rapporteur: ${messageOf(err)}\n`);
        }
        prompt();
      });
    });
    rl.on('close', () => {
      chain.then(resolve, resolve);
    });
  });
  return { done, close: () => rl.close() };
}
