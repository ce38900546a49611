import type { RequestFormTranslation } from './request-form-strings.ts';

/** `<request-form>`'s strings, in Estonian. */
export const etRequestForm: RequestFormTranslation = {
  requestHeading: 'Saada pöördumine',
  subjectLabel: 'Teema',
  requestBodyLabel: 'Sõnum',
  requestFilesLabel: 'Failid (vabatahtlik)',
  remove: 'Eemalda',
  removeFile: (name: string) => `Eemalda ${name}`,
  sendRequest: 'Saada pöördumine',
  requestSent: 'Sinu pöördumine on saadetud.',
  subjectEmpty: 'Palun lisa pöördumisele teema.',
  requestFailed: 'Pöördumist ei saadetud. Palun proovi uuesti.',
  fixFields: 'Palun paranda märgitud väljad.',
  chooseCompany: 'Palun vali kõigepealt ettevõte.',
  requestsOff: (firm: string) =>
    `${firm} ei võta portaalis uusi pöördumisi vastu. Palun võta ${firm} ühendust otse e-posti või telefoni teel. Varasematele pöördumistele saad allpool endiselt vastata.`,
  signInToSendRequests: 'Pöördumiste saatmiseks logi palun sisse.',
  requestFilesHeading: 'Pöördumise failid',
  yourRequests: 'Sinu pöördumised',
  noRequests: 'Sa ei ole veel ühtegi pöördumist saatnud.',
  requestsError: 'Pöördumisi ei õnnestunud laadida.',
  stateOpen: 'Avatud',
  stateAnswered: 'Vastatud',
  stateConverted: 'Muudetud ülesandeks',
  stateClosed: 'Suletud',
  sentOnDate: (date: string) => `Saadetud ${date}`,
  openTask: (title: string) => `Ava ülesanne „${title}”`,
};
