import { css } from 'lit';

/** The styles of the portal's lazily loaded notices and dialogs (preview banner, email confirmation, announcements, welcome video). */
export const noticeStyles = css`
  .notice {
    padding: 0.75em 1em;
    border: 1px solid var(--_accent);
    border-left-width: 4px;
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_surface));
    overflow-wrap: anywhere;
  }
  .announcements-heading {
    font-size: 1.15em;
  }
  .notice-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
  }
`;

/** A modal `<dialog>` of the portal (the welcome video, the announcements at sign-in). */
export const dialogStyles = css`
  dialog {
    width: min(44rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  dialog > * + * {
    margin-top: var(--_space);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
  }
  .video {
    display: block;
    width: 100%;
    aspect-ratio: 16 / 9;
    border: 0;
    background: #000;
  }
  .announcement + .announcement {
    margin-top: 0.75em;
    padding-top: 0.75em;
    border-top: 1px solid var(--_border);
  }
  .announcement h3 {
    font-size: 1.05em;
  }
  .announcement-body {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
`;
