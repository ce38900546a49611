import type { ContactEmailPrefs, Locale } from '../internal/api-types.ts';

/** The kinds of email a contact can switch, in the order the form lists them. */
export type EmailKind = Exclude<keyof ContactEmailPrefs, 'digest'>;

/** The strings of the portal's email settings (`profile-view.ts`, loaded when opened), in English. */
export const enProfile = {
  profileTitle: 'Your profile',
  emailsHeading: 'Email settings',
  profileIntro: (firm: string) => `Choose which emails ${firm} sends you, and how.`,
  profileBack: 'Back to the portal',
  profileLoading: 'Loading your settings…',
  profileLoadFailed: 'Your settings could not be loaded.',
  kindsLegend: 'Email me when',
  kindLabel: (kind: EmailKind) =>
    ({
      assigned: 'I get a new task',
      messages: 'there is a new message on my task or request',
      reminders: 'a task is due or overdue (reminders)',
      withdrawn: 'a task is withdrawn',
      fileRejected: 'a file I sent is asked for again',
    })[kind],
  deliveryLegend: 'How these emails come',
  deliverySingle: 'Each email as it happens',
  deliveryDigest: 'One summary each morning',
  deliveryDigestHint: 'Reminders still come on their own.',
  timezoneLabel: 'Time zone',
  timezoneHint: 'Reminders and the morning summary arrive in the morning of this time zone.',
  timezoneFirm: 'The firm’s time zone',
  timezoneInvalid: 'Choose a time zone from the list.',
  undeliverable: (email: string) =>
    `Emails to ${email} could not be delivered, so none is sent for now. Ask the firm to check your address.`,
  pinLegend: 'PIN for new devices',
  pinHintOff: 'With a PIN, a browser you have not signed in with before asks for it after the sign-in link or code.',
  pinHintOn: 'A PIN is set: a new browser asks for it after the sign-in link or code.',
  pinCurrent: 'Current PIN',
  pinNew: 'New PIN (4 digits)',
  pinRepeat: 'Repeat the new PIN',
  pinSet: 'Set the PIN',
  pinChange: 'Change the PIN',
  pinRemove: 'Remove the PIN',
  pinSaved: 'Your PIN is saved.',
  pinRemoved: 'Your PIN is removed.',
  pinFormat: 'A PIN is 4 digits.',
  pinMismatch: 'The two PINs are not the same.',
  pinWrong: 'That is not your current PIN.',
  pinLocked: 'Too many wrong PINs. Sign out and use “Forgot PIN?” on the sign-in page to choose a new one.',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your email settings are saved.',
  saveFailed: 'Your settings were not saved. Check them and try again.',
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type ProfileTranslation = Strings<typeof enProfile>;

export const etProfile: ProfileTranslation = {
  profileTitle: 'Sinu profiil',
  emailsHeading: 'E-kirjade seaded',
  profileIntro: (firm: string) => `Vali, milliseid e-kirju ${firm} sulle saadab ja kuidas.`,
  profileBack: 'Tagasi portaali',
  profileLoading: 'Laadin sinu seadeid…',
  profileLoadFailed: 'Sinu seadeid ei õnnestunud laadida.',
  kindsLegend: 'Saada mulle e-kiri, kui',
  kindLabel: (kind: EmailKind) =>
    ({
      assigned: 'saan uue ülesande',
      messages: 'minu ülesandel või pöördumisel on uus sõnum',
      reminders: 'ülesande tähtaeg on käes või möödas (meeldetuletused)',
      withdrawn: 'ülesanne võetakse tagasi',
      fileRejected: 'minu saadetud faili küsitakse uuesti',
    })[kind],
  deliveryLegend: 'Kuidas need kirjad tulevad',
  deliverySingle: 'Iga kiri kohe, kui midagi juhtub',
  deliveryDigest: 'Üks kokkuvõte igal hommikul',
  deliveryDigestHint: 'Meeldetuletused tulevad ikka eraldi.',
  timezoneLabel: 'Ajavöönd',
  timezoneHint: 'Meeldetuletused ja hommikune kokkuvõte tulevad selle ajavööndi hommikul.',
  timezoneFirm: 'Büroo ajavöönd',
  timezoneInvalid: 'Vali ajavöönd loendist.',
  undeliverable: (email: string) =>
    `Kirju aadressile ${email} ei õnnestunud kätte toimetada, seega praegu ühtegi ei saadeta. Palu büroul oma aadress üle vaadata.`,
  pinLegend: 'PIN-kood uutel seadmetel',
  pinHintOff: 'PIN-koodi korral küsib brauser, millega sa pole varem sisse loginud, seda pärast sisselogimislinki või koodi.',
  pinHintOn: 'PIN-kood on määratud: uus brauser küsib seda pärast sisselogimislinki või koodi.',
  pinCurrent: 'Praegune PIN-kood',
  pinNew: 'Uus PIN-kood (4 numbrit)',
  pinRepeat: 'Korda uut PIN-koodi',
  pinSet: 'Määra PIN-kood',
  pinChange: 'Muuda PIN-koodi',
  pinRemove: 'Eemalda PIN-kood',
  pinSaved: 'Sinu PIN-kood on salvestatud.',
  pinRemoved: 'Sinu PIN-kood on eemaldatud.',
  pinFormat: 'PIN-kood koosneb 4 numbrist.',
  pinMismatch: 'Need kaks PIN-koodi ei ole samad.',
  pinWrong: 'See ei ole sinu praegune PIN-kood.',
  pinLocked: 'Liiga palju valesid PIN-koode. Logi välja ja vali sisselogimislehel „Unustasid PIN-koodi?“, et valida uus.',
  save: 'Salvesta',
  saving: 'Salvestan…',
  saved: 'Sinu e-kirjade seaded on salvestatud.',
  saveFailed: 'Seadeid ei salvestatud. Vaata need üle ja proovi uuesti.',
};

export const profileStrings = (locale: Locale): ProfileTranslation => (locale === 'et' ? etProfile : enProfile);
