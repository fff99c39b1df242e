import { describe, expect, it } from 'vitest';
import { humanizeMentions } from '../../src/bots/slack/mentions.js';
import { reply } from '../../src/core/reply.js';

const names = {
  calls: 0,
  async user(id: string) {
    names.calls++;
    return id === 'U0AMINA' ? 'Amina Diallo' : undefined;
  },
  async group(id: string) {
    names.calls++;
    return id === 'S0CHAIRS' ? 'chairs-staff' : undefined;
  },
};

describe('humanizeMentions', () => {
  it('names people and user groups everywhere people read, and leaves unknown ones as they are', async () => {
    const r = await humanizeMentions(
      reply('<!subteam^S0CHAIRS> may now post official versions of WSIS+10 Vision', {
        summary: ['Granted by ', { strong: '<@U0AMINA|amina>' }, '.'],
        sections: [
          {
            heading: 'Staff',
            items: ['role <!subteam^S0CHAIRS>', 'person <@U0GHOST>'],
            fields: [{ name: 'Added by', value: '<@U0AMINA>' }],
            table: { columns: ['Who'], rows: [['<@U0AMINA>']] },
          },
        ],
        footer: 'Ask <@U0AMINA> to change this.',
      }),
      names,
    );
    expect(r.title).toBe('@chairs-staff may now post official versions of WSIS+10 Vision');
    expect(r.summary).toEqual(['Granted by ', { strong: '@Amina Diallo' }, '.']);
    expect(r.sections[0]?.items).toEqual(['role @chairs-staff', 'person <@U0GHOST>']);
    expect(r.sections[0]?.fields?.[0]?.value).toBe('@Amina Diallo');
    expect(r.sections[0]?.table?.rows[0]).toEqual(['@Amina Diallo']);
    expect(r.footer).toBe('Ask @Amina Diallo to change this.');
  });

  it('looks nothing up for a reply without mentions, and returns it unchanged', async () => {
    names.calls = 0;
    const original = reply('Vision #2 "1 June version": C9 Media', {
      sections: [{ items: ['[US: delete]'] }],
    });
    expect(await humanizeMentions(original, names)).toBe(original);
    expect(names.calls).toBe(0);
  });

  it('looks each mention up once, and at most a hundred of each kind', async () => {
    names.calls = 0;
    const many = Array.from({ length: 300 }, (_, i) => `<@U${String(i).padStart(6, '0')}> <@U0AMINA>`);
    const r = await humanizeMentions(reply('Staff', { sections: [{ items: many }] }), names);
    expect(names.calls).toBe(100);
    expect(r.sections[0]?.items?.[0]).toBe('<@U000000> @Amina Diallo');
  });
});
