import { describe, expect, it } from 'vitest';
import { renderDiscordReply } from '../../src/bots/discord/render.js';
import { renderSlackReply } from '../../src/bots/slack/render.js';
import { markParagraphs, PAGE_CHARS, pageRanges } from '../../src/core/app/web-page.js';
import { parseDraftText } from '../../src/core/drafts/index.js';
import { reply } from '../../src/core/reply.js';
import { generateDraft } from '../drafts/generate.js';

/** The version page's model: pages of whole sections, and segments that know their depth. */

describe('pages of a draft', () => {
  it('cut a large draft at section headings into bounded pages that cover it exactly once', () => {
    const { text } = generateDraft({ size: 600_000, brackets: 2_000, seed: 3 });
    const parsed = parseDraftText(text, 'markdown');
    const pages = pageRanges(parsed);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages[0]?.start).toBe(0);
    expect(pages.at(-1)?.end).toBe(text.length);
    for (let i = 1; i < pages.length; i++) expect(pages[i]?.start).toBe(pages[i - 1]?.end);
    for (const p of pages) expect(p.end - p.start).toBeLessThanOrEqual(2 * PAGE_CHARS + 20_000);
    const headingStarts = new Set(
      parsed.sections
        .filter((s) => s.headingParagraph >= 0)
        .map((s) => parsed.paragraphs[s.headingParagraph]?.start),
    );
    for (const p of pages.slice(1)) expect(headingStarts.has(p.start)).toBe(true);
  });

  it('give one page to a small draft', () => {
    const parsed = parseDraftText('# A\n\n1. Text [in brackets].\n', 'markdown');
    expect(pageRanges(parsed)).toHaveLength(1);
  });
});

describe('marking the text', () => {
  const parsed = parseDraftText(
    '# Draft\n\n## Article 1. Scope\n\n1. Parties [shall [, as appropriate,] cooperate] on data.\n\n2. Agreed text only.\n',
    'markdown',
  );
  const [range] = pageRanges(parsed);
  const paragraphs = markParagraphs(parsed, range as NonNullable<typeof range>, 'text', null);

  it('gives every segment its bracket depth, and the tokens their own kind', () => {
    const p = paragraphs.find((x) => x.segments.some((s) => s.depth > 0));
    expect(p).toBeDefined();
    const byText = (t: string) => p?.segments.find((s) => s.text.includes(t));
    expect(byText('Parties')?.depth).toBe(0);
    expect(byText('shall')?.depth).toBe(1);
    expect(byText('cooperate')?.depth).toBe(1);
    expect(byText('on data')?.depth).toBe(0);
    const tokens = p?.segments
      .filter((s) => s.kind === 'open' || s.kind === 'close')
      .map((s) => `${s.text}${s.depth}`);
    expect(tokens).toEqual(['[1', '[2', ']2', ']1']);
    // The qualifier is marked inside the nested bracket.
    expect(p?.segments.find((s) => s.text.includes('appropriate'))).toMatchObject({
      depth: 2,
      qualifier: true,
    });
    // Reassembled, the segments are the paragraph's text exactly.
    const whole = parsed.paragraphs.find((x) => x.id === p?.id);
    expect(p?.segments.map((s) => s.text).join('')).toBe(parsed.text.slice(whole?.start, whole?.end));
  });

  it('leaves agreed paragraphs unmarked and anchors sections', () => {
    const agreed = paragraphs.find((x) =>
      x.segments
        .map((s) => s.text)
        .join('')
        .includes('Agreed text only'),
    );
    expect(agreed?.segments.every((s) => s.depth === 0 && s.kind === 'text')).toBe(true);
    expect(paragraphs.some((x) => x.anchors.length > 0)).toBe(true);
  });

  it('drops bracketed text in the clean view', () => {
    const clean = markParagraphs(parsed, range as NonNullable<typeof range>, 'clean', null);
    const text = clean.map((p) => p.segments.map((s) => s.text).join('')).join('\n');
    expect(text).not.toContain('[');
    expect(text).not.toContain('shall');
    expect(text).toContain('Agreed text only');
  });
});

describe('a cut reply ends with its web link', () => {
  const long = reply('Vision: everything', {
    sections: [
      { heading: 'Items', items: Array.from({ length: 400 }, (_, i) => `Item ${i} ${'x'.repeat(80)}`) },
    ],
    link: {
      url: 'https://rapporteur.example.org/t/abc.def/d/vision/v/2?section=C9#sec-C9',
      label: 'The whole answer on the web',
    },
  });

  it('on Discord', () => {
    const out = renderDiscordReply(long);
    expect(out.truncated).toBe(true);
    expect(out.content).toContain(
      '<https://rapporteur.example.org/t/abc.def/d/vision/v/2?section=C9#sec-C9>',
    );
    expect(out.content.length).toBeLessThanOrEqual(2000);
    const short = renderDiscordReply({ ...long, sections: [] });
    expect(short.content).not.toContain('rapporteur.example.org');
  });

  it('on Slack', () => {
    const out = renderSlackReply(long);
    expect(out.truncated).toBe(true);
    const json = JSON.stringify(out.blocks);
    expect(json).toContain(
      '<https://rapporteur.example.org/t/abc.def/d/vision/v/2?section=C9#sec-C9|The whole answer on the web>',
    );
    expect(out.blocks.length).toBeLessThanOrEqual(50);
  });
});
