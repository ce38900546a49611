import type { EmailFirm } from './brand.ts';
import type { Lang, Link } from './render.ts';

/** The footer link where a contact chooses which emails they get (the portal profile). */
export const contactSettings = (lang: Lang, firm: EmailFirm): Link => ({ label: lang === 'et' ? 'E-kirjade seaded' : 'Email settings', url: firm.contactSettingsUrl });

/** The footer link where a member does (the console's Notifications). */
export const staffSettings = (lang: Lang, firm: EmailFirm): Link => ({ label: lang === 'et' ? 'Teavituste seaded' : 'Notification settings', url: firm.staffSettingsUrl });

/** Said under every contact email whose kind the contact may turn off. */
export const chooseInProfile = {
  en: 'You can choose which emails you get, or one daily summary, in your portal profile.',
  et: 'Milliseid kirju saad (või ühe igapäevase kokkuvõtte), saad valida portaali profiilis.',
} as const satisfies Record<Lang, string>;
