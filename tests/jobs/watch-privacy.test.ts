import { describe, expect, it } from 'vitest';
import { buildWatchFailingReply } from '../../src/core/app/alerts.js';
import { publicWatchError } from '../../src/core/app/watches.js';
import type { WatchRecord } from '../../src/core/store.js';
import { checkTarget, DEFAULT_FETCH_POLICY } from '../../src/jobs/fetcher.js';

const STRICT = { ...DEFAULT_FETCH_POLICY, allowPrivate: false };

async function refusal(
  url: string,
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>,
) {
  try {
    await checkTarget(url, STRICT, resolve);
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('watch failures shown to a channel do not map the internal network', () => {
  it('says "an internal address" instead of the host and what it resolves to', async () => {
    const internal = async () => [{ address: '10.1.2.3', family: 4 }];
    const err = await refusal('https://db.corp.example:5432/', internal);
    const text = publicWatchError(err);
    expect(text).toMatch(/an internal address/);
    expect(text).not.toMatch(/10\.1\.2\.3|db\.corp|5432/);
    const loopback = publicWatchError(await refusal('http://localhost:5432/'));
    expect(loopback).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it('reduces a refusal stored before this rule when it is shown again', () => {
    const stored =
      'localhost:5432 resolves to 127.0.0.1, which is a loopback address; Rapporteur does not fetch internal addresses.';
    const watch = {
      url: 'http://localhost:5432/',
      lastError: stored,
      failingSince: '2026-01-01T10:00:00Z',
      lastCheckedAt: '2026-01-01T11:00:00Z',
      nextRunAt: '2026-01-01T12:00:00Z',
    } as WatchRecord;
    const text = JSON.stringify(buildWatchFailingReply(watch, new Date('2026-01-01T11:00:00Z')));
    expect(text).toMatch(/an internal address/);
    expect(text).not.toMatch(/127\.0\.0\.1/);
  });

  it('keeps ordinary failures as they are', () => {
    expect(publicWatchError('The page answered 404 (not found).')).toBe('The page answered 404 (not found).');
  });
});
