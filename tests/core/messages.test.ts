import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseZone } from '../../src/core/commands/parse-helpers.js';
import { ERROR_CODES, RapporteurError } from '../../src/core/errors.js';

/**
 * Proof-reading of what users read: every message and hint written in a `new RapporteurError`
 * anywhere in src/ is rendered (each `${...}` replaced by a sample word) and checked for
 * doubled words, doubled punctuation and stray spaces, alone and as `describe()` joins them.
 */
const SRC = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

let sample = 0;
/** The texts an expression can render to; [] when it is not written out in place. */
function render(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return render(node.expression);
  if (ts.isConditionalExpression(node)) return [...render(node.whenTrue), ...render(node.whenFalse)];
  if (ts.isTemplateExpression(node)) {
    let out = [node.head.text];
    for (const span of node.templateSpans) {
      const inner = render(span.expression);
      const parts = inner.length > 0 ? inner : [`Sample${++sample}`];
      out = out.flatMap((o) => parts.map((p) => o + p + span.literal.text));
    }
    return out;
  }
  return [];
}

interface Written {
  where: string;
  code: string;
  messages: string[];
  hints: string[];
}

function writtenErrors(): Written[] {
  const found: Written[] = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('RapporteurError(')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (
        ts.isNewExpression(node) &&
        node.expression.getText(source) === 'RapporteurError' &&
        node.arguments
      ) {
        const [code, message, options] = node.arguments;
        const hints: string[] = [];
        if (options && ts.isObjectLiteralExpression(options)) {
          for (const p of options.properties) {
            if (ts.isPropertyAssignment(p) && p.name.getText(source) === 'hint')
              hints.push(...render(p.initializer));
          }
        }
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({
          where: `${relative(SRC, file)}:${line}`,
          code: code && ts.isStringLiteral(code) ? code.text : '?',
          messages: message ? render(message) : [],
          hints,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** What a careful reader would correct; [] when the text reads cleanly. */
function slips(text: string): string[] {
  const out: string[] = [];
  const doubled = /\b([A-Za-z]+)\s+\1\b/i.exec(text);
  if (doubled && !/^(that|had)$/i.test(doubled[1] as string)) out.push(`doubled word "${doubled[0]}"`);
  if (/(?<!\.)\.\.(?!\.)/.test(text)) out.push('doubled full stop');
  if (/[,;:]\s*[,;:.]|\.\s*[,;]/.test(text.replace(/\.\.\./g, '…'))) out.push('doubled punctuation');
  if (/\S {2,}\S/.test(text)) out.push('double space');
  if (/\s[,.;:!?](\s|$)/.test(text)) out.push('space before punctuation');
  if (/\(\s|\s\)/.test(text)) out.push('space inside parentheses');
  if (/"\s[^"]*"/.test(text) && /(^|[\s(])"\s/.test(text)) out.push('space after an opening quote');
  if (text !== text.trim()) out.push('leading or trailing space');
  return out;
}

describe('user messages are proof-read', () => {
  const written = writtenErrors();

  it('finds the messages of every error code in the sources', () => {
    expect(written.length).toBeGreaterThan(150);
    const codes = new Set(written.map((w) => w.code));
    for (const code of ERROR_CODES) expect(codes, code).toContain(code);
  });

  it('no message or hint has a doubled word, doubled punctuation or a stray space', () => {
    const problems: string[] = [];
    for (const w of written) {
      for (const m of w.messages) {
        for (const s of slips(m)) problems.push(`${w.where} message: ${s}: ${m}`);
        for (const h of w.hints.length > 0 ? w.hints : ['']) {
          const line = new RapporteurError('INTERNAL', m, h ? { hint: h } : {}).describe();
          for (const s of slips(line))
            if (!slips(m).includes(s)) problems.push(`${w.where} with its hint: ${s}: ${line}`);
        }
      }
      for (const h of w.hints) for (const s of slips(h)) problems.push(`${w.where} hint: ${s}: ${h}`);
    }
    expect(problems).toEqual([]);
  });

  it('quotes what the user typed without the spaces around it', () => {
    const err = (() => {
      try {
        parseZone(' Dhakka');
      } catch (e) {
        return e as RapporteurError;
      }
      throw new Error('expected an error');
    })();
    expect(err.message).toBe('"Dhakka" is not a time zone or city I know.');
  });

  it('the proof-reader itself catches the slips it is for', () => {
    expect(slips('Start Redis and restart to turn them on..')).toContain('doubled full stop');
    expect(slips('Redis is not reachable at at 127.0.0.1')).toContain('doubled word "at at"');
    expect(slips('" Dhaka" is not a zone.')).toContain('space after an opening quote');
    expect(slips('Wait... then retry.')).toEqual([]);
  });
});
