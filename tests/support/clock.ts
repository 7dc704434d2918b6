import type { Clock } from '../../backend/src/clock';

/** A clock the test moves by hand, so session expiry and hour coarsening are checked without waiting. */
export class TestClock implements Clock {
  #now: number;
  constructor(start = new Date('2026-11-25T10:37:42.123Z')) {
    this.#now = start.getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
