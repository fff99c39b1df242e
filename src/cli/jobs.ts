import { type CliContext, type CliGroup, refuseUnknownOptions, subcommandOf } from './context.js';

const USAGE = `Usage: rapporteur jobs <command> [--json]

  rapporteur jobs rebuild   Re-create in Redis, from the store, every pending reminder, every
                            delivery still to send, and the watch and digest schedulers.
                            Safe to run at any time, any number of times.
  rapporteur jobs status    Job counts per queue (waiting, delayed, active, failed...).

Workers rebuild by themselves on start and when Redis comes back; use this after restoring a
store backup, or to check a deployment. Uses REDIS_URL, RAPPORTEUR_QUEUE_PREFIX and the store
(DATABASE_URL or $RAPPORTEUR_DATA_DIR/rapporteur.sqlite).`;

/** `rapporteur jobs rebuild|status`. */
export const jobsGroup: CliGroup = {
  summary: 'Rebuild the job queue from the store, or show its counts.',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { sub, rest } = subcommandOf('jobs', args, ['rebuild', 'status']);
    refuseUnknownOptions('jobs', sub, rest, ['--json']);
    const json = rest.includes('--json');
    const { createBullQueue } = await import('../jobs/queue.js');
    const queue = createBullQueue({ redisUrl: ctx.config.redisUrl, prefix: ctx.config.jobs.queuePrefix });
    try {
      await queue.ready(5_000);
      return sub === 'rebuild' ? await rebuild(ctx, queue, json) : await status(ctx, queue, json);
    } finally {
      await queue.close();
    }
  },
};

type Queue = import('../jobs/queue.js').BullJobQueue;

async function rebuild(ctx: CliContext, queue: Queue, json: boolean): Promise<number> {
  const { openStore } = await import('../store/index.js');
  const { rebuildQueue } = await import('../jobs/rebuild.js');
  const { systemClock, silentLogger } = await import('../core/ports/index.js');
  const store = await openStore(ctx.config);
  try {
    // Rebuilding one store's jobs into queues another store owns would hand them to its workers.
    const { claimQueuePrefix } = await import('../jobs/queue.js');
    await claimQueuePrefix(
      queue.connection,
      queue.prefix,
      { id: await store.identity(), location: store.location },
      queue.where,
    );
    const report = await rebuildQueue({ store, queue, clock: systemClock, logger: silentLogger });
    if (json) {
      ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const r = report.reminders;
      const d = report.deliveries;
      ctx.stdout(
        [
          `Rebuilt ${queue.where} (prefix ${queue.prefix}) from ${store.location} in ${report.durationMs} ms:`,
          `  tenants      ${report.tenants}`,
          `  reminders    ${r.added} added, ${r.kept} already queued, ${r.replaced} replaced`,
          `  deliveries   ${d.added} added, ${d.kept} already queued, ${d.replaced} replaced`,
          `  watches      ${report.watches} schedulers`,
          `  digests      ${report.digests} schedulers`,
          `  removed      ${report.removedSchedulers} schedulers of deleted watches or subscriptions`,
          ...report.errors.map((e) => `  error in tenant ${e.tenantId}: ${e.error}`),
          '',
        ].join('\n'),
      );
    }
    return report.errors.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function status(ctx: CliContext, queue: Queue, json: boolean): Promise<number> {
  const counts = await queue.counts();
  if (json) {
    ctx.stdout(`${JSON.stringify({ redis: queue.where, prefix: queue.prefix, counts }, null, 2)}\n`);
    return 0;
  }
  const states = ['waiting', 'delayed', 'active', 'completed', 'failed'];
  const lines = [
    `${queue.where}, prefix ${queue.prefix}`,
    `  ${'queue'.padEnd(12)}${states.map((s) => s.padStart(10)).join('')}`,
    ...Object.entries(counts).map(
      ([name, c]) => `  ${name.padEnd(12)}${states.map((s) => String(c[s] ?? 0).padStart(10)).join('')}`,
    ),
    '',
  ];
  ctx.stdout(lines.join('\n'));
  return 0;
}
