import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/core/documents/index.js';
import { createExtractor } from '../src/extract/sandbox.js';
import {
  deflateRepeated,
  docxParts,
  makeDocx,
  type ParagraphSpec,
  zipRaw,
} from '../tests/helpers/make-docx.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

const MB = 1024 * 1024;

/** A deterministic word generator, so the large DOCX compresses like prose rather than like a bomb. */
function prose(seed: number): (n: number) => string {
  const vocabulary =
    'we reaffirm recognize commit stakeholders governments civil society private sector technical academic communities information society development action line confidence security cultural diversity media access broadband affordability capacity building review implementation outcomes respective roles responsibilities appropriate human rights freedom expression privacy multistakeholder dialogue forum cooperation enhanced principles agenda tunis geneva declaration plan'.split(
      ' ',
    );
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  return (n) => Array.from({ length: n }, () => vocabulary[next() % vocabulary.length]).join(' ');
}

/** A Vision-like draft of `paragraphs` numbered paragraphs with comments, tracked changes and footnotes. */
function largeDocx(paragraphs: number): Uint8Array {
  const words = prose(42);
  const by = { author: 'G77 and China', date: '2014-05-31T09:15:00Z' };
  const body: ParagraphSpec[] = [];
  for (let i = 0; i < paragraphs; i++) {
    if (i % 50 === 0) body.push({ style: 'Heading1', pieces: [`Section ${i / 50 + 1}: ${words(5)}`] });
    body.push({
      list: { numId: 1, level: i % 7 === 3 ? 1 : 0 },
      pieces: [
        `${words(20)} `,
        i % 5 === 0 ? { commented: [`[${words(6)}]`], comment: i } : `[${words(6)}]`,
        ' ',
        i % 3 === 0 ? { ins: `${words(4)} `, by } : '',
        i % 4 === 0 ? { del: `${words(3)} `, by } : '',
        `${words(25)}.`,
        ...(i % 10 === 0 ? [{ footnote: words(12) }] : []),
      ],
    });
  }
  const comments = body
    .map((_, i) => i)
    .filter((i) => i % 5 === 0 && i < paragraphs)
    .map((i) => ({ id: i, author: 'US delegation', text: `US: ${words(8)}` }));
  return makeDocx({ title: 'Large Vision draft', body, comments });
}

/** The same bomb as the hostile tests: a 1 GiB document part, declared honestly or not. */
function bomb(declared: number, total: number): Uint8Array {
  const parts = docxParts({ body: ['x'] });
  const encoder = new TextEncoder();
  const entries = Object.entries(parts)
    .filter(([name]) => name !== 'word/document.xml')
    .map(([name, content]) => {
      const data = typeof content === 'string' ? encoder.encode(content) : content;
      return { name, data, method: 0 as const, declaredSize: data.length };
    });
  return zipRaw([
    ...entries,
    { name: 'word/document.xml', data: deflateRepeated(0x20, total), method: 8, declaredSize: declared },
  ]);
}

async function refusalMs(bytes: Uint8Array, runs: number): Promise<number> {
  const times = await timeRuns(async () => {
    try {
      await extractDocument(bytes, { name: 'bomb.docx', limits: DEFAULT_EXTRACT_LIMITS });
    } catch {
      // Refused, as expected.
    }
  }, runs);
  return median(times);
}

export const bench: Bench = {
  name: 'documents: PDF vs pdftotext, large DOCX, zip-bomb refusal',
  async run({ corpusDir, log }) {
    const options = (name: string) => ({ name, limits: DEFAULT_EXTRACT_LIMITS });

    // 1. The 86-page Geneva negotiating text against poppler's pdftotext, same file, same run.
    if (!corpusDir) {
      log('  PDF vs pdftotext: skipped (../shared/corpus is absent)');
    } else {
      const file = join(
        corpusDir,
        'negotiation/unfccc_paris_2015_okfn_cop21/pdf/negotiating_text_12022015@2200.pdf',
      );
      const bytes = new Uint8Array(readFileSync(file));
      const cold0 = performance.now();
      const first = await extractDocument(bytes, options('geneva.pdf'));
      const cold = performance.now() - cold0;
      const ours = await timeRuns(() => extractDocument(bytes, options('geneva.pdf')), 7, 1);
      log(
        `  Geneva negotiating text: ${first.metadata.pages} pages, ${first.blocks.length} blocks, ${fmt(bytes.length / MB, 2, 'MB')}`,
      );
      log(
        `  rapporteur (in-process, warm): median ${fmt(median(ours), 0, 'ms')}, p90 ${fmt(quantile(ours, 0.9), 0, 'ms')}`,
      );
      log(`  rapporteur (first file in a fresh process, loading pdf.js): ${fmt(cold, 0, 'ms')}`);
      const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
      if (probe.error) {
        log('  pdftotext: skipped (not installed; on Debian/Ubuntu: apt-get install poppler-utils)');
      } else {
        const version = `${probe.stderr}${probe.stdout}`.split('\n')[0]?.trim() ?? 'pdftotext';
        const theirs = await timeRuns(
          () => {
            const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * MB });
            if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
          },
          7,
          1,
        );
        log(`  ${version} (process per file): median ${fmt(median(theirs), 0, 'ms')}`);
        log(
          `  ratio rapporteur / pdftotext: ${fmt(median(ours) / median(theirs), 2, 'x')} (target: within 4x)`,
        );
      }
      const extractor = createExtractor(loadConfig({}).limits);
      try {
        const start0 = performance.now();
        await extractor.extract(bytes, { name: 'geneva.pdf' });
        const startup = performance.now() - start0;
        const sandboxed = await timeRuns(() => extractor.extract(bytes, { name: 'geneva.pdf' }), 5, 1);
        log(
          `  through the sandbox (worker thread, result cloned back): median ${fmt(median(sandboxed), 0, 'ms')}; first call incl. worker start ${fmt(startup, 0, 'ms')}`,
        );
      } finally {
        await extractor.close();
      }
    }

    // 2. A large generated DOCX with comments, tracked changes and footnotes.
    const docx = largeDocx(5000);
    const sample = await extractDocument(docx, options('large.docx'));
    const docxTimes = await timeRuns(() => extractDocument(docx, options('large.docx')), 5, 1);
    log(
      `  large DOCX: ${fmt(docx.length / MB, 2, 'MB')} zipped, ${sample.blocks.length} blocks, ${sample.comments.length} comments, ${sample.revisions.length} tracked changes, ${fmt(sample.text.length / MB, 2, 'MB')} of text`,
    );
    log(
      `  large DOCX extraction: median ${fmt(median(docxTimes), 0, 'ms')} (${fmt(sample.text.length / MB / (median(docxTimes) / 1000), 1, 'MB/s of text')})`,
    );

    // 3. Zip bombs: refused without inflating (honest 1 GiB), once output outgrows the lie, or by ratio.
    log(
      `  zip bomb, 1 GiB declared: refused in ${fmt(await refusalMs(bomb(1024 * MB, 1024 * MB), 5), 1, 'ms')}`,
    );
    log(
      `  zip bomb, 1 GiB declared as 64 KB: refused in ${fmt(await refusalMs(bomb(64 * 1024, 1024 * MB), 5), 1, 'ms')}`,
    );
    log(
      `  zip bomb, 150 MB at 159:1 (inside the size limit): refused in ${fmt(await refusalMs(bomb(150 * MB, 150 * MB), 5), 1, 'ms')}`,
    );
  },
};
