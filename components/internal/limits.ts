/**
 * The server's limits on what a contact writes, checked in the elements
 * before sending (the server checks them again). `api-types.type-test.ts`
 * fails the build when they differ from the server's.
 */
/** A message body (`MAX_MESSAGE_CHARS` in edge/routes/messages.ts). */
export const MAX_MESSAGE_CHARS = 10_000;
/** A request's subject (`MAX_SUBJECT_CHARS` in edge/routes/requests.ts). */
export const MAX_SUBJECT_CHARS = 200;

/** A text's length as the server counts it against these limits: trimmed, in UTF-16 units (valibot's maxLength). */
export const countedLength = (text: string): number => text.trim().length;
