import type { ThreadTranslation } from './thread-view-strings.ts';

/** A conversation's strings (`<portico-thread>`), in Estonian. */
export const etThread: ThreadTranslation = {
  threadHeading: 'Sõnumid',
  threadEmpty: 'Sõnumeid veel ei ole.',
  threadError: 'Sõnumeid ei õnnestunud laadida.',
  olderMessages: 'Näita varasemaid sõnumeid',
  you: 'Sina',
  viaEmail: 'e-kirjaga',
  reply: 'Vasta',
  replyToNamed: (name: string) => `Vasta: ${name}`,
  inReplyTo: (name: string) => `Vastus kirjutajale ${name}`,
  inReplyToEarlier: 'Vastus varasemale sõnumile',
  messageLabel: 'Sinu sõnum',
  replyingTo: (name: string) => `Vastad: ${name}`,
  cancelReply: 'Tühista vastus',
  send: 'Saada',
  messageSent: 'Sõnum on saadetud.',
  charCount: (n: string, max: string) => `${n} / ${max} tähemärki`,
  messageFailed: 'Sõnumit ei saadetud; see on alles. Palun proovi uuesti.',
  threadClosed: 'See vestlus on suletud.',
  threadConverted: 'Sellest pöördumisest sai ülesanne: palun kirjuta ülesande juures.',
  threadsOff: (firm: string) => `${firm} ei võta portaalis uusi vestlusi vastu. Palun võta ${firm} ühendust otse e-posti või telefoni teel.`,
  attachFiles: 'Lisa failid',
  attachedCount: (n: number) => (n === 1 ? 'Lisatakse 1 fail.' : `Lisatakse ${n} faili.`),
};
