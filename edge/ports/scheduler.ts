/** Wakes the app to run due jobs. The jobs table holds the truth; a wake-up only prompts a tick. */
export interface Scheduler {
  /** Ask for a tick at or soon after `runAt` (UTC ms). */
  wake(runAt: number, jobId: string): Promise<void>;
}
