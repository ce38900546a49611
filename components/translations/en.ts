/**
 * English strings: the source of the {@link Translation} type. Every
 * user-visible string of the client elements comes from here.
 */
export const en = {
  $code: 'en',
  $name: 'English',

  // Shared
  loading: 'Loading…',
  retry: 'Try again',
  errorGeneric: 'Something went wrong. Please try again.',
  errorNetwork: 'The server could not be reached. Check your connection and try again.',
  errorRateLimited: 'Too many attempts. Please wait a moment and try again.',

  // <client-portal>
  portalTitle: 'Client portal',
  firmNotFound: 'This portal could not be found.',
  originRefused: (origin: string) =>
    `This page's address, ${origin}, is not allowed for this firm's portal. Add it to the allowed origins in the firm's settings.`,
  signInHeading: 'Sign in',
  signInIntro: 'Enter your email address and we will send you a link to sign in. No password needed.',
  emailLabel: 'Email address',
  sendLink: 'Send sign-in link',
  sendingLink: 'Sending…',
  checkEmailHeading: 'Check your email',
  checkEmailBody: (email: string) =>
    `If ${email} has access to this portal, a sign-in link is on its way. The link works once and is valid for 24 hours.`,
  useAnotherEmail: 'Use another email address',
  checkingLink: 'Checking your sign-in link…',
  continueIntro: 'Your sign-in link is ready.',
  continueAs: (email: string) => `Continue as ${email}`,
  signingIn: 'Signing in…',
  linkInvalid: 'This sign-in link is invalid, already used or expired. Enter your email address to get a new one.',
  linkElsewhere: 'This sign-in link is not for this portal. Enter your email address to get one that is.',
  sessionExpired: 'Your session has ended. Please sign in again.',
  signedInAs: 'Signed in as',
  companyLabel: 'Company',
  signOut: 'Sign out',
  signedOut: 'You have signed out.',

  // <client-task-list>
  tasksHeading: 'Your tasks',
  signInToSeeTasks: 'Please sign in to see your tasks.',
  loadingTasks: 'Loading tasks…',
  tasksError: 'Your tasks could not be loaded.',
  noTasks: 'You have no tasks right now.',
  taskCount: (n: number) => (n === 1 ? '1 task' : `${n} tasks`),
  unread: 'New',
  overdue: 'Overdue',
  taskDone: 'Done',
  dueOn: (date: string) => `Due ${date}`,
  dueDateLabel: 'Due date',
  noDueDate: 'No due date',
  checklistProgress: (done: number, total: number) => `${done} of ${total} done`,
  checklistHeading: 'Checklist',
  checklistItemDone: 'done',
  checklistItemOpen: 'not done',
  noDescription: 'No description.',
  backToTasks: 'Back to tasks',
  loadingTask: 'Loading task…',
  taskError: 'This task could not be opened.',
  markDone: 'Mark as done',
  markingDone: 'Saving…',
  markedDone: 'Task marked as done.',
  markDoneError: 'The task could not be marked as done. Please try again.',
  taskIsDone: 'You have marked this task as done.',
};

type Strings<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

/** One locale's strings. Every locale module exports a value of this type. */
export type Translation = Strings<typeof en>;

const check: Translation = en;
void check;
