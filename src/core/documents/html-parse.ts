import { DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';
import type { DomNode } from './html-metadata.js';

/**
 * Parses HTML into a DOM, as cheerio's `load` does (htmlparser2 with its defaults), in time
 * linear in the input however deep the elements nest.
 *
 * htmlparser2 keeps its open elements in an array whose top is index 0: every opening tag
 * is an `unshift`, which moves the whole array, so a page of N nested elements costs N²
 * (32,000 nested lists, 288 KB, took 3.4 s to parse; a file at the 20 MB limit would run
 * into the extraction timeout). The parser's stack is swapped for one with the same
 * operations that keeps its top at the end. Should a future htmlparser2 keep its stack
 * differently, the swap is skipped and parsing stays correct, only slower on deep pages
 * (tests/documents/linear.test.ts would then fail).
 */
export function parseHtml(html: string): DomNode {
  const handler = new DomHandler();
  const parser = new Parser(handler);
  const inner = parser as unknown as { stack?: unknown; foreignContext?: unknown };
  if (Array.isArray(inner.stack) && inner.stack.length === 0) inner.stack = topFirstStack([]);
  if (Array.isArray(inner.foreignContext)) inner.foreignContext = topFirstStack(inner.foreignContext);
  parser.end(html);
  return handler.root as unknown as DomNode;
}

/**
 * An array look-alike whose index 0 is the most recent element, with `shift`, `unshift`,
 * `indexOf`, `length` and index reads in constant time (`indexOf` in the distance to the
 * element found, which the parser then pops: linear overall).
 */
function topFirstStack<T>(initial: T[]): T[] {
  // Stored bottom first: the top is the last element, so push and pop do the work.
  const items = [...initial].reverse();
  const counts = new Map<T, number>();
  const count = (v: T, by: number) => counts.set(v, (counts.get(v) ?? 0) + by);
  for (const v of items) count(v, 1);
  const methods = {
    shift(): T | undefined {
      const v = items.pop();
      if (v !== undefined) count(v, -1);
      return v;
    },
    unshift(...values: T[]): number {
      for (let i = values.length - 1; i >= 0; i--) {
        const v = values[i] as T;
        items.push(v);
        count(v, 1);
      }
      return items.length;
    },
    indexOf(v: T): number {
      if (!counts.get(v)) return -1;
      for (let i = items.length - 1; i >= 0; i--) if (items[i] === v) return items.length - 1 - i;
      return -1;
    },
  };
  return new Proxy(items, {
    get(target, prop) {
      if (prop === '0') return items[items.length - 1];
      if (prop === 'length') return items.length;
      if (typeof prop === 'string') {
        if (prop in methods) return methods[prop as keyof typeof methods];
        if (/^\d+$/.test(prop)) return items[items.length - 1 - Number(prop)];
      }
      return Reflect.get(target, prop);
    },
    set(target, prop, value) {
      if (prop !== 'length') return Reflect.set(target, prop, value);
      // Keeps the `value` most recent elements, as an array's length does for index 0 first.
      const removed = items.splice(0, Math.max(0, items.length - Number(value)));
      for (const v of removed) count(v, -1);
      return true;
    },
  }) as T[];
}
