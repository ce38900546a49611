import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../ports/clock.ts';
import type { Mailer } from '../ports/mailer.ts';
import { ASSIGNED_JOB, assignmentNoticeHandler } from './assignment-notice.ts';
import { EMAIL_JOB, emailHandler } from './email.ts';
import { PURGE_JOB, purgeHandler } from './maintenance.ts';
import { SIGN_IN_JOB, signInLinkHandler } from './sign-in-link.ts';
import type { JobHandler } from './runner.ts';

/** Every kind of deferred work and the handler that does it. */
export function jobHandlers(deps: { db: Db; clock: Clock; config: Config; mailer: Mailer }): Record<string, JobHandler> {
  return {
    [EMAIL_JOB]: emailHandler(deps.db, deps.clock, deps.mailer),
    [ASSIGNED_JOB]: assignmentNoticeHandler(deps.db, deps.clock, deps.config),
    [PURGE_JOB]: purgeHandler(deps.db, deps.clock),
    [SIGN_IN_JOB]: signInLinkHandler(deps.db, deps.clock, deps.config, deps.mailer),
  };
}
