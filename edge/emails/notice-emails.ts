import { oneLine, type EmailFirm } from './brand.ts';
import { chooseInProfile, contactSettings, staffSettings } from './footers.ts';
import { langOf, renderEmail, type Lang } from './render.ts';

/**
 * The emails of the event rules (issue 10): to a contact when a task was
 * withdrawn or a file was refused, the contact's daily digest of those, and
 * the staff notice. Each in English and Estonian, HTML and text, with a
 * footer saying why it came and how to change it.
 */
const contactWhy = {
  en: (firm: string) => `You get this email because ${firm} uses a client portal for your documents. ${chooseInProfile.en}`,
  et: (firm: string) => `Said selle kirja, sest ${firm} kasutab sinu dokumentide jaoks kliendiportaali. ${chooseInProfile.et}`,
};
const portalButton = { en: 'Open your portal', et: 'Ava portaal' };

/** A single email to a contact: heading and subject alike, the portal button, the footer with the email settings. */
function contactEmail(firm: EmailFirm, lang: Lang, subject: string, blocks: string[], url: string) {
  return renderEmail(firm, {
    lang,
    subject,
    heading: subject,
    blocks,
    action: { label: portalButton[lang], url },
    footer: { why: contactWhy[lang](firm.name), links: [contactSettings(lang, firm)] },
  });
}

const withdrawnStrings = {
  en: { subject: (firm: string, title: string) => `No longer needed: ${title} (${firm})`, body: (firm: string, title: string) => `${firm} has withdrawn the task “${title}”. There is nothing more to do for it.` },
  et: { subject: (firm: string, title: string) => `Enam pole vaja: ${title} (${firm})`, body: (firm: string, title: string) => `${firm} võttis ülesande „${title}“ tagasi. Selle jaoks pole enam midagi vaja teha.` },
};

/** To a contact: a task they saw was withdrawn. */
export function withdrawnEmail(opts: { firm: EmailFirm; locale: string; url: string; taskTitle: string }) {
  const lang = langOf(opts.locale);
  const t = withdrawnStrings[lang];
  const title = oneLine(opts.taskTitle);
  return contactEmail(opts.firm, lang, t.subject(opts.firm.name, title), [t.body(opts.firm.name, title)], opts.url);
}

const rejectedStrings = {
  en: {
    subject: (firm: string, title: string) => `Please send again: ${title} (${firm})`,
    body: (firm: string, name: string, title: string) => `${firm} could not use the file “${name}” for “${title}”.`,
    reason: (reason: string) => `Please send again: ${reason}`,
    reply: 'You can answer this email: your reply goes to the task\'s conversation.',
  },
  et: {
    subject: (firm: string, title: string) => `Palun saada uuesti: ${title} (${firm})`,
    body: (firm: string, name: string, title: string) => `${firm} ei saanud faili „${name}“ ülesande „${title}“ jaoks kasutada.`,
    reason: (reason: string) => `Palun saada uuesti: ${reason}`,
    reply: 'Võid sellele kirjale vastata: vastus jõuab ülesande vestlusesse.',
  },
};

/** To a contact: a file they sent was refused, with the firm's reason. */
export function fileRejectedEmail(opts: { firm: EmailFirm; locale: string; url: string; taskTitle: string; fileName: string; reason: string; canReply?: boolean }) {
  const lang = langOf(opts.locale);
  const t = rejectedStrings[lang];
  const title = oneLine(opts.taskTitle);
  return contactEmail(
    opts.firm,
    lang,
    t.subject(opts.firm.name, title),
    [t.body(opts.firm.name, oneLine(opts.fileName), title), t.reason(opts.reason), ...(opts.canReply ? [t.reply] : [])],
    opts.url,
  );
}

/** One line of a digest: what the single email would have said. */
export interface DigestLine {
  kind: 'assigned' | 'messages' | 'withdrawn' | 'fileRejected';
  title: string;
  detail?: string | undefined;
}

const digestStrings = {
  en: {
    subject: (firm: string, n: number) => `Your daily summary from ${firm}: ${n} ${n === 1 ? 'update' : 'updates'}`,
    intro: (firm: string) => `Here is what happened in your ${firm} portal since the last summary:`,
    line: { assigned: 'New task', messages: 'New message', withdrawn: 'No longer needed', fileRejected: 'Please send again' },
    why: (firm: string) => `You get one summary a day instead of single emails because you chose it in your ${firm} portal profile; you can change that there.`,
  },
  et: {
    subject: (firm: string, n: number) => `Igapäevane kokkuvõte (${firm}): ${n} ${n === 1 ? 'uudis' : 'uudist'}`,
    intro: (firm: string) => `Mis on sinu portaalis (${firm}) pärast eelmist kokkuvõtet juhtunud:`,
    line: { assigned: 'Uus ülesanne', messages: 'Uus sõnum', withdrawn: 'Enam pole vaja', fileRejected: 'Palun saada uuesti' },
    why: (firm: string) => `Saad üksikute kirjade asemel ühe kokkuvõtte päevas, sest valisid nii portaali (${firm}) profiilis; seal saad seda muuta.`,
  },
};

/** To a contact who chose the digest: the day's held emails, one line each. */
export function digestEmail(opts: { firm: EmailFirm; locale: string; url: string; lines: DigestLine[] }) {
  const lang = langOf(opts.locale);
  const t = digestStrings[lang];
  const firm = opts.firm.name;
  const subject = t.subject(firm, opts.lines.length);
  return renderEmail(opts.firm, {
    lang,
    subject,
    heading: subject,
    blocks: [t.intro(firm), { items: opts.lines.map((l) => ({ text: `${t.line[l.kind]}: ${oneLine(l.title)}${l.detail ? ` — ${oneLine(l.detail)}` : ''}` })) }],
    action: { label: portalButton[lang], url: opts.url },
    footer: { why: t.why(firm), links: [contactSettings(lang, opts.firm)] },
  });
}

export type StaffNoticeKind = 'request.created' | 'message.client_added' | 'message.email_reply' | 'task.client_completed' | 'task.uploads_done';

const staffStrings = {
  en: {
    what: {
      'request.created': (who: string) => `${who} sent a new request`,
      'message.client_added': (who: string) => `${who} wrote a message`,
      'message.email_reply': (who: string) => `${who} replied by email`,
      'task.client_completed': (who: string) => `${who} marked a task done`,
      'task.uploads_done': (who: string) => `${who} is done uploading`,
    },
    client: (name: string) => `Client: ${name}`,
    button: 'Open the console',
    why: 'You get this email because you are responsible for or watch this client in Portico. Turn these emails off under Notifications in the console.',
  },
  et: {
    what: {
      'request.created': (who: string) => `${who} saatis uue päringu`,
      'message.client_added': (who: string) => `${who} kirjutas sõnumi`,
      'message.email_reply': (who: string) => `${who} vastas e-kirjaga`,
      'task.client_completed': (who: string) => `${who} märkis ülesande tehtuks`,
      'task.uploads_done': (who: string) => `${who} on failid üles laadinud`,
    },
    client: (name: string) => `Klient: ${name}`,
    button: 'Ava konsool',
    why: 'Said selle kirja, sest vastutad selle kliendi eest või jälgid teda Porticos. Need kirjad saad välja lülitada konsoolis teavituste all.',
  },
};

/** To a member: what a client did, naming the task or request. */
export function staffNoticeEmail(opts: { firm: EmailFirm; locale: string; url: string; kind: StaffNoticeKind; actorName: string; clientName: string; summary: string }) {
  const lang = langOf(opts.locale);
  const t = staffStrings[lang];
  const what = t.what[opts.kind](oneLine(opts.actorName));
  const subject = `${what}: ${oneLine(opts.summary)}`;
  return renderEmail(opts.firm, {
    lang,
    subject,
    heading: subject,
    blocks: [`${what}: “${opts.summary}”.`, t.client(opts.clientName)],
    action: { label: t.button, url: opts.url },
    footer: { why: t.why, links: [staffSettings(lang, opts.firm)] },
  });
}
