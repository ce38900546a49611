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
import { jobHandlers } from './jobs/handlers.ts';
import { nextRunAt } from './jobs/queue.ts';
import { runDueJobs } from './jobs/runner.ts';
import type { Mailer } from './ports/mailer.ts';

export interface RuntimeHooks {
  serveStatic?: ServeStatic;
  distRoot?: string;
  clientAddress?: (c: Context) => string | undefined;
}

function mailerFor(config: Config): Mailer {
  if (config.mailer === 'postmark') return createPostmarkMailer({ serverToken: config.postmarkToken!, from: config.mailFrom });
  return devMailer;
}

/**
 * Everything both runtime entries share: config from the environment, the
 * database opened and migrated (and seeded unless SEED=0), the mailer, the
 * job loop, and the app. The entries only add a listening server.
 */
export async function startPortico(env: Record<string, string | undefined>, hooks: RuntimeHooks = {}) {
  const config = loadConfig(env);
  if (config.scheduler === 'qstash') throw new Error('SCHEDULER=qstash is not available yet in this version; use SCHEDULER=local');
  const db = await createDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  await migrateDb(db);
  const clock = config.devClock ? new AdjustableClock() : systemClock;
  if (config.seed) await seedDemo(db, { publicUrl: config.publicUrl, extraOrigins: config.demoExtraOrigins, now: clock.now() });

  const mailer = mailerFor(config);
  const handlers = jobHandlers({ db, clock, config, mailer });
  const scheduler = new LocalScheduler({
    clock,
    tick: async () => {
      await runDueJobs({ db, clock, handlers });
      return nextRunAt(db);
    },
  });
  const deps: AppDeps = {
    db,
    config,
    clock,
    mailer,
    scheduler,
    ...hooks,
    ...(clock instanceof AdjustableClock
      ? { advanceClock: (ms: number) => { clock.advance(ms); void scheduler.wake(clock.now(), 'dev-clock'); } }
      : {}),
  };
  const app = createApp(deps);
  scheduler.start();
  return {
    app,
    config,
    deps,
    async close() {
      scheduler.close();
      await scheduler.idle();
      db.$client.close();
    },
  };
}
