import type { Db } from '../db/client.ts';
import type { Config } from './config.ts';
import type { Clock } from './ports/clock.ts';
import type { Mailer } from './ports/mailer.ts';
import type { Scheduler } from './ports/scheduler.ts';
import type { SessionStore } from './data/sessions.ts';
import type { Context, MiddlewareHandler } from 'hono';

/** Serves files from a folder; each runtime entry passes its own (`@hono/node-server`, `hono/deno`). */
export type ServeStatic = (options: { root: string; path?: string; rewriteRequestPath?: (path: string) => string }) => MiddlewareHandler;

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  mailer: Mailer;
  scheduler: Scheduler;
  /** Absent in API-only use (tests, server-to-server): then no pages are served. */
  serveStatic?: ServeStatic;
  /** Where the build lives: pages in `web/`, the one-file embed in `embed/`. */
  distRoot?: string;
  /** The caller's network address for rate limits; each runtime entry knows how to read it. */
  clientAddress?: (c: Context) => string | undefined;
  /** Signed wake-ups from QStash (`SCHEDULER=qstash`); absent with the local scheduler. */
  jobs?: {
    /** Runs every due job; answers how many ran. */
    runDue(): Promise<number>;
    /** Throws WakeUpSignatureError unless QStash signed this body for this URL. */
    verifyWakeUp(request: { signature: string; body: string; url: string }): Promise<void>;
  };
  /** Moves the clock with `POST /dev/clock` when `DEV_CLOCK=1`. */
  advanceClock?: (ms: number) => void;
}

/** Who is calling, from a verified session or API key. The firm comes only from here. */
export type Caller =
  | {
      kind: 'contact';
      firmId: string;
      contactId: string;
      sessionId: string;
      /** The companies the contact may open: linked with portal access, portal open (as of the session lookup). */
      clientIds: readonly string[];
      /** The firm's timezone, in which due dates are read. */
      timezone: string;
    }
  | { kind: 'member'; firmId: string; memberId: string; role: 'owner' | 'admin' | 'member'; sessionId: string; timezone: string }
  | { kind: 'apikey'; firmId: string; keyId: string; timezone: string };

export type ContactCaller = Extract<Caller, { kind: 'contact' }>;
export type StaffCaller = Exclude<Caller, { kind: 'contact' }>;

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
