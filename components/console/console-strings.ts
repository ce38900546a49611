import type { Locale } from '../internal/api-types.ts';
import { en, enConsole, type ConsoleTranslation, type Translation } from '../translations/en.ts';
import { et, etConsole } from '../translations/et.ts';
import { enTaskEmails, etTaskEmails, type TaskEmailsTranslation } from './task-emails-strings.ts';
import { enTaskDetail, type TaskDetailTranslation } from '../client-task-list/task-detail-strings.ts';
import { etTaskDetail } from '../client-task-list/task-detail-strings.et.ts';
import { enUploadZone, type UploadZoneTranslation } from '../upload-zone/upload-zone-strings.ts';
import { etUploadZone } from '../upload-zone/upload-zone-strings.et.ts';
import { enDelivery, etDelivery, type DeliveryTranslation } from './delivery-strings.ts';
import { enAnnouncements, etAnnouncements, type AnnouncementsTranslation } from './announcements-strings.ts';
import { enPortalSettings, etPortalSettings, type PortalSettingsTranslation } from './portal-settings-strings.ts';
// --- console-clients (H3): clients, contacts, import, open portal ---
import { enClients, etClients, type ClientsTranslation } from './clients-strings.ts';
// --- end console-clients (H3) ---
// --- console setup (H4): sign-up, first steps, team, activity, logo and icon ---
import { enSetup, etSetup, type SetupTranslation } from './setup-strings.ts';
// --- end console setup (H4) ---

/** The console's inbox, requests and conversations (issue 9), in English. */
const enInbox = {
  navInbox: 'Inbox',
  inboxTitle: 'Inbox',
  inboxFiltersLabel: 'Inbox filters',
  inboxSearch: 'Search messages and requests',
  inboxShow: 'Show',
  inboxShowAll: 'Everything',
  inboxShowRequests: 'Requests',
  inboxShowTaskMessages: 'Messages on tasks',
  requestStateFilter: 'State',
  anyState: 'Any state',
  assignedToMe: 'Assigned to me',
  inboxEmpty: 'Nothing here.',
  inboxUnreadCount: (n: number) => (n === 0 ? 'All read.' : n === 1 ? '1 unread' : `${n} unread`),
  itemsShown: (n: number) => (n === 1 ? '1 item shown.' : `${n} items shown.`),
  unread: 'unread',
  newBadge: 'New',
  kindRequest: 'Request',
  kindTaskMessage: 'Message on a task',
  kindRequestMessage: 'Message on a request',
  unreadMessages: (n: number) => (n === 1 ? '1 new message' : `${n} new messages`),
  fromContact: (name: string) => `from ${name}`,
  requestStateOpen: 'Open',
  requestStateAnswered: 'Answered',
  requestStateConverted: 'Turned into a task',
  requestStateClosed: 'Closed',
  requestTitle: 'Request',
  loadingRequest: 'Loading the request…',
  contactLabel: 'Contact',
  receivedLabel: 'Received',
  assignedLabel: 'Assigned to',
  assignButton: 'Assign',
  assignedNobody: 'Nobody (responsible member, admins and owner)',
  requestAssigned: (name: string) => `Assigned to ${name}.`,
  requestUnassigned: 'No longer assigned to anyone.',
  requestAssignedAway: 'Assigned; the request is no longer directed to you.',
  closeRequest: 'Close',
  reopenRequest: 'Reopen',
  convertRequest: 'Turn into a task',
  requestClosed: 'The request is closed.',
  requestReopened: 'The request is open again.',
  requestConverted: 'Turned into a task.',
  convertedNote: 'This request was turned into a task.',
  openTheTask: 'Open the task',
  fromRequestLabel: 'From the request',
  requestConflict: 'That is not possible any more: the request changed (closed, reopened or turned into a task). It has been reloaded.',
  requestMissing: 'This request does not exist, or it is not directed to you.',
  requestFiles: 'Files',
  threadTitle: 'Conversation',
  threadEmpty: 'No messages yet.',
  showOlder: 'Show older messages',
  internalNoteLabel: 'Internal note — not visible to the client',
  fileInternal: 'Staff only',
  internalIcon: 'Lock',
  portalMessageLabel: 'Visible to the client',
  byEmail: 'by email',
  inReplyTo: (name: string) => `In reply to ${name}`,
  anEarlierMessage: 'an earlier message',
  reply: 'Reply',
  replyTo: (name: string) => `Reply to ${name}`,
  replyingTo: (name: string) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  composerLabel: 'Your message',
  composerHint: (max: string) => `Plain text, up to ${max} characters. Choose who sees it with the button you press.`,
  sendToClient: 'Send to client',
  addInternalNote: 'Add internal note',
  sending: 'Sending…',
  sentToClient: 'Sent to the client.',
  noteAdded: 'Internal note added.',
  messageEmpty: 'Write a message first.',
  messageTooLong: (max: string, n: string) => `A message is at most ${max} characters; this one has ${n}.`,
  messageNotSent: 'The message was not sent; your text is kept. Try again.',
  attachments: 'Attached files',
  attachFiles: 'Attach files (optional)',
  uploadingFile: (name: string, percent: number) => `Uploading “${name}”: ${percent}%`,
  attachmentRefused: (name: string, reason: string) => `“${name}”: ${reason} The message was not sent; your text and files are kept.`,
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type InboxTranslation = Strings<typeof enInbox>;

const etInbox: InboxTranslation = {
  navInbox: 'Postkast',
  inboxTitle: 'Postkast',
  inboxFiltersLabel: 'Postkasti filtrid',
  inboxSearch: 'Otsi sõnumeid ja pöördumisi',
  inboxShow: 'Näita',
  inboxShowAll: 'Kõik',
  inboxShowRequests: 'Pöördumised',
  inboxShowTaskMessages: 'Sõnumid ülesannetel',
  requestStateFilter: 'Olek',
  anyState: 'Iga olek',
  assignedToMe: 'Määratud mulle',
  inboxEmpty: 'Siin pole midagi.',
  inboxUnreadCount: (n: number) => (n === 0 ? 'Kõik loetud.' : `${n} lugemata`),
  itemsShown: (n: number) => (n === 1 ? 'Näidatud 1 kirje.' : `Näidatud ${n} kirjet.`),
  unread: 'lugemata',
  newBadge: 'Uus',
  kindRequest: 'Pöördumine',
  kindTaskMessage: 'Sõnum ülesandel',
  kindRequestMessage: 'Sõnum pöördumisel',
  unreadMessages: (n: number) => (n === 1 ? '1 uus sõnum' : `${n} uut sõnumit`),
  fromContact: (name: string) => `saatja ${name}`,
  requestStateOpen: 'Avatud',
  requestStateAnswered: 'Vastatud',
  requestStateConverted: 'Muudetud ülesandeks',
  requestStateClosed: 'Suletud',
  requestTitle: 'Pöördumine',
  loadingRequest: 'Laadin pöördumist…',
  contactLabel: 'Kontakt',
  receivedLabel: 'Saabunud',
  assignedLabel: 'Määratud',
  assignButton: 'Määra',
  assignedNobody: 'Mitte kellelegi (vastutaja, administraatorid ja omanik)',
  requestAssigned: (name: string) => `Määratud: ${name}.`,
  requestUnassigned: 'Pole enam kellelegi määratud.',
  requestAssignedAway: 'Määratud; pöördumine pole enam sulle suunatud.',
  closeRequest: 'Sulge',
  reopenRequest: 'Ava uuesti',
  convertRequest: 'Muuda ülesandeks',
  requestClosed: 'Pöördumine on suletud.',
  requestReopened: 'Pöördumine on jälle avatud.',
  requestConverted: 'Muudetud ülesandeks.',
  convertedNote: 'See pöördumine muudeti ülesandeks.',
  openTheTask: 'Ava ülesanne',
  fromRequestLabel: 'Pöördumisest',
  requestConflict: 'See pole enam võimalik: pöördumine muutus (suleti, avati uuesti või muudeti ülesandeks). See laaditi uuesti.',
  requestMissing: 'Seda pöördumist pole või see pole sulle suunatud.',
  requestFiles: 'Failid',
  threadTitle: 'Vestlus',
  threadEmpty: 'Sõnumeid veel pole.',
  showOlder: 'Näita vanemaid sõnumeid',
  internalNoteLabel: 'Sisemine märkus — klient seda ei näe',
  fileInternal: 'Ainult büroole',
  internalIcon: 'Lukk',
  portalMessageLabel: 'Klient näeb seda',
  byEmail: 'e-kirjaga',
  inReplyTo: (name: string) => `Vastus: ${name}`,
  anEarlierMessage: 'varasem sõnum',
  reply: 'Vasta',
  replyTo: (name: string) => `Vasta: ${name}`,
  replyingTo: (name: string) => `Vastad: ${name}`,
  cancelReply: 'Tühista vastamine',
  composerLabel: 'Sinu sõnum',
  composerHint: (max: string) => `Lihttekst, kuni ${max} märki. Kes seda näeb, valid vajutatava nupuga.`,
  sendToClient: 'Saada kliendile',
  addInternalNote: 'Lisa sisemine märkus',
  sending: 'Saadan…',
  sentToClient: 'Saadetud kliendile.',
  noteAdded: 'Sisemine märkus lisatud.',
  messageEmpty: 'Kirjuta kõigepealt sõnum.',
  messageTooLong: (max: string, n: string) => `Sõnum on kuni ${max} märki; selles on ${n}.`,
  messageNotSent: 'Sõnumit ei saadetud; sinu tekst on alles. Proovi uuesti.',
  attachments: 'Lisatud failid',
  attachFiles: 'Lisa failid (valikuline)',
  uploadingFile: (name: string, percent: number) => `Laadin üles „${name}“: ${percent}%`,
  attachmentRefused: (name: string, reason: string) => `„${name}“: ${reason} Sõnumit ei saadetud; sinu tekst ja failid on alles.`,
};

type NotificationKind = 'request.created' | 'message.client_added' | 'message.email_reply' | 'task.client_completed' | 'task.uploads_done';
type EmailPrefKey = 'requestCreated' | 'clientMessage' | 'clientCompleted' | 'uploadsDone';

/** The console's notifications and the member's email settings (issue 10), in English. */
const enNotifications = {
  navNotifications: 'Notifications',
  notificationsTitle: 'Notifications',
  notificationsEmpty: 'No notifications yet. You hear here what clients do on the clients you are responsible for or watch.',
  notificationsUnread: (n: number) => (n === 1 ? '1 unread' : `${n} unread`),
  notificationKind: (kind: NotificationKind, who: string) =>
    ({
      'request.created': `${who} sent a new request`,
      'message.client_added': `${who} wrote a message`,
      'message.email_reply': `${who} replied by email`,
      'task.client_completed': `${who} marked the task done`,
      'task.uploads_done': `${who} is done uploading`,
    })[kind],
  markRead: 'Mark read',
  markAllRead: 'Mark all read',
  emailPrefsTitle: 'Email me too when',
  emailPrefsHint: 'Notifications always show here; these choose which also come by email.',
  emailPrefLabel: (key: EmailPrefKey) =>
    ({ requestCreated: 'a client sends a request', clientMessage: 'a client writes or replies by email', clientCompleted: 'a client marks a task done', uploadsDone: 'a client is done uploading' })[key],
  emailPrefsSaved: 'Email settings saved.',
};

type NotificationsTranslation = { [K in keyof typeof enNotifications]: (typeof enNotifications)[K] extends (...args: infer A) => string ? (...args: A) => string : string };

const etNotifications: NotificationsTranslation = {
  navNotifications: 'Teavitused',
  notificationsTitle: 'Teavitused',
  notificationsEmpty: 'Teavitusi veel pole. Siin näed, mida teevad kliendid, kelle eest vastutad või keda jälgid.',
  notificationsUnread: (n: number) => `${n} lugemata`,
  notificationKind: (kind: NotificationKind, who: string) =>
    ({
      'request.created': `${who} saatis uue pöördumise`,
      'message.client_added': `${who} kirjutas sõnumi`,
      'message.email_reply': `${who} vastas e-kirjaga`,
      'task.client_completed': `${who} märkis ülesande tehtuks`,
      'task.uploads_done': `${who} on failid üles laadinud`,
    })[kind],
  markRead: 'Märgi loetuks',
  markAllRead: 'Märgi kõik loetuks',
  emailPrefsTitle: 'Saada mulle ka e-kiri, kui',
  emailPrefsHint: 'Teavitused on alati siin; need valikud ütlevad, millised tulevad ka e-postiga.',
  emailPrefLabel: (key: EmailPrefKey) =>
    ({ requestCreated: 'klient saadab pöördumise', clientMessage: 'klient kirjutab või vastab e-kirjaga', clientCompleted: 'klient märgib ülesande tehtuks', uploadsDone: 'klient on failid üles laadinud' })[key],
  emailPrefsSaved: 'E-kirjade seaded salvestatud.',
};

/** The console's strings: the shared ones of the client elements, with the console's own over them. */
export type ConsoleStrings = Omit<Translation, keyof ConsoleTranslation | keyof InboxTranslation> & Omit<ConsoleTranslation, keyof InboxTranslation> & InboxTranslation & NotificationsTranslation & TaskEmailsTranslation & DeliveryTranslation & PortalSettingsTranslation & AnnouncementsTranslation &
  // --- console-clients (H3) ---
  ClientsTranslation &
  // --- end console-clients (H3) ---
  /* console setup (H4) */ SetupTranslation &
  /** Words of client parts (their strings come with them) that the console says the same way. */
  Pick<TaskDetailTranslation, 'dueDateLabel' | 'noDescription'> & Pick<UploadZoneTranslation, 'refusedBadName'>;

const byLocale: Record<Locale, ConsoleStrings> = {
  en: { ...en, ...enTaskDetail, ...enUploadZone, ...enConsole, ...enInbox, ...enNotifications, ...enTaskEmails, ...enDelivery, ...enPortalSettings, ...enAnnouncements, /* console-clients (H3) */ ...enClients, /* console setup (H4) */ ...enSetup },
  et: { ...et, ...etTaskDetail, ...etUploadZone, ...etConsole, ...etInbox, ...etNotifications, ...etTaskEmails, ...etDelivery, ...etPortalSettings, ...etAnnouncements, /* console-clients (H3) */ ...etClients, /* console setup (H4) */ ...etSetup },
};

/** The console's strings for a locale. */
export const consoleStrings = (locale: Locale): ConsoleStrings => byLocale[locale];
