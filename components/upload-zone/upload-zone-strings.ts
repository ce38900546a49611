import type { StringsOf } from '../translations/strings.ts';

/** `<upload-zone>`'s strings, in English: they come with it (the shared strings are in `translations/en.ts`; each other locale's are a module of their own, `*.et.ts`, fetched by the part when an element in that language needs them). */
export const enUploadZone = {
  uploadLabel: 'Upload files',
  dropHint: 'Drop files here, paste an image, or',
  chooseFiles: 'Choose files',
  takePhoto: 'Take a photo',
  uploadRules: 'PDF, photos, office documents, CSV, text, XML or ZIP, up to 10 MB each.',
  uploadSignIn: 'Please sign in to upload files.',
  uploadQueued: 'Waiting…',
  uploadDone: 'Uploaded.',
  uploadDuplicate: 'Already there: this file was sent before.',
  uploadCancelled: 'Cancelled.',
  uploadRetrying: (seconds: number) => `Connection lost. Trying again in ${seconds} s…`,
  uploadOffline: 'No connection. It goes on when you are back online.',
  uploadPaused: 'Stopped: the server could not be reached. It goes on from where it stopped.',
  refusedBadName: 'This name cannot be used. Rename the file and send it again.',
  refusedNotFound: 'Files can no longer be sent here.',
  refusedGeneric: 'The file could not be uploaded.',
  cancel: 'Cancel',
  uploadSummary: (uploaded: number, failed: number) =>
    `Uploads finished: ${uploaded === 1 ? '1 file' : `${uploaded} files`} uploaded${failed ? `, ${failed} not uploaded` : ''}.`,
  uploadRequired: 'Please upload a file.',
  uploadStillRunning: 'Please wait for the uploads to finish.',
};

export type UploadZoneTranslation = StringsOf<typeof enUploadZone>;

