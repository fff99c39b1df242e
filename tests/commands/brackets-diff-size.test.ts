import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONSOLE_ACTOR, CONSOLE_SCOPE, createConsoleBot } from '../../src/bots/console/index.js';
import { renderDiscordReply } from '../../src/bots/discord/render.js';
import { renderMail } from '../../src/bots/email/render.js';
import { renderSlackReply } from '../../src/bots/slack/render.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { followProcess } from '../../src/core/app/setup.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { renderPlain } from '../../src/core/reply.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * `/brackets diff` on two real drafts of a negotiation (over a thousand bracket changes) gives
 * every adapter a summary that fits its limits, with the full report attached as a file.
 */
describeCorpus('/brackets diff on two Paris drafts', () => {
  const dir = ['negotiation', 'unfccc_paris_2015_okfn_cop21', 'markdown'];
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp('2015-12-05T10:00:00Z');
    await followProcess(app.deps, CONSOLE_SCOPE, CONSOLE_ACTOR, { name: 'Paris Agreement' });
    for (const [file, label] of [
      ['agreement_23-oct-2015.md', '23 October'],
      ['agreement_4-dec-2015.md', '4 December'],
    ] as const) {
      await postDraftVersion(app.deps, CONSOLE_SCOPE, CONSOLE_ACTOR, {
        document: 'Agreement',
        label,
        file: { name: file, bytes: readFileSync(corpusPath(...dir, file)) },
      });
    }
  }, 120_000);
  afterAll(() => app?.close());

  it('fits a chat message in every adapter and attaches every change with both positions', async () => {
    const ctx = { deps: app.deps, scope: CONSOLE_SCOPE, actor: CONSOLE_ACTOR, requestId: 'req-1' };
    const reply = await runTextCommand(COMMANDS, ctx, 'brackets diff');
    const plain = renderPlain(reply);
    // The summary: counts per section and a few biggest changes, not a thousand lines.
    expect(plain.split('\n').length).toBeLessThan(40);
    expect(plain.length).toBeLessThan(2000);
    expect(plain).toMatch(/By section \(\d+\)/);
    expect(plain).toContain('Biggest changes');
    expect(plain).toMatch(/Outside brackets: \d+ new paragraphs?, \d+ paragraphs? removed/);
    // The full report: every item, each with its place in both versions.
    expect(reply.attachments).toHaveLength(1);
    const report = String(reply.attachments[0]?.content);
    const items = report.split('\n').filter((l) => l.startsWith('- '));
    expect(items.length).toBeGreaterThan(1000);
    expect(report).toMatch(/deleted .* \(was Article \S+ ¶\S+ line \d+, now Article \S+ ¶\S+ line \d+\)/);
    expect(report).toContain('## New paragraphs outside brackets');

    // Discord: one message within 2000 characters of content and 4096/6000 of embeds, the file attached.
    const discord = renderDiscordReply(reply);
    expect(discord.content.length).toBeLessThanOrEqual(2000);
    const embedChars = discord.embeds.reduce(
      (n, e) =>
        n +
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
      0,
    );
    expect(discord.embeds.every((e) => (e.description?.length ?? 0) <= 4096)).toBe(true);
    expect(embedChars).toBeLessThanOrEqual(6000);
    expect(discord.files.map((f) => f.name)).toContain('agreement-diff-v1-v2.md');

    // Slack: at most 50 blocks, each section within 3000 characters, the file uploaded.
    const slack = renderSlackReply(reply);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const b of slack.blocks) {
      const text = (b as { text?: { text?: string } }).text?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
    }
    expect(slack.files.map((f) => f.filename)).toContain('agreement-diff-v1-v2.md');

    // E-mail: a short body; the report goes as an attachment (named in the body).
    const mail = renderMail(reply);
    expect(mail.text.length).toBeLessThan(2500);
    expect(mail.text).toContain('Attached: agreement-diff-v1-v2.md');
  }, 120_000);

  it('prints a summary in the terminal room and saves the full report as a file', async () => {
    const out: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-room-'));
    // The room needs only these parts of a runtime.
    const runtime = {
      deps: app.deps,
      store: app.store,
      config: { dataDir: dir, limits: { maxFileBytes: 1e7 } },
    };
    const room = createConsoleBot({ runtime: runtime as never, write: (t) => out.push(t), cwd: dir });
    const printed = await room.run('/brackets diff');
    expect(printed.split('\n').length).toBeLessThan(40);
    expect(printed).toMatch(/Saved: .*agreement-diff-v1-v2\.md/);
    const saved = /Saved: (\S+)/.exec(printed)?.[1] ?? '';
    expect(readFileSync(saved, 'utf8').split('\n').length).toBeGreaterThan(1000);
  }, 120_000);
});
