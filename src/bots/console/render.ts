import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Address, OutgoingMessage } from '../../core/ports/index.js';
import { type Reply, renderPlain } from '../../core/reply.js';

/**
 * Replies as the terminal shows them: plain text in the reader's zone. Attached files (clean
 * views, calendars) are saved under `filesDir` and the reply names where.
 */
export async function renderConsoleReply(reply: Reply, zone: string, filesDir: string): Promise<string> {
  let text = renderPlain(reply, zone);
  if (reply.attachments.length) {
    await mkdir(filesDir, { recursive: true });
    const saved: string[] = [];
    for (const a of reply.attachments) {
      const file = join(filesDir, basename(a.filename));
      await writeFile(file, a.content);
      saved.push(file);
    }
    text = text.replace(/\nAttached: .*$/m, `\nSaved: ${saved.join(', ')}`);
  }
  return text;
}

/** An alert or reminder as printed when it fires: where it was addressed, then the reply. */
export function renderConsoleNotice(address: Address, message: OutgoingMessage, zone: string): string {
  const where = address.channel ? `#${address.channel}` : `@${address.user ?? 'you'}`;
  return `\n[${where}] ${renderPlain(message.reply, message.zone ?? zone)}\n`;
}
