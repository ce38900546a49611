/** Signed wake-ups from outside (QStash with `SCHEDULER=qstash`): the routes see only this. */
export interface JobsWakeUp {
  /** Runs every due job; answers how many ran. */
  runDue(): Promise<number>;
  /** Throws WakeUpSignatureError unless the wake-up service signed this body for this URL. */
  verifyWakeUp(request: { signature: string; body: string; url: string }): Promise<void>;
}

/** The signature of a wake-up does not hold: answered 401, never run. */
export class WakeUpSignatureError extends Error {
  override name = 'WakeUpSignatureError';
}
