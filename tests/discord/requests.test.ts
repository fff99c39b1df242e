import type { CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildSlashCommands } from '../../src/bots/discord/commands.js';
import { type MentionNames, nameMentions } from '../../src/bots/discord/mentions.js';
import { incomingFile, rawArgsOf } from '../../src/bots/discord/requests.js';
import { fileArg, type IncomingFile } from '../../src/core/commands/args.js';
import { type Command, defineCommand } from '../../src/core/commands/types.js';
import { RapporteurError } from '../../src/core/errors.js';
import { reply } from '../../src/core/reply.js';

/**
 * The pieces between an interaction and the registry: attachments read on demand within the
 * size limit, options turned into the raw argument record, and mention tokens in replies
 * shown by name.
 */

const CDN = 'https://cdn.discordapp.com';
const MB = 1024 * 1024;

/** A fetch that serves `body` and counts calls. */
function countingFetch(body: Uint8Array) {
  const calls: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response(body, { status: 200, headers: { 'content-length': String(body.byteLength) } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const draft = new TextEncoder().encode('13. [Alt 1: as appropriate] [Alt 2: in their respective roles]\n');

describe('incomingFile', () => {
  it('downloads when read, once however often it is read', async () => {
    const { calls, fetchImpl } = countingFetch(draft);
    const file = incomingFile(
      { url: `${CDN}/ephemeral-attachments/1/2/vision.md`, size: draft.byteLength, name: 'vision.md' },
      { maxBytes: MB, allowedOrigins: [CDN], fetch: fetchImpl },
    );
    expect(calls).toHaveLength(0);
    expect(file).toMatchObject({ name: 'vision.md', size: draft.byteLength });
    const [a, b] = await Promise.all([file.read(), file.read()]);
    expect(calls).toHaveLength(1);
    expect(a).toBe(b);
    expect(new TextDecoder().decode(a)).toContain('[Alt 1: as appropriate]');
  });

  it('refuses a file over the limit from its declared size, before any download', async () => {
    const { calls, fetchImpl } = countingFetch(draft);
    const file = incomingFile(
      { url: `${CDN}/a/b/scan.pdf`, size: 25 * MB, name: 'scan.pdf', contentType: 'application/pdf' },
      { maxBytes: 20 * MB, allowedOrigins: [CDN], fetch: fetchImpl },
    );
    const error = await file.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RapporteurError);
    expect((error as RapporteurError).code).toBe('FILE_TOO_LARGE');
    expect((error as RapporteurError).message).toBe('scan.pdf is 25 MB, over the 20 MB limit.');
    expect(calls).toHaveLength(0);
  });

  it('refuses links outside Discord’s file servers and stops when the bot stops', async () => {
    const { calls, fetchImpl } = countingFetch(draft);
    const forged = incomingFile(
      { url: 'http://169.254.169.254/latest/meta-data', size: 10, name: 'vision.md' },
      { maxBytes: MB, allowedOrigins: [CDN], fetch: fetchImpl },
    );
    await expect(forged.read()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const stopping = new AbortController();
    stopping.abort();
    const cancelled = incomingFile(
      { url: `${CDN}/a/b/vision.md`, size: 10, name: 'vision.md' },
      { maxBytes: MB, allowedOrigins: [CDN], signal: stopping.signal, fetch: fetchImpl },
    );
    await expect(cancelled.read()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(calls).toHaveLength(0);
  });
});

describe('rawArgsOf', () => {
  const post = defineCommand({
    group: 'draft',
    name: 'post',
    description: 'Post a version',
    args: z.object({
      file: fileArg().describe('The draft'),
      document: z.string().describe('Which document'),
      keepText: z.boolean().describe('Keep text').optional(),
    }),
    examples: ['/draft post'],
    permission: 'staff',
    handler: async () => reply('ok'),
  }) as unknown as Command;
  const route = buildSlashCommands([post]).route('draft', 'post');
  const reading = { maxBytes: MB, allowedOrigins: [CDN] };

  it('maps option names back to argument names, under the subcommand, with files as IncomingFiles', () => {
    if (!route) throw new Error('no route');
    const options = [
      {
        name: 'post',
        type: 1,
        options: [
          { name: 'document', type: 3, value: 'Vision' },
          { name: 'keep_text', type: 5, value: false },
          {
            name: 'file',
            type: 11,
            value: '123',
            attachment: { url: `${CDN}/x/y/v.md`, size: 12, name: 'v.md', contentType: 'text/markdown' },
          },
          { name: 'from_a_newer_release', type: 3, value: 'kept under its own name' },
        ],
      },
    ] as unknown as CommandInteractionOption[];
    const raw = rawArgsOf(route, options, reading);
    expect(raw.document).toBe('Vision');
    expect(raw.keepText).toBe(false);
    expect((raw.file as IncomingFile).name).toBe('v.md');
    expect((raw.file as IncomingFile).contentType).toBe('text/markdown');
    expect(raw.from_a_newer_release).toBe('kept under its own name');
    expect(rawArgsOf(route, options, reading, 'document').document).toBeUndefined();
  });
});

describe('nameMentions', () => {
  const names: MentionNames = {
    role: (id) => (id === '1300000000000000002' ? 'Chairs staff' : undefined),
    user: (id) => (id === '1200000000000000003' ? 'Jonas' : undefined),
    channel: (id) => (id === '1110000000000000001' ? 'vision-draft' : undefined),
  };

  it('shows roles, people and channels by name wherever the reply names them', () => {
    const named = nameMentions(
      reply('<@&1300000000000000002> may now post official versions of WSIS+10 Vision', {
        summary: [
          'Posted by <@1200000000000000003> in <#1110000000000000001>. ',
          { code: '<@&1300000000000000002>' },
        ],
        sections: [
          {
            heading: 'Staff',
            items: ['role <@&1300000000000000002>', 'person <@!1200000000000000003>'],
            fields: [{ name: 'Who', value: [{ strong: '<@1200000000000000003>' }] }],
          },
        ],
        footer: 'Asked in <#1110000000000000001>',
      }),
      names,
    );
    expect(named.title).toBe('@Chairs staff may now post official versions of WSIS+10 Vision');
    expect(named.summary).toEqual([
      'Posted by @Jonas in #vision-draft. ',
      // Code is shown as typed.
      { code: '<@&1300000000000000002>' },
    ]);
    expect(named.sections[0]?.items).toEqual(['role @Chairs staff', 'person @Jonas']);
    expect(named.sections[0]?.fields?.[0]?.value).toEqual([{ strong: '@Jonas' }]);
    expect(named.footer).toBe('Asked in #vision-draft');
  });

  it('leaves unknown ids and look-alikes as they are', () => {
    const named = nameMentions(reply('<@&1399999999999999999> and <@&12> and [US: delete]'), names);
    expect(named.title).toBe('<@&1399999999999999999> and <@&12> and [US: delete]');
  });
});
