import { describe, expect, it } from 'vitest';
import { ShiftedClock } from '../../src/core/ports/index.js';

describe('ShiftedClock', () => {
  it('starts at the chosen moment, runs at real speed and can jump', () => {
    let real = 1_000_000;
    const clock = new ShiftedClock('2014-06-03T10:00:00Z', () => real);
    expect(clock.now().toISOString()).toBe('2014-06-03T10:00:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2014-06-03T10:01:30.000Z');
    clock.set('2014-06-09T11:59:55Z');
    real += 5_000;
    expect(clock.now().toISOString()).toBe('2014-06-09T12:00:00.000Z');
  });
});
