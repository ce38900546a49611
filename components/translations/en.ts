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
  openTab: 'Open',
  noDoneTasks: 'No done tasks yet.',
  showMore: 'Show more',
  saving: 'Saving…',
  saved: 'Saved.',
  checklistError: 'The checklist could not be saved, so the tick was undone. Please try again.',
  undo: 'Undo',
  taskReopened: 'The task is open again.',
  undoError: 'The task could not be reopened. Please try again.',
  completedByFirm: 'Your accountant has completed this task, so it can no longer be changed.',
  workHeading: 'Work in progress',
  workStarted: (date: string) => `Started ${date}`,
  workError: 'Work in progress could not be loaded.',
  startHeading: 'Start something new',
  starting: 'Starting…',
  started: 'Started. The new tasks are in the Open tab.',
  startError: 'It could not be started. Please try again.',
};

/**
 * English strings of the staff console. The console shows these over the
 * shared ones above (so its sign-in words itself for staff, while a dead
 * link, an error or "Try again" read as in the client elements).
 */
export const enConsole = {
  title: 'Staff console',
  noFirm: 'This console is not set up: it needs the firm’s slug in its firm attribute, for example <portico-console firm="your-firm">.',
  loading: 'Checking your session…',
  signInHeading: 'Sign in to the staff console',
  signInIntro: 'Enter your work email address. We will email you a sign-in link.',
  sendLink: 'Email me a sign-in link',
  checkEmailBody: (email: string) =>
    `If ${email} belongs to a member of staff, a sign-in link is on its way. Open it on this device.`,
  continueIntro: 'Your sign-in link for the staff console is ready.',
  linkElsewhere: 'This sign-in link is not for this firm’s staff console (it may be a client portal link). Enter your email address to get one that is.',
  signedInAsFirm: (email: string, firm: string) => `Signed in as ${email} · ${firm}`,
  signedOut: 'You are signed out.',
  clientsTitle: 'Clients',
  clientsLoading: 'Loading clients…',
  noClients: 'No clients yet.',
  contactsCount: (n: number) => (n === 1 ? '1 contact' : `${n} contacts`),
  portalClosed: 'portal closed',
  chooseClient: 'Choose a client to see its tasks.',
  tasksPanelHeading: 'Tasks',
  tasksTitle: (client: string) => `Tasks for ${client}`,
  tasksLoading: 'Loading tasks…',
  noClientTasks: 'No tasks for this client yet.',
  contactsLine: (emails: string) => `Portal contacts: ${emails}`,
  noContacts: 'No portal contacts yet.',
  newTask: 'New task',
  closeNewTask: 'Cancel',
  newTaskTitle: 'New task',
  titleLabel: 'Title',
  descriptionLabel: 'Description',
  checklistLabel: 'Checklist',
  checklistHint: 'One item per line.',
  assignNowLabel: 'Assign to portal now',
  create: 'Create task',
  creating: 'Creating…',
  titleRequired: 'Please give the task a title.',
  created: (title: string) => `Task “${title}” created.`,
  createdAndAssigned: (title: string) => `Task “${title}” created and assigned to the portal.`,
  statusDraft: 'Draft',
  statusAssigned: 'Assigned',
  statusWithdrawn: 'Withdrawn',
  statusCompleted: 'Completed',
  clientDone: 'Marked done by the client',
  overdueNote: 'overdue',
  checklistCount: (done: number, total: number) => `Checklist ${done}/${total}`,
  actionAssign: 'Assign',
  actionWithdraw: 'Withdraw',
  actionComplete: 'Complete',
  actionReopen: 'Reopen',
  assigned: (title: string) => `“${title}” is assigned to the portal.`,
  withdrawn: (title: string) => `“${title}” is withdrawn from the portal.`,
  completed: (title: string) => `“${title}” is completed.`,
  reopened: (title: string) => `“${title}” is reopened.`,
  conflict: 'That change is not possible any more; the list has been refreshed.',
};

type Strings<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

/** One locale's strings. Every locale module exports a value of this type. */
export type Translation = Strings<typeof en>;

/** One locale's strings of the staff console. */
export type ConsoleTranslation = Strings<typeof enConsole>;

const check: [Translation, ConsoleTranslation] = [en, enConsole];
void check;
