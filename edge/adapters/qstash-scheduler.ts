import { Client, Receiver } from '@upstash/qstash';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../ports/clock.ts';
import { setWakeMessageId, wakeMessagesOf } from '../jobs/queue.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import { WakeUpSignatureError } from '../ports/jobs.ts';

export const RUN_PATH = '/api/v1/jobs/run';
export const TICK_PATH = '/api/v1/jobs/tick';
/** Fixed, so creating the schedule again updates it instead of adding a second tick. */
export const TICK_SCHEDULE_ID = 'portico-jobs-tick';

export interface QstashOptions {
  token: string;
  /** QStash's API, or a local stand-in in tests. */
  baseUrl: string;
  /** Where QStash reaches this app (the signed wake-up URLs are under it). */
  publicUrl: string;
  /** Jobs due later than this are not published; the minute tick runs them (7 days on QStash's free plan). */
  maxDelayMs: number;
  clock: Clock;
  /** Where each job's published message id is kept (jobs.wake_message_id), for a later cancel. */
  db?: Db;
  /** How long a request waits for QStash before going on without it (the publish finishes or logs later). */
  publishWaitMs?: number;
  log?: (message: string) => void;
}

/**
 * `SCHEDULER=qstash`: each job due within the delay limit is also published
 * to QStash with `notBefore` = its run time and the job id as deduplication
 * id, to the signed `POST /api/v1/jobs/run`; a QStash schedule calls
 * `POST /api/v1/jobs/tick` every minute as a safety net. A failed publish is
 * only logged: the database holds the job, and the tick will run it. When
 * woken with a job's own id, the message id is kept on the job so that
 * cancelling the job (a withdrawn task) also deletes its message.
 */
export function createQstashScheduler(options: QstashOptions): Required<Omit<Scheduler, 'nudge'>> & { ensureTick(): Promise<void> } {
  const client = new Client({ token: options.token, baseUrl: options.baseUrl, devMode: false, enableTelemetry: false, retry: false });
  const log = options.log ?? console.error;
  return {
    async wake(runAt, jobId) {
      if (runAt - options.clock.now() > options.maxDelayMs) return;
      const published = client
        .publishJSON({ url: `${options.publicUrl}${RUN_PATH}`, body: { jobId }, notBefore: Math.ceil(runAt / 1000), deduplicationId: jobId })
        .then(
          async ({ messageId }) => {
            // Kept for a later cancel; failing to keep it only means that cancel cannot drop the message.
            if (options.db) await setWakeMessageId(options.db, jobId, messageId).catch((error: unknown) => log(`QStash: could not keep message ${messageId} of ${jobId}: ${String(error)}`));
            return true;
          },
          (error: unknown) => {
            log(`QStash: could not publish the wake-up for ${jobId} (the minute tick will run it): ${String(error)}`);
            return false;
          },
        );
      // The job is already safe in the database: a slow QStash must not hold up the request that made it.
      await Promise.race([published, new Promise((resolve) => setTimeout(resolve, options.publishWaitMs ?? 2_000).unref?.())]);
    },
    async cancel(jobIds) {
      try {
        const messageIds = options.db ? await wakeMessagesOf(options.db, jobIds) : [];
        // One by one, so a message already delivered (404) does not keep the others. `delete` rather than its
        // successor `cancel(id)`: the same DELETE /v2/messages/:id, but it does not expect a JSON answer.
        const results = await Promise.allSettled(messageIds.map((id) => client.messages.delete(id)));
        for (const [i, result] of results.entries()) {
          if (result.status === 'rejected') log(`QStash: could not cancel message ${messageIds[i]} (the job is cancelled; its wake-up will find nothing): ${String(result.reason)}`);
        }
      } catch (error) {
        log(`QStash: could not cancel the wake-ups of ${jobIds.join(', ')}: ${String(error)}`);
      }
    },
    /** Creates or updates the every-minute tick schedule (idempotent by its id). */
    async ensureTick() {
      await client.schedules.create({
        destination: `${options.publicUrl}${TICK_PATH}`,
        cron: '* * * * *',
        scheduleId: TICK_SCHEDULE_ID,
      });
    },
  };
}

/**
 * Checks QStash's signature with the official Receiver. What it accepts (read
 * in @upstash/qstash's Receiver.verify): an HS256 JWT that verifies with the
 * current signing key or, failing that, the next one (both, so a key rotation
 * never drops a wake-up; any other key is refused); issuer `Upstash`; `exp`
 * and `nbf` honoured, give or take `clockTolerance` seconds; `sub` exactly the
 * URL called; `body` the base64url SHA-256 of the raw body (padding aside).
 */
export function createWakeUpVerifier(keys: { current: string; next: string }) {
  const receiver = new Receiver({ currentSigningKey: keys.current, nextSigningKey: keys.next, devMode: false });
  return async (request: { signature: string; body: string; url: string }): Promise<void> => {
    try {
      await receiver.verify({ signature: request.signature, body: request.body, url: request.url, clockTolerance: 5 });
    } catch (error) {
      throw new WakeUpSignatureError(error instanceof Error ? error.message : String(error));
    }
  };
}
