import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isOwnMessageId,
  MAX_REFERENCES,
  messageIdFor,
  normaliseMessageId,
  parseMessageIds,
  threadingHeaders,
  threadRootId,
} from '../../src/core/email/message-id.js';

describe('derived Message-IDs', () => {
  it('are stable for a key, distinct across keys, and valid msg-ids', () => {
    const a = messageIdFor('alert:civil-society:mpp6:retimed:wsis', 'bot.example.org');
    expect(messageIdFor('alert:civil-society:mpp6:retimed:wsis', 'BOT.example.org')).toBe(a);
    expect(messageIdFor('alert:civil-society:mpp6:retimed:igf', 'bot.example.org')).not.toBe(a);
    expect(a).toMatch(/^<rapporteur\.m\.[a-z2-7]{32}@bot\.example\.org>$/);
    expect(normaliseMessageId(a)).toBe(a);
  });

  it('give one thread root per tenant and meeting, which separators cannot confuse', () => {
    const root = threadRootId('civil-society', 'mpp-6', 'bot.example.org');
    expect(threadRootId('civil-society', 'mpp-6', 'bot.example.org')).toBe(root);
    expect(threadRootId('civil-society', 'hle-2014', 'bot.example.org')).not.toBe(root);
    expect(threadRootId('a:b', 'c', 'bot.example.org')).not.toBe(threadRootId('a', 'b:c', 'bot.example.org'));
    expect(root).not.toBe(messageIdFor('mpp-6', 'bot.example.org'));
  });

  it('never collide over many keys (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 30 }), { minLength: 2, maxLength: 50 }), (keys) => {
        const ids = new Set(keys.map((k) => messageIdFor(k, 'bot.example.org')));
        expect(ids.size).toBe(keys.length);
      }),
    );
  });

  it('are recognised as the bot’s own, for its domains only', () => {
    const id = messageIdFor('digest:2014-06-03', 'bot.example.org');
    expect(isOwnMessageId(id, ['bot.example.org'])).toBe(true);
    expect(isOwnMessageId(id, ['other.example.org'])).toBe(false);
    expect(isOwnMessageId('<cmd-1@civil.example.org>', ['bot.example.org'])).toBe(false);
  });

  it('refuse a domain that is not a host name', () => {
    expect(() => messageIdFor('k', 'bot example.org')).toThrow(/not a valid host name/);
    expect(() => messageIdFor('k', 'bot.example.org>\r\nBcc: x@evil.test')).toThrow(/not a valid host name/);
  });
});

describe('threading', () => {
  const root = threadRootId('civil-society', 'mpp-6', 'bot.example.org');

  it('puts a follow-up alert under the meeting root', () => {
    expect(threadingHeaders({ root })).toEqual({ inReplyTo: root, references: [root] });
  });

  it('answers a command: In-Reply-To the command, References its chain plus the command', () => {
    expect(
      threadingHeaders({ inReplyTo: '<cmd-2@civil.example.org>', references: ['<cmd-1@civil.example.org>'] }),
    ).toEqual({
      inReplyTo: '<cmd-2@civil.example.org>',
      references: ['<cmd-1@civil.example.org>', '<cmd-2@civil.example.org>'],
    });
  });

  it('drops invalid or hostile IDs and keeps the root first within the cap', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `<m${i}@lists.example.org>`);
    const headers = threadingHeaders({
      root,
      inReplyTo: 'bad id\r\nBcc: victim@example.org',
      references: ['<>', 'garbage', ...chain],
    });
    expect(headers.inReplyTo).toBe(root);
    expect(headers.references).toHaveLength(MAX_REFERENCES);
    expect(headers.references[0]).toBe(root);
    expect(headers.references.at(-1)).toBe('<m39@lists.example.org>');
    expect(headers.references.join(' ')).not.toMatch(/[\r\n]/);
  });

  it('parses References values', () => {
    expect(parseMessageIds('<a@x.org>\r\n <b@y.org> junk <not valid> <c@z.org>')).toEqual([
      '<a@x.org>',
      '<b@y.org>',
      '<c@z.org>',
    ]);
    expect(parseMessageIds(undefined)).toEqual([]);
  });
});
