import type { DeliveryState } from '../internal/api-types.ts';

/** The job kinds staff meet in the Delivery view (`jobs.kind`); any other is shown as it is stored. */
export type DeliveryKind =
  | 'email.send'
  | 'notify.assigned'
  | 'notify.message'
  | 'notify.digest'
  | 'events.dispatch'
  | 'reminder.task'
  | 'reminder.morning'
  | 'auth.link'
  | 'task.next_occurrence'
  | 'template.send'
  | 'work.repeat'
  | 'files.digitise';

/** The strings of the console's Delivery view (failed and waiting jobs of the firm), in English (merged into the console's strings). */
export const enDelivery = {
  navDelivery: 'Delivery',
  deliveryTitle: 'Delivery',
  deliveryIntro: 'Emails, reminders and other background work that failed or is waiting. Work that failed is tried again automatically a few times; after that it waits here for you.',
  deliveryStateFilter: 'Show',
  deliveryStateAll: 'Failed and waiting',
  deliveryState: (state: DeliveryState) => ({ failed: 'Failed', retrying: 'Will try again', pending: 'Waiting' })[state],
  deliveryKind: (kind: DeliveryKind) =>
    ({
      'email.send': 'Email',
      'notify.assigned': 'New task email',
      'notify.message': 'Message email',
      'notify.digest': 'Morning summary',
      'events.dispatch': 'Notification',
      'reminder.task': 'Reminder',
      'reminder.morning': 'Morning reminders',
      'auth.link': 'Sign-in link',
      'task.next_occurrence': 'Next recurring task',
      'template.send': 'Tasks from a template',
      'work.repeat': 'Repeating work',
      'files.digitise': 'Files to digitisation',
    })[kind],
  deliveryAbout: 'About',
  deliveryAboutTask: 'a task',
  deliveryAboutContact: (id: string) => `contact ${id}`,
  deliveryAboutNothing: 'the firm',
  deliveryOpenTask: 'Open the task',
  deliveryAttempts: 'Attempts',
  deliveryLastError: 'Last error',
  deliveryNextTry: 'Next try',
  deliveryNoNextTry: 'None: it gave up',
  deliveryUpdated: 'Last change',
  deliveryRetry: 'Try again now',
  deliveryRetrying: 'Trying again…',
  deliveryRetried: (kind: string) => `${kind}: queued to run again now.`,
  deliveryRetryGone: 'That job is no longer failed (it ran or was cleaned up); the list is reloaded.',
  deliveryEmpty: 'Nothing failed or waiting: emails and reminders are going out.',
  deliveryEmptyFiltered: 'Nothing in this state.',
  deliveryShown: (n: number) => (n === 1 ? '1 job shown.' : `${n} jobs shown.`),
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type DeliveryTranslation = Strings<typeof enDelivery>;

export const etDelivery: DeliveryTranslation = {
  navDelivery: 'Kohaletoimetamine',
  deliveryTitle: 'Kohaletoimetamine',
  deliveryIntro: 'E-kirjad, meeldetuletused ja muu taustatöö, mis ebaõnnestus või ootab. Ebaõnnestunut proovitakse mõned korrad ise uuesti; seejärel ootab see siin sinu järel.',
  deliveryStateFilter: 'Näita',
  deliveryStateAll: 'Ebaõnnestunud ja ootel',
  deliveryState: (state: DeliveryState) => ({ failed: 'Ebaõnnestus', retrying: 'Proovitakse uuesti', pending: 'Ootel' })[state],
  deliveryKind: (kind: DeliveryKind) =>
    ({
      'email.send': 'E-kiri',
      'notify.assigned': 'Uue ülesande kiri',
      'notify.message': 'Sõnumi kiri',
      'notify.digest': 'Hommikune kokkuvõte',
      'events.dispatch': 'Teavitus',
      'reminder.task': 'Meeldetuletus',
      'reminder.morning': 'Hommikused meeldetuletused',
      'auth.link': 'Sisselogimislink',
      'task.next_occurrence': 'Järgmine korduv ülesanne',
      'template.send': 'Ülesanded mallist',
      'work.repeat': 'Korduv töö',
      'files.digitise': 'Failid digiteerimisse',
    })[kind],
  deliveryAbout: 'Millest',
  deliveryAboutTask: 'ülesanne',
  deliveryAboutContact: (id: string) => `kontakt ${id}`,
  deliveryAboutNothing: 'büroo',
  deliveryOpenTask: 'Ava ülesanne',
  deliveryAttempts: 'Katseid',
  deliveryLastError: 'Viimane viga',
  deliveryNextTry: 'Järgmine katse',
  deliveryNoNextTry: 'Pole: proovimine lõpetati',
  deliveryUpdated: 'Viimane muutus',
  deliveryRetry: 'Proovi kohe uuesti',
  deliveryRetrying: 'Proovin uuesti…',
  deliveryRetried: (kind: string) => `${kind}: pandud kohe uuesti käima.`,
  deliveryRetryGone: 'See töö pole enam ebaõnnestunud (see jooksis või koristati ära); loend laaditi uuesti.',
  deliveryEmpty: 'Midagi pole ebaõnnestunud ega ootel: kirjad ja meeldetuletused lähevad välja.',
  deliveryEmptyFiltered: 'Selles olekus pole midagi.',
  deliveryShown: (n: number) => (n === 1 ? 'Näidatud 1 töö.' : `Näidatud ${n} tööd.`),
};
