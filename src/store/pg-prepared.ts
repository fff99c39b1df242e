import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * The pg pool as Kysely sees it, running the store's statements as named prepared statements.
 *
 * Kysely sends every query unnamed, so PostgreSQL parses and plans the same few dozen
 * statements again on every call. A busy worker runs three or four of them per message, and
 * on a small machine the parsing showed: measured here, a primary-key read took ~80 µs of
 * server CPU unnamed and ~30 µs prepared, and twice as many such reads fit in a second. pg
 * keeps the statements per connection (parsed on first use, then only bound and executed).
 *
 * Bounds and faults:
 * - Only data statements are prepared (select, insert, update, delete, with), and only the
 *   first `maxStatements` distinct texts: queries whose text varies (an `in` list of varying
 *   length) cannot fill a connection's memory; later texts simply run unnamed.
 * - A schema change under a running process (another version migrating the database) makes
 *   PostgreSQL refuse a prepared `select *` whose columns changed ("cached plan must not
 *   change result type"). The statement is then run again unnamed on the same connection,
 *   and that connection is closed when released, so its stale statements go with it. Inside
 *   a transaction the repeat fails as the transaction is already aborted; the caller's retry
 *   runs on a fresh connection. The same goes for a statement the server connection does not
 *   have or already has (a pooler between us and PostgreSQL); behind PgBouncer in transaction
 *   mode, turn them off (DATABASE_PREPARED_STATEMENTS=false).
 */
export function preparingPool(pool: pg.Pool, options: { maxStatements?: number } = {}): PostgresPool {
  const maxStatements = options.maxStatements ?? 200;
  const names = new Map<string, string>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  const nameFor = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined) return known;
    if (names.size >= maxStatements || !PREPARABLE.test(text)) return undefined;
    const name = `rapporteur_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
    return name;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let stale = false;
    const query = async <R>(text: string, parameters: ReadonlyArray<unknown>) => {
      const values = [...parameters];
      const name = stale ? undefined : nameFor(text);
      if (name === undefined) return client.query(text, values);
      try {
        return await client.query({ name, text, values });
      } catch (err) {
        if (!isStalePlan(err)) throw err;
        stale = true;
        return (await client.query(text, values)) as unknown as PostgresQueryResult<R>;
      }
    };
    return {
      query: ((textOrCursor: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) =>
        typeof textOrCursor === 'string'
          ? query(textOrCursor, parameters ?? [])
          : client.query(textOrCursor as never)) as PostgresPoolClient['query'],
      release(destroy?: boolean) {
        if (stale) wrappers.delete(client);
        client.release(destroy === true || stale);
      },
    };
  };

  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

const PREPARABLE = /^\s*(?:select|insert|update|delete|with)\b/i;

/**
 * PostgreSQL's refusal of a prepared statement: the schema moved under it, or the server
 * connection is not the one it was prepared on (it is gone, 26000, or was made by another
 * client, 42P05: a pooler in between).
 */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.code === '26000' || e.code === '42P05') return true;
  return e.code === '0A000' && typeof e.message === 'string' && /cached plan must not change/.test(e.message);
}
