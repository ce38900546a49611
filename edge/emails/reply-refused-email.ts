import { layout } from './render.ts';

const strings = {
  en: {
    subject: 'Your email could not be delivered to the conversation',
    body: (firm: string | null) =>
      firm
        ? `We could not add your email to the conversation with ${firm}: this address only takes replies from the person the notification was sent to, to an open conversation, with files of at most 10 MB each (PDF, images, office documents, CSV, XML). Please write in your portal instead, or contact ${firm} directly.`
        : 'We could not add your email to a conversation: this address only takes replies to notifications from your accountant\'s portal. Please write in your portal instead, or contact your accountant directly.',
    button: 'Open your portal',
    footer: 'This is an automatic answer; you get at most one an hour.',
  },
  et: {
    subject: 'Sinu kirja ei saanud vestlusele lisada',
    body: (firm: string | null) =>
      firm
        ? `Sinu kirja ei saanud lisada vestlusele ettevõttega ${firm}: see aadress võtab vastu ainult vastuseid inimeselt, kellele teavitus saadeti, avatud vestlusele, failidega kuni 10 MB (PDF, pildid, kontoridokumendid, CSV, XML). Palun kirjuta portaalis või võta ühendust otse: ${firm}.`
        : 'Sinu kirja ei saanud vestlusele lisada: see aadress võtab vastu ainult vastuseid raamatupidaja portaali teavitustele. Palun kirjuta portaalis või võta raamatupidajaga otse ühendust.',
    button: 'Ava portaal',
    footer: 'See on automaatne vastus; neid tuleb kõige rohkem üks tunnis.',
  },
} as const;

/** The one short answer to an email reply that was not posted: how to reach the firm instead. */
export function replyRefusedEmail(opts: { firmName: string | null; locale: string; portalUrl: string | null }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  const body = t.body(opts.firmName);
  return {
    subject: t.subject,
    text: `${body}\n\n${opts.portalUrl ? `${t.button}: ${opts.portalUrl}\n\n` : ''}${t.footer}\n`,
    html: layout({ lang, heading: t.subject, paragraphs: [body], ...(opts.portalUrl ? { action: { label: t.button, url: opts.portalUrl } } : {}), footer: t.footer }),
  };
}
