import type { StringsOf } from '../translations/strings.ts';

/** `<request-form>`'s strings, in English: they come with it (the shared strings are in `translations/en.ts`; each other locale's are a module of their own, `*.et.ts`, fetched by the part when an element in that language needs them). */
export const enRequestForm = {
  requestHeading: 'Send a request',
  subjectLabel: 'Subject',
  requestBodyLabel: 'Message',
  requestFilesLabel: 'Files (optional)',
  remove: 'Remove',
  removeFile: (name: string) => `Remove ${name}`,
  sendRequest: 'Send request',
  requestSent: 'Your request is sent.',
  subjectEmpty: 'Please give the request a subject.',
  requestFailed: 'Your request was not sent. Please try again.',
  fixFields: 'Please correct the marked fields.',
  chooseCompany: 'Please choose a company first.',
  requestsOff: (firm: string) =>
    `${firm} does not take new requests in the portal. Please contact ${firm} directly by email or phone. You can still reply to your earlier requests below.`,
  signInToSendRequests: 'Please sign in to send requests.',
  requestFilesHeading: 'Files for your request',
  yourRequests: 'Your requests',
  noRequests: 'You have not sent any requests yet.',
  requestsError: 'Your requests could not be loaded.',
  stateOpen: 'Open',
  stateAnswered: 'Answered',
  stateConverted: 'Turned into a task',
  stateClosed: 'Closed',
  sentOnDate: (date: string) => `Sent ${date}`,
  openTask: (title: string) => `Open the task “${title}”`,
};

export type RequestFormTranslation = StringsOf<typeof enRequestForm>;

