import type { Db } from '../db/client.ts';
import type { Config } from './config.ts';
import type { Clock } from './ports/clock.ts';
import type { Mailer } from './ports/mailer.ts';
import type { BlobStore } from './ports/blob-store.ts';
import type { Scheduler } from './ports/scheduler.ts';
import type { SessionStore } from './data/sessions.ts';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContactCaller, StaffCaller } from './domain/caller.ts';
import type { JobsWakeUp } from './ports/jobs.ts';

/** The caller types live in the domain; re-exported for the HTTP layer's convenience. */
export type { Caller, ContactCaller, StaffCaller } from './domain/caller.ts';

/** Serves files from a folder; each runtime entry passes its own (`@hono/node-server`, `hono/deno`). */
export type ServeStatic = (options: { root: string; path?: string; rewriteRequestPath?: (path: string) => string }) => MiddlewareHandler;

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  mailer: Mailer;
  scheduler: Scheduler;
  /** Where file bytes live. */
  blobs: BlobStore;
  /** Absent in API-only use (tests, server-to-server): then no pages are served. */
  serveStatic?: ServeStatic;
  /** Where the build lives: pages in `web/`, the one-file embed in `embed/`. */
  distRoot?: string;
  /** The caller's network address for rate limits; each runtime entry knows how to read it. */
  clientAddress?: (c: Context) => string | undefined;
  /** Signed wake-ups from QStash (`SCHEDULER=qstash`); absent with the local scheduler. */
  jobs?: JobsWakeUp;
  /** Moves the clock with `POST /dev/clock` when `DEV_CLOCK=1`. */
  advanceClock?: (ms: number) => void;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    sessions: SessionStore;
    requestId: string;
    clientAddress: string;
    contact: ContactCaller;
    /** The firm the request turned out to be for (its session or sign-in link), so CORS can answer for that firm only. */
    firmId: string;
    staff: StaffCaller;
  };
}
