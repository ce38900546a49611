import { css } from 'lit';

/**
 * Styles of the console's screens beyond the clients (board, task detail and
 * editor, work, templates), over `consoleStyles`; the same `--_*` tokens.
 */
export const consoleScreenStyles = css`
  .sections {
    margin-bottom: var(--_space);
  }

  .tab {
    font: inherit;
    background: var(--_surface);
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem 0.9rem;
    min-height: 44px;
    cursor: pointer;
  }

  .tab[aria-current='page'] {
    border-color: var(--_primary);
    color: var(--_primary);
    font-weight: 700;
  }

  .link {
    font: inherit;
    background: none;
    border: 0;
    padding: 0.25rem 0;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
    text-align: left;
    min-height: 24px;
  }

  .screen > * + * {
    margin-top: 0.75rem;
  }

  .filters {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    align-items: end;
    margin-bottom: var(--_space);
  }

  .filters .row input {
    flex: 1 1 8rem;
    width: auto;
  }

  .rows > li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: baseline;
    padding: 0.6rem 0;
    border-top: 1px solid var(--_border);
  }

  .rows .meta {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  .rows .meta.overdue {
    color: var(--_danger);
  }

  .badge.stage-draft {
    color: var(--_muted);
  }

  .badge.stage-waiting {
    color: var(--_primary);
  }

  .badge.stage-client_done,
  .badge.overdue {
    color: var(--_danger);
  }

  .badge.stage-completed {
    color: var(--_success);
  }

  .badge.stage-withdrawn {
    color: #8a5a00;
  }

  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 0.75rem;
  }

  .facts dt {
    font-weight: 600;
  }

  .facts dd {
    margin: 0;
  }

  .fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem;
    margin: 0;
    display: grid;
    gap: 0.5rem;
    min-width: 0;
  }

  .fieldset legend {
    font-weight: 700;
  }

  /* The embed snippet and secret are code: copied as they are, read in a fixed-width font. */
  .embed-snippet,
  .embed-secret {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
    width: 100%;
    box-sizing: border-box;
  }

  .field-error {
    color: var(--_danger);
    font-size: 0.875rem;
    font-weight: 600;
  }

  .checklist-edit > li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    align-items: center;
    margin-bottom: 0.4rem;
  }

  .checklist-edit input,
  .add-item input {
    flex: 1 1 12rem;
    width: auto;
  }

  .button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }

  .confirm {
    margin-top: 0.75rem;
  }

  .success {
    color: var(--_success);
    font-weight: 600;
  }

  .history > li {
    padding: 0.35rem 0;
    border-top: 1px solid var(--_border);
  }

  .history .meta,
  .meta {
    color: var(--_muted);
    font-size: 0.875rem;
  }

  .picker {
    max-height: 20rem;
    overflow: auto;
  }

  .template-editor {
    margin-bottom: var(--_space);
  }

  .issues {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }

  /* The inbox: unread rows in bold. */
  .inbox > li.unread .item-title {
    font-weight: 700;
  }

  .inbox .excerpt {
    flex-basis: 100%;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }

  .badge.new {
    color: var(--_primary);
  }

  .badge.request-open {
    color: var(--_primary);
  }

  .badge.request-converted,
  .badge.request-answered {
    color: var(--_success);
  }

  .badge.request-closed {
    color: var(--_muted);
  }

  /* A conversation: internal notes on a warm background with a dashed edge, never like a portal message. */
  .messages {
    display: grid;
    gap: 0.6rem;
    margin: 0.5rem 0 0.75rem;
  }

  .message {
    border: 1px solid var(--_border);
    border-left-width: 4px;
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    background: var(--_surface);
    min-width: 0;
  }

  .message.portal {
    border-left-color: var(--_primary);
  }

  .message.internal {
    background: var(--portico-console-note-background, #fff4d6);
    border-color: #c99a2e;
    border-style: dashed;
    border-left-style: solid;
  }

  .message p {
    margin: 0.15rem 0;
  }

  .note-label {
    display: flex;
    align-items: center;
    gap: 0.35rem;
    font-weight: 700;
    color: #6b4a00;
  }

  .portal-label {
    font-size: 0.875rem;
    color: var(--_primary);
    font-weight: 600;
  }

  .message-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.6rem;
    align-items: baseline;
  }

  .message-body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .replied,
  .replying {
    margin: 0.25rem 0;
    padding-left: 0.6rem;
    border-left: 3px solid var(--_border);
    color: var(--_muted);
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }

  .message:focus {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }

  .composer {
    display: grid;
    gap: 0.5rem;
  }

  .composer textarea {
    width: 100%;
    box-sizing: border-box;
  }

  .composer .note-button {
    border-style: dashed;
  }

  .converted {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: baseline;
    font-weight: 600;
  }

  /* --- console setup (H4): first steps, team, activity, logo and icon --- */
  .first-steps {
    margin-block-end: 1rem;
  }

  .first-steps .step {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }

  .first-steps .step-body {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: baseline;
    min-width: 0;
  }

  .first-steps .step-body .meta {
    flex-basis: 100%;
  }

  .first-steps .step.done .step-mark {
    color: var(--_primary);
    font-weight: 700;
  }

  .member-role select,
  .activity-list .activity-sentence,
  .member-item .meta {
    max-width: 100%;
    overflow-wrap: anywhere;
  }

  .activity-list li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    justify-content: space-between;
  }

  .branding-image {
    display: grid;
    gap: 0.5rem;
    margin-block: 0.75rem;
  }

  .branding-image img {
    max-width: min(100%, 16rem);
    max-height: 6rem;
    object-fit: contain;
    background: var(--portico-color-surface, #fff);
    border: 1px solid var(--portico-color-border, #ccd);
    padding: 0.25rem;
  }

  .signup-offer {
    margin-block-start: 1rem;
  }
  /* --- end console setup (H4) --- */
`;
