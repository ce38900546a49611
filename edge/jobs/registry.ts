import type { JobKind } from './kind.ts';
import { ASSIGNED_JOB, assignmentNoticeJob } from './assignment-notice.ts';
import { DIGITISE_JOB, digitiseJob } from './digitise.ts';
import { EMAIL_JOB, emailJob } from './email.ts';
import { PURGE_JOB, purgeJob } from './maintenance.ts';
import { MESSAGE_JOB, messageNoticeJob } from './message-notice.ts';
import { DIGEST_JOB, digestJob } from './notify-contact.ts';
import { DISPATCH_JOB, dispatchJob } from './notify-dispatch.ts';
import { reminderMorningJob, reminderTaskJob } from './reminder.ts';
import { REMINDER_MORNING_JOB, REMINDER_TASK_JOB } from './reminder-schedule.ts';
import { RECURRING_TASK_JOB, recurringTaskJob } from './recurring-task.ts';
import { SIGN_IN_JOB, signInLinkJob } from './sign-in-link.ts';
import { TEMPLATE_SEND_JOB, templateSendJob, WORK_REPEAT_JOB, workRepeatJob } from './template-work.ts';

/** Every kind of deferred work, by the name stored in `jobs.kind`: its payload schema and its handler. */
export const jobKinds: Readonly<Record<string, JobKind>> = {
  [EMAIL_JOB]: emailJob,
  [ASSIGNED_JOB]: assignmentNoticeJob,
  [MESSAGE_JOB]: messageNoticeJob,
  [PURGE_JOB]: purgeJob,
  [SIGN_IN_JOB]: signInLinkJob,
  [RECURRING_TASK_JOB]: recurringTaskJob,
  [TEMPLATE_SEND_JOB]: templateSendJob,
  [WORK_REPEAT_JOB]: workRepeatJob,
  [DIGITISE_JOB]: digitiseJob,
  [DISPATCH_JOB]: dispatchJob,
  [DIGEST_JOB]: digestJob,
  [REMINDER_TASK_JOB]: reminderTaskJob,
  [REMINDER_MORNING_JOB]: reminderMorningJob,
};
