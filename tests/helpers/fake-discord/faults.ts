/**
 * Fault injection for the fake REST API: the next N calls on a route answer with a rate
 * limit, a server error, a Discord error code, a dropped connection or a delay.
 */

export type Fault =
  /** 429 with Retry-After and X-RateLimit-* headers, like Discord's. */
  | {
      kind: 'rate-limit';
      retryAfterSeconds: number;
      /** A global limit (X-RateLimit-Global) instead of a per-route one. */
      global?: boolean;
      scope?: 'user' | 'shared' | 'global';
    }
  /** A bare 5xx (Discord's edge answers these with an HTML or empty body). */
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  /** 404 Unknown Channel (10003). */
  | { kind: 'unknown-channel' }
  /** 403 Missing Access (50001): the bot cannot see the channel, or was removed. */
  | { kind: 'missing-access' }
  /** 403 Missing Permissions (50013): the bot may see but not post. */
  | { kind: 'missing-permissions' }
  /** Any JSON error Discord can send. */
  | { kind: 'error'; status: number; code: number; message: string }
  /** The connection is destroyed before any answer (a network failure). */
  | { kind: 'reset' }
  /** The request is answered normally after a delay. */
  | { kind: 'delay'; ms: number };

/** Which requests a fault applies to. */
export interface FaultTarget {
  /**
   * A route template such as `POST /channels/:channel_id/messages` (exact match), or a
   * RegExp tested against `METHOD /path` (path without `/api/v10`, query excluded).
   */
  route: string | RegExp;
  /** How many matching calls get the fault; defaults to 1. */
  times?: number;
}

export interface InjectedFault extends FaultTarget {
  fault: Fault;
  /** Calls still to be faulted. */
  remaining: number;
  /** Calls faulted so far. */
  hits: number;
}

export class FaultInjector {
  private readonly faults: InjectedFault[] = [];

  /** Adds a fault; returns the live record (its `hits` and `remaining` update as calls arrive). */
  inject(target: FaultTarget & { fault: Fault }): InjectedFault {
    const injected: InjectedFault = { ...target, remaining: target.times ?? 1, hits: 0 };
    this.faults.push(injected);
    return injected;
  }

  /** The fault for this call, consuming one use, or undefined. */
  take(method: string, path: string, template: string | undefined): Fault | undefined {
    const line = `${method} ${path}`;
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      const matches =
        typeof f.route === 'string'
          ? f.route === `${method} ${template ?? ''}` || f.route === line
          : f.route.test(line);
      if (!matches) continue;
      f.remaining--;
      f.hits++;
      return f.fault;
    }
    return undefined;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults.length = 0;
  }
}
