import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { CONSOLE_SCOPE, createConsoleBot } from '../bots/console/index.js';
import type { Config } from '../config.js';
import { type Logger, ShiftedClock, silentLogger } from '../core/ports/index.js';
import { formatInstant } from '../core/reply.js';
import type { ReminderRecord } from '../core/store.js';
import { deleteKeysWithPrefix, type WorkerHandle } from '../jobs/index.js';
import { createRuntime, type Runtime, startRuntimeWorker } from '../runtime.js';

/**
 * `rapporteur demo` / `npm run demo`: the WSIS+10 story of domain.md replayed in the
 * terminal room on a virtual clock. Two Vision versions are posted and compared; the sixth
 * MPP meeting is announced by a signed PDF (14:00-16:00) and a web page (14:00-18:00) that
 * disagree, and a corrected e-mail settles it; then the clock jumps to just before each
 * reminder, so reminders that follow the re-timed meeting fire seconds apart. Everything
 * runs on a fresh store in a temporary directory; with Redis unreachable, the alert and
 * reminder steps are skipped and the demo says so.
 */

export interface DemoOptions {
  config: Config;
  write(text: string): void;
  /** Where examples/ is (the repository or the installed package). */
  root: string;
  /** Pause between steps in milliseconds, for people watching (0 in tests). */
  pace?: number;
  logger?: Logger;
  /** Longest wait for a reminder to fire. */
  reminderTimeoutMs?: number;
}

export interface DemoReport {
  steps: number;
  remindersFired: number;
  alerts: number;
  skipped: string[];
}

const ZONE = 'Europe/Zurich';

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const { write } = options;
  const pace = options.pace ?? 600;
  const dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-demo-'));
  const prefix = `rapporteur-demo-${process.pid}-${Date.now().toString(36)}`;
  // The demo always runs on its own SQLite store, never on a configured PostgreSQL.
  const { databaseUrl: _configured, ...base } = options.config;
  const config: Config = { ...base, dataDir, jobs: { ...base.jobs, queuePrefix: prefix } };
  const clock = new ShiftedClock('2014-05-31T19:00:00Z');
  let alerts = 0;
  const runtime = await createRuntime(config, {
    role: 'bot',
    queue: 'auto',
    clock,
    logger: options.logger ?? silentLogger,
    consoleOutput: {
      write: (t) => {
        alerts += 1;
        write(t.replace(/^\n\[#terminal\] /, '\n  >> ALERT to #terminal: '));
      },
      zone: () => ZONE,
    },
  });
  const report: DemoReport = { steps: 0, remindersFired: 0, alerts: 0, skipped: [] };
  let worker: WorkerHandle | undefined;
  try {
    if (runtime.queue.enabled) {
      // Reminders are prepared just ahead of their due time: the demo's clock jumps.
      worker = await startRuntimeWorker(runtime, { reminderLeadMs: 2_000 });
      await worker.rebuilt();
    } else {
      report.skipped.push(`alerts and reminders (${runtime.queue.disabledReason})`);
    }
    const room = createConsoleBot({ runtime, write, cwd: options.root, filesDir: join(dataDir, 'files') });
    const pause = () => new Promise((r) => setTimeout(r, pace));
    const step = async (at: string, story: string, commands: string[]) => {
      clock.set(at);
      await resync(runtime);
      report.steps += 1;
      write(`\n━━ ${formatInstant(at, ZONE)} ━━\n${story}\n`);
      for (const command of commands) {
        await pause();
        write(`\n$ ${command}\n`);
        await room.run(command);
      }
      // Let the worker deliver the alerts this step caused before the next one starts.
      if (worker) await settle(runtime, 5_000);
    };

    write(
      `Rapporteur demo: the WSIS+10 review, May-June 2014, replayed on a virtual clock.\nA fresh store in ${dataDir}; ${runtime.queue.enabled ? 'alerts and reminders run on Redis.' : `${runtime.queue.disabledReason}`}\n`,
    );

    await step(
      '2014-05-31T19:00:00Z',
      'A civil-society caucus starts following the Vision negotiation. Its members follow from Geneva, Suva, Lima and Sydney.',
      [
        '/rapporteur follow WSIS+10 Vision',
        '/rapporteur settings timezone:Europe/Zurich holiday-region:CH-GE participants:"Suva, Lima, Sydney"',
        '/draft post examples/vision-2014-05-31.md --document Vision --label "31 May version"',
      ],
    );
    await step(
      '2014-05-31T22:35:00Z',
      'After the Saturday session that ran past midnight, the chair’s staff post the 1 June version.',
      [
        '/draft post examples/vision-2014-06-01.md --document Vision --label "1 June version"',
        '/brackets status C9',
        '/brackets diff',
        '/brackets clean',
      ],
    );
    await step(
      '2014-06-03T15:05:00Z',
      'The signed invitation to a sixth, unplanned meeting arrives as a PDF letter.',
      [
        '/meetings announce --file examples/mpp6-invitation.pdf --name "Signed invitation (PDF)"',
        '/meetings show MPP-6',
      ],
    );
    await step('2014-06-03T15:30:00Z', 'The meeting web page says otherwise.', [
      '/meetings announce --file examples/mpp6-webpage.html --name "MPP web page"',
      '/meetings sources MPP-6',
    ]);
    await step(
      '2014-06-05T07:12:00Z',
      'The secretariat e-mails a corrected invitation with a calendar entry.',
      ['/meetings announce --file examples/mpp6-corrected.eml --name "Corrected invitation (e-mail)"'],
    );

    if (worker) {
      report.remindersFired += await fastForward(
        runtime,
        clock,
        write,
        '2014-06-08T11:59:55Z',
        options.reminderTimeoutMs,
      );
      await step(
        '2014-06-08T14:00:00Z',
        'On the eve of the meeting, the secretariat moves its start to 15:00.',
        ['/meetings announce --file examples/mpp6-retimed.txt --name "Revised notice of 8 June"'],
      );
      report.remindersFired += await fastForward(
        runtime,
        clock,
        write,
        '2014-06-09T11:59:55Z',
        options.reminderTimeoutMs,
      );
    } else {
      await step(
        '2014-06-08T14:00:00Z',
        'On the eve of the meeting, the secretariat moves its start to 15:00.',
        ['/meetings announce --file examples/mpp6-retimed.txt --name "Revised notice of 8 June"'],
      );
      report.skipped.push('the reminders a day and an hour before the meeting (they need Redis)');
    }
    await step('2014-06-09T12:30:00Z', 'The schedule as it stands, in everyone’s calendar.', [
      '/meetings upcoming',
      '/meetings feed',
    ]);

    report.alerts = alerts;
    write(
      `\nDemo finished: ${report.steps} steps, ${report.alerts} alerts and reminders printed${report.skipped.length ? `; skipped: ${report.skipped.join('; ')}` : ''}.\nTry it yourself: npm start opens this terminal room on ./data.\n`,
    );
    return report;
  } finally {
    await worker?.close().catch(() => undefined);
    if (runtime.queue.enabled) await cleanRedis(config.redisUrl, prefix);
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The store is the truth: after the clock jumps, queue delays are recomputed from it. */
async function resync(runtime: Runtime): Promise<void> {
  if (!runtime.queue.enabled) return;
  const tenant = await runtime.store.findTenant(CONSOLE_SCOPE.platform, CONSOLE_SCOPE.tenantExternalId);
  if (!tenant) return;
  const pending = await runtime.store.tenant(tenant.id).listReminders({ status: 'pending' });
  if (!pending.length) return;
  await runtime.queue.removeReminders(
    tenant.id,
    pending.map((r) => r.id),
  );
  await runtime.queue.scheduleReminders(tenant.id, pending);
}

/** Waits until no delivery is pending (or the time is up). */
async function settle(runtime: Runtime, timeoutMs: number): Promise<void> {
  const tenant = await runtime.store.findTenant(CONSOLE_SCOPE.platform, CONSOLE_SCOPE.tenantExternalId);
  if (!tenant) return;
  const t = runtime.store.tenant(tenant.id);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await t.listDeliveries({ status: 'pending' })).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Jumps to `at` and waits for the reminder due next to fire. Resolves to how many fired. */
async function fastForward(
  runtime: Runtime,
  clock: ShiftedClock,
  write: (t: string) => void,
  at: string,
  timeoutMs = 20_000,
): Promise<number> {
  const tenant = await runtime.store.findTenant(CONSOLE_SCOPE.platform, CONSOLE_SCOPE.tenantExternalId);
  if (!tenant) return 0;
  const t = runtime.store.tenant(tenant.id);
  clock.set(at);
  const next = (await t.listReminders({ status: 'pending' })).filter(
    (r) => Date.parse(r.dueAt) >= Date.parse(at),
  )[0] as ReminderRecord | undefined;
  write(
    `\n━━ fast-forward to ${formatInstant(at, ZONE)} ━━\n${next ? `The next reminder is due at ${formatInstant(next.dueAt, ZONE, 'time')}.` : 'No reminder is due.'}\n`,
  );
  if (!next) return 0;
  await resync(runtime);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await t.getReminder(next.id);
    if (r?.status === 'sent') {
      await settle(runtime, 5_000);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  write(`(the reminder did not fire within ${Math.round(timeoutMs / 1000)} s)\n`);
  return 0;
}

async function cleanRedis(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    await deleteKeysWithPrefix(client, prefix);
  } catch {
    // Leftover keys of a demo are harmless; they carry its unique prefix.
  } finally {
    client.disconnect();
  }
}
