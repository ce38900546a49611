import type { Clock } from '../ports/clock.ts';
import type { Scheduler } from '../ports/scheduler.ts';

export interface LocalSchedulerOptions {
  clock: Clock;
  /** Runs due jobs and answers when the next one is due (null: none). */
  tick: () => Promise<number | null>;
  /** A safety net: tick at least this often, for jobs another instance enqueued (default SAFETY_POLL_MS). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The only tick while nothing is due: one indexed read of the claim and of
 * the next run time, for a job another instance on the same database enqueued
 * (this instance's own enqueues wake it directly). Otherwise the timer sleeps
 * until the next `run_at`: no busy polling.
 */
export const SAFETY_POLL_MS = 30_000;

/** `SCHEDULER=local`: an in-process timer that wakes at the next `run_at`. */
export class LocalScheduler implements Scheduler {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wakeAt = Number.POSITIVE_INFINITY;
  #running: Promise<void> | undefined;
  /** A wake-up arrived during a tick: tick once more right after, never two at once. */
  #again = false;
  #closed = false;

  constructor(private readonly options: LocalSchedulerOptions) {}

  /** Starts the loop: one tick now, then at each next run_at or the poll interval. */
  start(): void {
    void this.wake(this.options.clock.now());
  }

  /** A tick right away (or right after the running one), for a job enqueued due now that nobody woke us for. */
  nudge(): void {
    void this.wake(this.options.clock.now());
  }

  /** Nothing to do: the jobs' state is already cancelled, and a timer that then finds nothing due is harmless. */
  async cancel(_jobIds: readonly string[]): Promise<void> {}

  async wake(runAt: number, _jobId?: string): Promise<void> {
    if (this.#closed) return;
    // Keep the armed timer when it comes first, unless the clock has already passed it
    // (the dev clock jumps): a timer set by the old clock would fire too late.
    if (runAt >= this.#wakeAt && this.#wakeAt > this.options.clock.now()) return;
    // A timer already due (armed for now a moment ago) must still fire now, not wait for `runAt`.
    this.#arm(Math.min(runAt, this.#wakeAt));
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  /** Resolves when no tick is in progress; for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #arm(runAt: number): void {
    clearTimeout(this.#timer);
    const poll = this.options.pollMs ?? SAFETY_POLL_MS;
    const delay = Math.min(Math.max(runAt - this.options.clock.now(), 0), poll);
    this.#wakeAt = this.options.clock.now() + delay;
    this.#timer = setTimeout(() => void this.#fire(), delay);
    // Never keep a process alive just for the timer.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  async #fire(): Promise<void> {
    this.#wakeAt = Number.POSITIVE_INFINITY;
    if (this.#running) {
      this.#again = true;
      return;
    }
    let next: number | null = null;
    do {
      this.#again = false;
      this.#running = this.options.tick().then(
        (answer) => void (next = answer),
        (error: unknown) => (this.options.onError ?? console.error)(error),
      );
      await this.#running;
    } while (this.#again && !this.#closed);
    this.#running = undefined;
    if (this.#closed) return;
    // A wake-up that came in while the tick read the next run time still counts.
    this.#arm(Math.min(next ?? Number.POSITIVE_INFINITY, this.#wakeAt));
  }
}
