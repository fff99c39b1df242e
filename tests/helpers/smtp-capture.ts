import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it receives, so
 * tests assert on what actually went over the wire: envelope, raw bytes and the parsed
 * message. It can require a login and refuse chosen recipients with a chosen reply.
 */

/** One received message. */
export interface CapturedMail {
  envelope: { from: string | false; to: string[] };
  /** The message exactly as transmitted (dot-unstuffed). */
  raw: Buffer;
  parsed: ParsedMail;
  /** The raw header block as text, for assertions on exact header lines. */
  headerText: string;
}

/** An SMTP reply used to refuse a recipient. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface SmtpCaptureOptions {
  /** Require this login (AUTH PLAIN/LOGIN over plaintext, as on loopback only). */
  auth?: { user: string; pass: string };
  /** Decides per recipient: undefined accepts, a refusal answers RCPT TO with it. */
  refuseRecipient?: (address: string) => SmtpRefusal | undefined;
}

export interface SmtpCapture {
  host: string;
  port: number;
  messages: CapturedMail[];
  /** Resolves once `count` messages have arrived in total, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  stop(): Promise<void>;
}

function refusal(r: SmtpRefusal): Error {
  return Object.assign(new Error(r.message), { responseCode: r.code });
}

/** Starts a capturing SMTP server on a free port of 127.0.0.1. */
export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else callback(refusal({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refused = options.refuseRecipient?.(address.address);
      callback(refused ? refusal(refused) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const end = raw.indexOf('\r\n\r\n');
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
              headerText: raw.subarray(0, end < 0 ? raw.length : end).toString('utf8'),
            });
            for (const w of waiters) w();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    messages,
    waitFor(count, timeoutMs = 5000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} message(s), got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
