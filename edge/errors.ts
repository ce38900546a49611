import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'invalid_token'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'requests_off'
  // Conversations: a completed task, a closed or converted request takes no client message.
  | 'thread_closed'
  // Files (edge/routes/files.ts, uploads.ts)
  | 'file_too_large'
  | 'empty_file'
  | 'bad_name'
  | 'bad_metadata'
  | 'type_not_allowed'
  | 'offset_mismatch'
  | 'item_not_document_request'
  | 'download_link_invalid'
  | 'download_link_expired'
  | 'not_your_file'
  | 'delete_window_passed'
  // Issue 8: document requests, done uploading, digitisation.
  | 'needs_file'
  | 'not_a_document_request'
  | 'not_offered'
  | 'digitisation_off'
  | 'no_digitisation_address'
  | 'no_files'
  // Issue 11: the sign-in code beside the link, and identity tokens from the firm's own server.
  | 'slug_taken'
  | 'signup_closed'
  | 'member_exists'
  | 'undeliverable'
  | 'portal_inactive'
  | 'invalid_code'
  | 'code_locked'
  | 'pin_required'
  | 'wrong_pin'
  | 'pin_locked'
  | 'new_pin_required'
  | 'identity_token_invalid'
  | 'identity_token_expired'
  | 'identity_token_used'
  | 'identity_unknown_contact'
  // Clients and contacts: creating, linking, editing, importing from CSV.
  | 'client_exists'
  | 'already_linked'
  | 'email_taken'
  | 'csv_invalid'
  | 'csv_missing_column'
  | 'csv_has_errors'
  | 'csv_too_large'
  | 'preview_read_only'
  | 'email_unchanged'
  | 'internal';

export interface ErrorIssue {
  path: string;
  message: string;
}

/** The one error a handler throws; the app's error handler turns it into the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'Not found') => new ApiError(404, 'not_found', what);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const unauthorized = (message = 'Sign in first') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed') => new ApiError(403, 'forbidden', message);

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId: string };
}
