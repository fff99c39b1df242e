import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import { readMessageContent } from '../../src/core/email/content.js';
import { commandText, mailSetup, planInbound } from '../../src/core/email/inbound.js';
import { triageInbound } from '../../src/core/email/triage.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * Real invitation e-mails from many mail programs (BlueMind's iMIP samples: Outlook,
 * Exchange, Google, iOS, Android, Domino...), read as if a list had distributed them:
 * invitations, updates and cancellations become one announcement each, attendees'
 * answers (accept, decline, tentative) none, no message is mistaken for a draft or a
 * command, and nothing throws.
 */

const setup = mailSetup({
  lists: [{ list: 'wsis@lists.example.org', process: 'WSIS+10 Vision' }],
  botAddress: 'rapporteur@bot.example.org',
});
const ANSWERS = new Set(['REPLY', 'COUNTER', 'DECLINECOUNTER', 'REFRESH']);

describeCorpus('invitation e-mails from many clients, through the list pipeline', () => {
  const dir = corpusPath('mbox/bluemind_imip_eml');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();

  it('announcements from invitations, nothing from attendees’ answers, never a draft or a command', async () => {
    let announcements = 0;
    let answers = 0;
    for (const name of names) {
      const original = readFileSync(join(dir, name));
      const raw = Buffer.concat([Buffer.from('List-Id: <wsis.lists.example.org>\r\n'), original]);
      const triage = triageInbound(raw, setup);
      const plan = planInbound(triage, setup);
      if (plan.action !== 'list') {
        // Only machine mail may be dropped before reading, and it must say why.
        expect(plan, name).toMatchObject({ action: 'ignore' });
        continue;
      }
      const doc = await extractDocument(raw, { name, limits: DEFAULT_EXTRACT_LIMITS });
      const content = readMessageContent(doc, { seenAt: '2024-05-30T00:00:00Z' });
      expect(content.drafts, name).toEqual([]);
      expect(commandText(triage.subject, doc.text), name).toBeUndefined();
      const schedule = doc.events.filter((e) => !ANSWERS.has(e.method ?? ''));
      if (doc.events.length > 0 && schedule.length === 0) {
        answers++;
        expect(content.announcement, name).toBeUndefined();
      } else if (schedule.length > 0) {
        announcements++;
        expect(content.announcement?.part, name).toBe('message');
      }
    }
    expect(announcements).toBeGreaterThan(5);
    expect(answers).toBeGreaterThan(5);
  });
});
