import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, fileIdOf, normalizeCommandText } from '../../src/bots/slack/command-text.js';
import { escapeMrkdwn } from '../../src/bots/slack/mrkdwn.js';
import { tokenize } from '../../src/core/commands/args.js';
import { parsePrincipal } from '../../src/core/commands/parse-helpers.js';

describe('normalizeCommandText', () => {
  it('turns escaped mentions into the ids the core stores', () => {
    const text = normalizeCommandText('staff add <!subteam^S0CHAIRS|@chairs-staff>');
    expect(text).toBe('staff add <!subteam^S0CHAIRS>');
    expect(parsePrincipal('slack', tokenize(text)[2] as string)).toEqual({
      kind: 'platform-role',
      id: 'S0CHAIRS',
    });
    const user = normalizeCommandText('staff add <@U0AMINA|Amina Diallo>');
    expect(parsePrincipal('slack', tokenize(user)[2] as string)).toEqual({ kind: 'user', id: 'U0AMINA' });
    expect(normalizeCommandText('staff remove <@W0GRID>')).toBe('staff remove <@W0GRID>');
  });

  it('unwraps links to their address, whatever the label, and decodes entities inside them', () => {
    expect(
      normalizeCommandText('add <https://www.itu.int/net/wsis/review/?a=1&amp;b=2|itu.int/net/wsis> 60'),
    ).toBe('add https://www.itu.int/net/wsis/review/?a=1&b=2 60');
    expect(normalizeCommandText('add <https://www.wsis.example/mpp6>')).toBe(
      'add https://www.wsis.example/mpp6',
    );
    expect(normalizeCommandText('notify <mailto:chair@itu.int|chair@itu.int>')).toBe('notify chair@itu.int');
  });

  it('keeps channel names, drops broadcast markup, and decodes what people typed', () => {
    expect(normalizeCommandText('follow <#C0VISION|wsis-vision>')).toBe('follow #wsis-vision');
    expect(normalizeCommandText('announce <!channel> MPP-6 moved')).toBe('announce channel MPP-6 moved');
    expect(normalizeCommandText('announce 14:00 &lt; 18:00 &amp; Geneva &gt; Sharm')).toBe(
      'announce 14:00 < 18:00 & Geneva > Sharm',
    );
    // Typographic quotes and brackets pass through untouched.
    expect(normalizeCommandText('post label:“1 June version” [Alt 1]')).toBe(
      'post label:“1 June version” [Alt 1]',
    );
  });

  it('gives back any text without Slack markup unchanged, and undoes Slack’s escaping (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const plain = s.replace(/[<>&]/g, '');
        expect(normalizeCommandText(plain)).toBe(plain);
        // Text typed without mentions or links reaches the app with &, < and > as entities.
        expect(normalizeCommandText(escapeMrkdwn(s))).toBe(s);
      }),
    );
  });

  it('never throws and never grows markup from hostile input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const out = normalizeCommandText(s);
        expect(typeof out).toBe('string');
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
    );
    expect(normalizeCommandText('<'.repeat(50_000))).toHaveLength(50_000);
  });
});

describe('decodeEntities', () => {
  it('decodes exactly &amp;, &lt; and &gt;, once', () => {
    expect(decodeEntities('&amp;lt; &quot; &#60;')).toBe('&lt; &quot; &#60;');
  });
});

describe('fileIdOf', () => {
  it('reads the file id from a permalink, a private download link or a bare id', () => {
    expect(fileIdOf('https://wsis-caucus.slack.com/files/U0STAFF/F0VISION01/vision-2014-06-01.docx')).toBe(
      'F0VISION01',
    );
    expect(fileIdOf('https://files.slack.com/files-pri/T0WSIS10-F0VISION01/vision-2014-06-01.docx')).toBe(
      'F0VISION01',
    );
    expect(fileIdOf('https://files.slack.com/files-pri/E0GRID-F0VISION01/download/vision.pdf')).toBe(
      'F0VISION01',
    );
    expect(fileIdOf('F0VISION01')).toBe('F0VISION01');
  });

  it('refuses anything else', () => {
    for (const word of [
      'vision.docx',
      'F12',
      'f0vision01',
      'https://www.itu.int/net/wsis/review/F0VISION01',
      'javascript:alert(1)',
      'https://wsis-caucus.slack.com/files/U0STAFF/',
      '',
    ]) {
      expect(fileIdOf(word), word).toBeUndefined();
    }
  });
});
