import { html, type TemplateResult } from 'lit';

/** The question an action asks before it is done (a delete, a removal, digitising), with its two buttons. */
export interface ConfirmQuestion {
  /** The question's element id: the group is labelled by it. */
  questionId: string;
  /** The confirming button's id: focus moves there when the question opens. */
  confirmId: string;
  question: string;
  confirm: string;
  cancel: string;
  /** While the action runs: the confirming button is off. */
  busy: boolean;
  /** A destructive action's button is in the danger colour (default); digitising's is not. */
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** The question in place of the button that asked it, as every console view confirms. */
export function renderConfirmQuestion(q: ConfirmQuestion): TemplateResult {
  return html`<div class="card confirm" role="group" aria-labelledby=${q.questionId}>
    <p id=${q.questionId}>${q.question}</p>
    <div class="row">
      <button id=${q.confirmId} type="button" class=${q.danger === false ? 'button' : 'button danger'} ?disabled=${q.busy} @click=${q.onConfirm}>${q.confirm}</button>
      <button type="button" class="button secondary" @click=${q.onCancel}>${q.cancel}</button>
    </div>
  </div>`;
}
