import type { ContactEmailPrefs, Locale } from '../internal/api-types.ts';

/** The kinds of email a contact can switch, in the order the form lists them. */
export type EmailKind = Exclude<keyof ContactEmailPrefs, 'digest'>;

/** The strings of the portal's email settings (`profile-view.ts`, loaded when opened), in English. */
export const enProfile = {
  profileTitle: 'Email settings',
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
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your email settings are saved.',
  saveFailed: 'Your settings were not saved. Check them and try again.',
};

type Strings<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };
export type ProfileTranslation = Strings<typeof enProfile>;

export const etProfile: ProfileTranslation = {
  profileTitle: 'E-kirjade seaded',
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
  save: 'Salvesta',
  saving: 'Salvestan…',
  saved: 'Sinu e-kirjade seaded on salvestatud.',
  saveFailed: 'Seadeid ei salvestatud. Vaata need üle ja proovi uuesti.',
};

export const profileStrings = (locale: Locale): ProfileTranslation => (locale === 'et' ? etProfile : enProfile);
