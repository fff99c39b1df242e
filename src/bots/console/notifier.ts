import type { Address, Notifier, OutgoingMessage } from '../../core/ports/index.js';
import { renderConsoleNotice } from './render.js';

/**
 * The Notifier port for the terminal room: alerts and reminders are printed as they fire,
 * times in the terminal's chosen zone.
 */
export function createConsoleNotifier(write: (text: string) => void, zone: () => string): Notifier {
  let n = 0;
  return {
    platform: 'console',
    async send(address: Address, message: OutgoingMessage) {
      write(renderConsoleNotice(address, message, zone()));
      n += 1;
      return { messageId: `console-${n}` };
    },
  };
}
