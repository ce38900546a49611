/**
 * Portico's server as a library: build the Hono app from your own
 * dependencies (`createApp`), or start everything from the environment the
 * way `npm start` does (`startPortico`), then serve `app.fetch` on any runtime.
 */
export { createApp, type AppType } from './app.ts';
export { startPortico, type RuntimeHooks } from './server.ts';
export { loadConfig, ConfigError, type Config } from './config.ts';
export type { AppDeps, ServeStatic } from './env.ts';
export type { Caller } from './domain/caller.ts';
export type { Clock } from './ports/clock.ts';
export type { Mailer, OutgoingEmail } from './ports/mailer.ts';
export { MailerError } from './ports/mailer.ts';
export type { Scheduler } from './ports/scheduler.ts';
export { createPostmarkMailer } from './adapters/postmark-mailer.ts';
export { devMailer } from './adapters/dev-mailer.ts';
export { createDb, type Db } from '../db/client.ts';
export { migrateDb } from '../db/migrate.ts';
export { createPorticoClient, type PorticoClient } from './client.ts';
