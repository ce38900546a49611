import type { Translation } from '../translations/en.ts';
import { ApiError } from './api-client.ts';

/** Keys of strings that are plain strings (not formatters): the shared ones', or those of a part's `t`. */
export type MessageKey<T = Translation> = {
  [K in keyof T]: T[K] extends string ? K : never;
}[keyof T];

/** The message a person should see for a failed call, unless the caller knows better. */
export const errorMessage = (err: unknown): MessageKey => {
  if (err instanceof ApiError) {
    if (err.code === 'network') return 'errorNetwork';
    if (err.status === 429) return 'errorRateLimited';
    // A staff member's preview of the portal (`#preview=`): every write is refused.
    if (err.code === 'preview_read_only') return 'errorPreviewReadOnly';
  }
  return 'errorGeneric';
};

/** Whether the error means the session is not (or no longer) valid. */
export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

/** Whether `err` is the abort of a superseded request. */
export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';
