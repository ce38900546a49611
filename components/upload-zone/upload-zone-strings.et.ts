import type { UploadZoneTranslation } from './upload-zone-strings.ts';

/** `<upload-zone>`'s strings, in Estonian. */
export const etUploadZone: UploadZoneTranslation = {
  uploadLabel: 'Laadi failid üles',
  dropHint: 'Lohista failid siia, kleebi pilt või',
  chooseFiles: 'Vali failid',
  takePhoto: 'Tee foto',
  uploadRules: 'PDF, fotod, kontoridokumendid, CSV, tekst, XML või ZIP, igaüks kuni 10 MB.',
  uploadSignIn: 'Failide üleslaadimiseks logi palun sisse.',
  uploadQueued: 'Ootab…',
  uploadDone: 'Üles laaditud.',
  uploadDuplicate: 'Juba olemas: see fail on varem saadetud.',
  uploadCancelled: 'Katkestatud.',
  uploadRetrying: (seconds: number) => `Ühendus katkes. Proovin uuesti ${seconds} s pärast…`,
  uploadOffline: 'Ühendus puudub. See jätkub, kui oled taas võrgus.',
  uploadPaused: 'Peatunud: serveriga ei saanud ühendust. See jätkub sealt, kus pooleli jäi.',
  refusedBadName: 'Faili nime ei saa kasutada. Nimeta fail ümber ja saada uuesti.',
  refusedNotFound: 'Siia ei saa enam faile saata.',
  refusedGeneric: 'Faili ei õnnestunud üles laadida.',
  cancel: 'Katkesta',
  uploadSummary: (uploaded: number, failed: number) =>
    `Üleslaadimine lõppes: ${uploaded === 1 ? '1 fail' : `${uploaded} faili`} üles laaditud${failed ? `, ${failed} jäi üles laadimata` : ''}.`,
  uploadRequired: 'Palun laadi fail üles.',
  uploadStillRunning: 'Palun oota, kuni üleslaadimine lõpeb.',
};
