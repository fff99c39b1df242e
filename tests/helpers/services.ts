import { connect } from 'node:net';

/**
 * Integration tests use the machine's real Redis and PostgreSQL. Locally a test may skip
 * with a message when a service is down; in CI (RAPPORTEUR_REQUIRE_SERVICES=1) a missing
 * service is a failure, never a silent skip.
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const servicesRequired = process.env.RAPPORTEUR_REQUIRE_SERVICES === '1';

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Resolves to whether the service is up; when it is down and services are required,
 * throws so the suite fails loudly.
 */
export async function serviceUp(name: 'redis' | 'postgres'): Promise<boolean> {
  const url = new URL(name === 'redis' ? REDIS_URL : POSTGRES_URL);
  const up = await reachable(url.hostname, Number(url.port || (name === 'redis' ? 6379 : 5432)));
  if (!up) {
    const msg = `${name} is not reachable at ${url.host}`;
    if (servicesRequired) throw new Error(`${msg}, and RAPPORTEUR_REQUIRE_SERVICES=1 (CI) forbids skipping.`);
    console.warn(`[services] ${msg}; skipping the tests that need it`);
  }
  return up;
}

/** A prefix unique to this test file and run, so parallel suites never share keys or schemas. */
export function uniquePrefix(label: string): string {
  return `t_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
}
