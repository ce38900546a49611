import type { Locale } from '../internal/api-types.ts';

/** What `<client-task-list>` says when a task link names a task the contact may not see (a 404), in English. */
export const enTaskLink = {
  taskMissingTitle: 'This task is not available',
  taskMissingText:
    'The task in this link is not in your portal: it may have been completed or withdrawn, or it was sent to someone else. Your other tasks are listed under “Back to tasks”.',
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type TaskLinkTranslation = Strings<typeof enTaskLink>;

export const etTaskLink: TaskLinkTranslation = {
  taskMissingTitle: 'See ülesanne pole saadaval',
  taskMissingText:
    'Selle lingi ülesannet pole sinu portaalis: see võib olla lõpetatud või tagasi võetud või saadetud kellelegi teisele. Teised ülesanded leiad nupu „Tagasi ülesannete juurde” alt.',
};

export const taskLinkStrings = (locale: Locale): TaskLinkTranslation => (locale === 'et' ? etTaskLink : enTaskLink);
