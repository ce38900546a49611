import type { EmailFirm } from './brand.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: 'Your email could not be delivered to the conversation',
    body: (firm: string | null) =>
      firm
        ? `We could not add your email to the conversation with ${firm}: this address only takes replies from the person the notification was sent to, to an open conversation, with files of at most 10 MB each (PDF, images, office documents, CSV, XML). Please write in your portal instead, or contact ${firm} directly.`
        : 'We could not add your email to a conversation: this address only takes replies to notifications from your accountant\'s portal. Please write in your portal instead, or contact your accountant directly.',
    button: 'Open your portal',
    why: 'You get this automatic answer because you wrote to a reply address of a client portal; you get at most one an hour.',
  },
  et: {
    subject: 'Sinu kirja ei saanud vestlusele lisada',
    body: (firm: string | null) =>
      firm
        ? `Sinu kirja ei saanud lisada vestlusele ettevõttega ${firm}: see aadress võtab vastu ainult vastuseid inimeselt, kellele teavitus saadeti, avatud vestlusele, failidega kuni 10 MB (PDF, pildid, kontoridokumendid, CSV, XML). Palun kirjuta portaalis või võta ühendust otse: ${firm}.`
        : 'Sinu kirja ei saanud vestlusele lisada: see aadress võtab vastu ainult vastuseid raamatupidaja portaali teavitustele. Palun kirjuta portaalis või võta raamatupidajaga otse ühendust.',
    button: 'Ava portaal',
    why: 'Said selle automaatse vastuse, sest kirjutasid kliendiportaali vastamisaadressile; neid tuleb kõige rohkem üks tunnis.',
  },
} as const;

/** The one short answer to an email reply that was not posted: how to reach the firm instead (unbranded when no firm is known). */
export function replyRefusedEmail(opts: { firm: EmailFirm | null; locale: string; portalUrl: string | null }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  return renderEmail(opts.firm, {
    lang,
    subject: t.subject,
    heading: t.subject,
    blocks: [t.body(opts.firm?.name ?? null)],
    action: opts.portalUrl ? { label: t.button, url: opts.portalUrl } : undefined,
    footer: { why: t.why },
  });
}
