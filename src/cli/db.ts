import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RapporteurError } from '../core/errors.js';
import { formatBytes } from '../input-files.js';
import type { StoreSize } from '../store/index.js';
import {
  type CliContext,
  type CliGroup,
  cliUsageError,
  refuseUnknownOptions,
  subcommandOf,
} from './context.js';

const USAGE = `Usage: rapporteur db <command>

  rapporteur db migrate        Apply pending schema migrations (they also run on every start).
  rapporteur db status [--json] Show where the store is, which migrations it has, and how
                               much room each tenant and process takes.
  rapporteur db backup FILE    Copy the SQLite store to FILE, consistently, while the bot runs.

The store is SQLite at $RAPPORTEUR_DATA_DIR/rapporteur.sqlite (default ./data), or
PostgreSQL when DATABASE_URL is set. PostgreSQL is backed up with pg_dump, e.g.
  pg_dump --format=custom --file=rapporteur.dump "$DATABASE_URL"`;

const usageError = (message: string) => cliUsageError('db', message, ' for the commands');

/** `rapporteur db ...`: schema migrations, status and backups of the store. */
export const dbGroup: CliGroup = {
  summary: 'Migrate, inspect or back up the store (SQLite or PostgreSQL).',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { sub, rest } = subcommandOf('db', args, ['migrate', 'status', 'backup']);
    refuseUnknownOptions('db', sub, rest, sub === 'status' ? ['--json'] : [], { positionals: true });
    const positional = rest.filter((a) => !a.startsWith('--'));

    if (sub === 'backup') {
      if (positional.length !== 1)
        throw usageError('Name one file to write the backup to: rapporteur db backup FILE.');
      return backup(positional[0] as string, ctx);
    }
    if (positional.length > 0) throw usageError(`db ${sub} takes no arguments.`);
    return sub === 'migrate' ? migrate(ctx) : status(ctx, rest.includes('--json'));
  },
};

async function migrate(ctx: CliContext): Promise<number> {
  const { openStore } = await import('../store/index.js');
  const store = await openStore(storeConfig(ctx), { migrate: false });
  try {
    const report = await store.migrate();
    if (report.applied.length === 0) {
      ctx.stdout(
        `${store.location}: already at the latest schema (${report.status.latest}); nothing to do.\n`,
      );
    } else {
      ctx.stdout(
        `${store.location}: applied ${report.applied.join(', ')}. The schema is now at ${report.status.latest}.\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function status(ctx: CliContext, json: boolean): Promise<number> {
  await requireExistingSqlite(ctx);
  const { openStore } = await import('../store/index.js');
  const store = await openStore(storeConfig(ctx), { migrate: false });
  try {
    const s = await store.migrationStatus();
    const size = s.unknown.length > 0 ? undefined : await store.sizeReport();
    if (json) {
      ctx.stdout(
        `${JSON.stringify({ dialect: store.dialect, location: store.location, ...s, ...(size ? { size } : {}) }, null, 2)}\n`,
      );
      return 0;
    }
    const lines = [
      `Store: ${store.location}`,
      `Applied migrations: ${s.applied.length === 0 ? 'none' : s.applied.join(', ')}`,
      s.pending.length === 0
        ? 'Up to date.'
        : `Pending: ${s.pending.join(', ')} (run \`rapporteur db migrate\`, or start Rapporteur).`,
    ];
    if (s.unknown.length > 0) {
      lines.push(`Written by a newer Rapporteur: ${s.unknown.join(', ')}. Upgrade before using this store.`);
    }
    if (size) lines.push(...sizeLines(size));
    ctx.stdout(`${lines.join('\n')}\n`);
    return s.unknown.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** The store's size, then each tenant and its processes, largest first. */
function sizeLines(size: StoreSize): string[] {
  const lines = [
    `Size: ${formatBytes(size.totalBytes)} in all (originals, caches and agreed language by process below; the rest is records, indexes and free space).`,
  ];
  for (const tenant of size.tenants) {
    lines.push(`  ${tenant.name} (${tenant.platform}): ${formatBytes(tenant.bytes)}`);
    for (const p of tenant.processes) {
      lines.push(
        `    ${p.name}: ${formatBytes(p.bytes)} (originals ${formatBytes(p.originals)}, caches ${formatBytes(p.caches)}, agreed language ${formatBytes(p.language)})`,
      );
    }
  }
  return lines;
}

async function backup(file: string, ctx: CliContext): Promise<number> {
  if (ctx.config.databaseUrl) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      'This deployment stores its data in PostgreSQL (DATABASE_URL); `rapporteur db backup` copies the SQLite store only.',
      { hint: `Use pg_dump: pg_dump --format=custom --file=${quoteArg(file)} "$DATABASE_URL"` },
    );
  }
  await requireExistingSqlite(ctx);
  const { openStore } = await import('../store/index.js');
  // No migration: a backup is often taken precisely before upgrading.
  const store = await openStore(storeConfig(ctx), { migrate: false });
  try {
    const report = await store.backup(resolve(ctx.cwd, file));
    ctx.stdout(
      `Backed up ${store.location} to ${report.file} (${formatBytes(report.bytes)}, schema ${report.schemaVersion ?? 'empty'}, ${Math.round(report.durationMs)} ms).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** Status and backup read an existing store; they must not create an empty one by mistake. */
async function requireExistingSqlite(ctx: CliContext): Promise<void> {
  if (ctx.config.databaseUrl) return;
  const { sqliteFileFor } = await import('../store/index.js');
  const file = sqliteFileFor(storeConfig(ctx));
  if (!existsSync(file)) {
    throw new RapporteurError('FILE_NOT_FOUND', `There is no store at ${file} yet.`, {
      hint: 'Check RAPPORTEUR_DATA_DIR; the store is created when Rapporteur first starts or by `rapporteur db migrate`.',
    });
  }
}

/** The configuration with the data directory resolved against the command's working directory. */
function storeConfig(ctx: CliContext): Pick<CliContext['config'], 'dataDir' | 'databaseUrl'> {
  return {
    dataDir: resolve(ctx.cwd, ctx.config.dataDir),
    ...(ctx.config.databaseUrl === undefined ? {} : { databaseUrl: ctx.config.databaseUrl }),
  };
}

function quoteArg(value: string): string {
  return /^[\w./:-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
