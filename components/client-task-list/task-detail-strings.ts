import type { StringsOf } from '../translations/strings.ts';

/** The opened task's strings (`task-detail.ts`), in English: they come with it (the shared strings are in `translations/en.ts`; each other locale's are a module of their own, `*.et.ts`, fetched by the part when an element in that language needs them). */
export const enTaskDetail = {
  dueDateLabel: 'Due date',
  checklistHeading: 'Checklist',
  noDescription: 'No description.',
  markDone: 'Mark as done',
  markDoneError: 'The task could not be marked as done. Please try again.',
  taskIsDone: 'You have marked this task as done.',
  checklistError: 'The checklist could not be saved, so the tick was undone. Please try again.',
  undo: 'Undo',
  undoError: 'The task could not be reopened. Please try again.',
  completedByFirm: 'Your accountant has completed this task, so it can no longer be changed.',
  noFiles: 'No files yet.',
  filesError: 'The files could not be loaded.',
  fileFacts: (size: string, date: string) => `${size}, ${date}`,
  uploadForTask: 'Upload files for this task',
  uploadForItem: (text: string) => `Upload: ${text}`,
  requestNotSent: 'Not sent yet.',
  requestPending: (name: string) => `Sent (${name}), waiting for review.`,
  requestAccepted: (name: string) => `Accepted (${name}).`,
  requestRejected: (reason: string) => `Please send again: ${reason}`,
  doneUploading: 'Done uploading',
  doneUploadingHint: 'Tell your accountant that all documents for this task are in.',
  doneUploadingAt: (date: string) => `You told your accountant on ${date} that all documents are in.`,
  doneUploadingError: 'That could not be sent. Please try again.',
};

export type TaskDetailTranslation = StringsOf<typeof enTaskDetail>;

