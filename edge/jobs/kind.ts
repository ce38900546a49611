import type * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../ports/clock.ts';
import { MailerError, type Mailer } from '../ports/mailer.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Job } from './queue.ts';

/** What every job handler gets: the same object for all of them. */
export interface JobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  mailer: Mailer;
  blobs: BlobStore;
}

/** One kind of deferred work: the shape of its payload, checked before it runs, and what it does. */
export interface JobKind<S extends v.GenericSchema = v.GenericSchema> {
  payload: S;
  run(payload: v.InferOutput<S>, job: Job, deps: JobDeps): Promise<void>;
  /**
   * Optional: runs several claimed jobs of this kind at once (the outbox hands
   * its emails to the mailer in one call). Answers one outcome per job, in
   * order: null when it is done, else the error it failed with, which the
   * runner treats as if `run` had thrown it (retry with backoff, or failed
   * for good). When it rejects, every job of the batch gets that error and
   * retries: it may reject after the provider accepted some of them, so a
   * handler must make a repeated attempt harmless (the outbox looks up what
   * it handed over before sending again).
   */
  runBatch?(batch: readonly BatchItem<v.InferOutput<S>>[], deps: JobDeps): Promise<(Error | null)[]>;
}

export interface BatchItem<P> {
  payload: P;
  job: Job;
}

/** Declares a job kind with its payload's type flowing from the schema into the handler. */
export const defineJob = <S extends v.GenericSchema>(kind: JobKind<S>): JobKind<S> => kind;

/** A handler throws this when trying again cannot help. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Whether a failure is for good: the handler said so, or the mailer refused
 * the email for good (a bad or inactive address), so sending again cannot help.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (error instanceof MailerError && !error.retryable);
}
