/** Wakes the app to run due jobs. The jobs table holds the truth; a wake-up only prompts a tick. */
export interface Scheduler {
  /** Ask for a tick at or soon after `runAt` (UTC ms). */
  wake(runAt: number, jobId: string): Promise<void>;
  /**
   * Best effort: drop the wake-ups of jobs already cancelled in the database
   * (their state decides; a wake-up that still comes finds nothing to run).
   * Never rejects: a failure is logged. Absent where there is nothing to
   * drop (a scheduler that only records wake-ups, in tests).
   */
  cancel?(jobIds: readonly string[]): Promise<void>;
  /**
   * A write may have enqueued work due now without naming it (an event's
   * dispatcher, written in the write's own batch): look at the queue soon.
   * Only the in-process scheduler acts on it; QStash's minute tick covers
   * such jobs.
   */
  nudge?(): void;
}
