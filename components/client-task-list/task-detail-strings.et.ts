import type { TaskDetailTranslation } from './task-detail-strings.ts';

/** The opened task's strings (`task-detail.ts`), in Estonian. */
export const etTaskDetail: TaskDetailTranslation = {
  dueDateLabel: 'Tähtaeg',
  checklistHeading: 'Kontrollnimekiri',
  noDescription: 'Kirjeldus puudub.',
  markDone: 'Märgi tehtuks',
  markDoneError: 'Ülesannet ei õnnestunud tehtuks märkida. Palun proovi uuesti.',
  taskIsDone: 'Oled selle ülesande tehtuks märkinud.',
  checklistError: 'Kontrollnimekirja ei õnnestunud salvestada, seega linnuke võeti tagasi. Palun proovi uuesti.',
  undo: 'Võta tagasi',
  undoError: 'Ülesannet ei õnnestunud uuesti avada. Palun proovi uuesti.',
  completedByFirm: 'Sinu raamatupidaja on selle ülesande lõpetanud, seega seda enam muuta ei saa.',
  noFiles: 'Faile veel ei ole.',
  filesError: 'Faile ei õnnestunud laadida.',
  fileFacts: (size: string, date: string) => `${size}, ${date}`,
  uploadForTask: 'Laadi selle ülesande failid üles',
  uploadForItem: (text: string) => `Laadi üles: ${text}`,
  requestNotSent: 'Veel saatmata.',
  requestPending: (name: string) => `Saadetud (${name}), ootab ülevaatamist.`,
  requestAccepted: (name: string) => `Vastu võetud (${name}).`,
  requestRejected: (reason: string) => `Palun saada uuesti: ${reason}`,
  doneUploading: 'Kõik failid on üleval',
  doneUploadingHint: 'Anna raamatupidajale teada, et kõik selle ülesande dokumendid on olemas.',
  doneUploadingAt: (date: string) => `Andsid raamatupidajale ${date} teada, et kõik dokumendid on olemas.`,
  doneUploadingError: 'Seda ei õnnestunud saata. Palun proovi uuesti.',
};
