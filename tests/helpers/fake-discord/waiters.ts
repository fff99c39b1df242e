/**
 * Promises that settle when a condition over the fake's state becomes true. The fake calls
 * `notify()` after every change, so tests wait for what happened rather than sleeping.
 */
export class Waiters {
  private readonly pending: { check: () => boolean; resolve: () => void }[] = [];

  /** Resolves when `check` holds; rejects with a message naming `what` after `timeoutMs`. */
  until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = this.pending.indexOf(waiter);
        if (i >= 0) this.pending.splice(i, 1);
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.pending.push(waiter);
    });
  }

  /** Re-checks every pending condition. */
  notify(): void {
    for (const waiter of [...this.pending]) {
      if (waiter.check()) {
        this.pending.splice(this.pending.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
