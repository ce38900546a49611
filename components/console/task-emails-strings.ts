/** The strings of "What this client receives next", in English (merged into the console's strings). */
export const enTaskEmails = {
  receivesNextTitle: 'What this client receives next',
  receivesNextScheduled: 'Scheduled',
  receivesNextSent: 'Sent',
  receivesNextNone: 'Nothing scheduled.',
  receivesNextNoneSent: 'No email about this task yet.',
  resend: 'Resend',
  resent: (title: string) => `“${title}” was emailed again.`,
  emailKindAssigned: 'New task',
  emailKindReminder: 'Reminder',
  emailKindResend: 'Sent again',
  emailKindOther: 'Email',
  emailStateScheduled: 'scheduled',
  emailStateQueued: 'queued',
  emailStateSent: 'sent',
  emailStateFailed: 'failed',
  emailStateUndeliverable: 'undeliverable',
  emailTo: (name: string) => `to ${name}`,
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type TaskEmailsTranslation = Strings<typeof enTaskEmails>;

export const etTaskEmails: TaskEmailsTranslation = {
  receivesNextTitle: 'Mida see klient järgmisena saab',
  receivesNextScheduled: 'Ajastatud',
  receivesNextSent: 'Saadetud',
  receivesNextNone: 'Midagi pole ajastatud.',
  receivesNextNoneSent: 'Selle ülesande kohta pole veel kirju.',
  resend: 'Saada uuesti',
  resent: (title: string) => `„${title}” saadeti uuesti.`,
  emailKindAssigned: 'Uus ülesanne',
  emailKindReminder: 'Meeldetuletus',
  emailKindResend: 'Uuesti saadetud',
  emailKindOther: 'Kiri',
  emailStateScheduled: 'ajastatud',
  emailStateQueued: 'järjekorras',
  emailStateSent: 'saadetud',
  emailStateFailed: 'ebaõnnestus',
  emailStateUndeliverable: 'ei saa kätte toimetada',
  emailTo: (name: string) => `saaja ${name}`,
};

