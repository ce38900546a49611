import type { StringsOf } from '../translations/strings.ts';

/** A conversation's strings (`<portico-thread>`), in English: they come with it (the shared strings are in `translations/en.ts`; each other locale's are a module of their own, `*.et.ts`, fetched by the part when an element in that language needs them). */
export const enThread = {
  threadHeading: 'Messages',
  threadEmpty: 'No messages yet.',
  threadError: 'The messages could not be loaded.',
  olderMessages: 'Show earlier messages',
  you: 'You',
  viaEmail: 'by email',
  reply: 'Reply',
  replyToNamed: (name: string) => `Reply to ${name}`,
  inReplyTo: (name: string) => `In reply to ${name}`,
  inReplyToEarlier: 'In reply to an earlier message',
  messageLabel: 'Your message',
  replyingTo: (name: string) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  send: 'Send',
  messageSent: 'Your message is sent.',
  charCount: (n: string, max: string) => `${n} of ${max} characters`,
  messageFailed: 'Your message was not sent; it is still here. Please try again.',
  threadClosed: 'This conversation is closed.',
  threadConverted: 'This request became a task: please write on the task.',
  threadsOff: (firm: string) => `${firm} does not take new conversations in the portal. Please contact ${firm} directly by email or phone.`,
  attachFiles: 'Attach files',
  attachedCount: (n: number) => (n === 1 ? '1 file will be attached.' : `${n} files will be attached.`),
};

export type ThreadTranslation = StringsOf<typeof enThread>;

