import type { Context } from 'hono';
import { createDb } from '../db/client.ts';
import { migrateDb } from '../db/migrate.ts';
import { seedDemo } from '../db/seed.ts';
import { createApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import type { AppDeps, ServeStatic } from './env.ts';
import { AdjustableClock, systemClock } from './adapters/system-clock.ts';
import { devMailer } from './adapters/dev-mailer.ts';
import { createPostmarkMailer } from './adapters/postmark-mailer.ts';
import { LocalScheduler } from './adapters/local-scheduler.ts';
import { createQstashScheduler, createWakeUpVerifier } from './adapters/qstash-scheduler.ts';
import type { Clock } from './ports/clock.ts';
import type { Scheduler } from './ports/scheduler.ts';
import type { JobDeps } from './jobs/kind.ts';
import { jobKinds } from './jobs/registry.ts';
import { schedulePurge } from './jobs/maintenance.ts';
import { nextRunAt } from './jobs/queue.ts';
import { runDueJobs } from './jobs/runner.ts';
import type { Mailer } from './ports/mailer.ts';
import type { Db } from '../db/client.ts';
import type { BlobStore } from './ports/blob-store.ts';
import { createDiskBlobStore } from './adapters/disk-blob-store.ts';
import { createS3BlobStore } from './adapters/s3-blob-store.ts';

export interface RuntimeHooks {
  serveStatic?: ServeStatic;
  distRoot?: string;
  clientAddress?: (c: Context) => string | undefined;
}

/** The mailer the configuration asks for: Postmark with a token, else the dev mailbox. */
export function mailerFor(config: Config): Mailer {
  if (config.mailer === 'postmark') {
    const api = new URL(config.postmarkApiUrl);
    return createPostmarkMailer({ serverToken: config.postmarkToken!, from: config.mailFrom, requestHost: api.host, useHttps: api.protocol === 'https:' });
  }
  return devMailer;
}

/** The blob store the configuration asks for. */
export function blobStoreFor(config: Config): BlobStore {
  if (config.blobs.kind === 'disk') return createDiskBlobStore(config.blobs.dir);
  const { kind: _kind, ...s3 } = config.blobs;
  return createS3BlobStore(s3);
}

export interface DepsOptions extends RuntimeHooks {
  /** Default: a movable clock with `DEV_CLOCK=1`, else the system clock. */
  clock?: Clock;
  /** Default: from the configuration (QStash or the in-process timer). Tests pass one that records wake-ups. */
  scheduler?: Scheduler;
  /** Where the job runner reports failures (default: stderr). */
  log?: (message: string) => void;
}

/**
 * The app's dependencies wired from the configuration, once for the server
 * and the tests alike: the clock, the mailer, the scheduler and the signed
 * wake-ups, and the job runner every handler shares. `local` is the
 * in-process scheduler when that is the one in use (the caller starts it).
 */
export async function buildDeps(db: Db, config: Config, options: DepsOptions = {}) {
  const { clock: givenClock, scheduler: givenScheduler, log, ...hooks } = options;
  const clock = givenClock ?? (config.devClock ? new AdjustableClock() : systemClock);
  const mailer = mailerFor(config);
  const blobs = blobStoreFor(config);
  const jobDeps: JobDeps = { db, clock, config, mailer, blobs };
  const runDue = () => runDueJobs({ db, clock, kinds: jobKinds, deps: jobDeps, ...(log ? { log } : {}) });
  let local: LocalScheduler | undefined;
  let scheduler: Scheduler;
  let jobs: AppDeps['jobs'];
  if (givenScheduler) {
    scheduler = givenScheduler;
  } else if (config.qstash) {
    const qstash = createQstashScheduler({ token: config.qstash.token, baseUrl: config.qstash.url, publicUrl: config.publicUrl, maxDelayMs: config.qstash.maxDelayMs, clock, db });
    // Without the minute tick, jobs beyond the delay limit would never run: say so loudly, but serve.
    await qstash.ensureTick().catch((error: unknown) => console.error(`QStash: could not create the minute tick schedule: ${String(error)}`));
    scheduler = qstash;
    jobs = { runDue, verifyWakeUp: createWakeUpVerifier({ current: config.qstash.currentSigningKey, next: config.qstash.nextSigningKey }) };
  } else {
    scheduler = local = new LocalScheduler({ clock, tick: async () => { await runDue(); return nextRunAt(db); } });
  }
  const deps: AppDeps = {
    db,
    config,
    clock,
    mailer,
    scheduler,
    blobs,
    ...(jobs ? { jobs } : {}),
    ...hooks,
    ...(clock instanceof AdjustableClock
      ? { advanceClock: (ms: number) => { clock.advance(ms); void scheduler.wake(clock.now(), 'dev-clock'); } }
      : {}),
  };
  return { deps, clock, runDue, local };
}

/**
 * Everything both runtime entries share: config from the environment, the
 * database opened and migrated (and seeded unless SEED=0), the mailer, the
 * job loop, and the app. The entries only add a listening server.
 */
export async function startPortico(env: Record<string, string | undefined>, hooks: RuntimeHooks = {}) {
  const config = loadConfig(env);
  const db = await createDb(config.databaseUrl, config.databaseAuthToken);
  await migrateDb(db);
  const { deps, clock, local } = await buildDeps(db, config, hooks);
  if (config.seed) await seedDemo(db, { publicUrl: config.publicUrl, extraOrigins: config.demoExtraOrigins, now: clock.now() });
  await schedulePurge(db, clock.now());
  const app = createApp(deps);
  local?.start();
  return {
    app,
    config,
    deps,
    async close() {
      local?.close();
      await local?.idle();
      db.$client.close();
    },
  };
}
