import { takeFragmentParam } from '../client-portal/fragment-params.ts';
import { sessionStore } from '../internal/session-store.ts';

/** A task id as the server makes them; anything else in `#task=` is not a link of ours. */
const TASK_ID = /^tsk_[a-z0-9]{1,40}$/;

/** How long a wanted task is kept for a sign-in: about the time it takes to ask for a link and open it. */
const KEEP_MS = 60 * 60 * 1000;

/** Kept in `localStorage` beside the session (per API origin and firm), so a sign-in link opened in another tab ends at the task too. */
const keyOf = (base: string, firm: string): string => `${sessionStore.key('session', base, firm)}:task`;

/**
 * The task a task email's link asks for (`#task=<id>`, put there by
 * `GET /api/v1/links/task/:token`): taken out of the address as soon as it is
 * read, then kept until the contact is signed in and it opens.
 */
export const taskLink = {
  /** The task named in the address, taken out of it; `null` when there is none (or it is not a task id). */
  takeFromAddress(): string | null {
    const id = takeFragmentParam('task');
    return id && TASK_ID.test(id) ? id : null;
  },
  /** Keeps the wanted task while the visitor signs in (storage may be off: then only this page remembers it). */
  keep(base: string, firm: string, taskId: string, now = Date.now()): void {
    try {
      localStorage.setItem(keyOf(base, firm), JSON.stringify({ taskId, at: now }));
    } catch {
      /* storage unavailable */
    }
  },
  /** The task kept for this server and firm within the last hour, forgotten as it is read. */
  take(base: string, firm: string, now = Date.now()): string | null {
    try {
      const key = keyOf(base, firm);
      const raw = localStorage.getItem(key);
      if (raw === null) return null;
      localStorage.removeItem(key);
      const kept = JSON.parse(raw) as { taskId?: unknown; at?: unknown };
      const fresh = typeof kept.at === 'number' && now - kept.at >= 0 && now - kept.at < KEEP_MS;
      return fresh && typeof kept.taskId === 'string' && TASK_ID.test(kept.taskId) ? kept.taskId : null;
    } catch {
      return null;
    }
  },
};
