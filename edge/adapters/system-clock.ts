import type { Clock } from '../ports/clock.ts';

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that can be moved forward (`DEV_CLOCK=1`, tests); never in production. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number {
    return this.base.now() + this.#offsetMs;
  }
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}
