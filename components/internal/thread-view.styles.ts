import { css } from 'lit';

export const styles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  h3 {
    font-size: 1em;
  }
  .messages {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .message {
    max-width: min(100%, 36rem);
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .message.mine {
    justify-self: end;
    background: color-mix(in srgb, var(--_primary) 8%, var(--_surface));
  }
  .message:focus {
    outline: 3px solid var(--_accent);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5em;
    font-size: 0.9em;
  }
  .meta time {
    color: var(--_muted);
  }
  .body {
    white-space: pre-wrap;
  }
  .body a {
    color: var(--_primary);
  }
  .quote {
    display: grid;
    width: 100%;
    margin: 0.25em 0;
    padding: 0.25em 0.5em;
    border: 0;
    border-inline-start: 3px solid var(--_border);
    background: transparent;
    color: var(--_muted);
    font: inherit;
    font-size: 0.9em;
    text-align: start;
    cursor: pointer;
  }
  .quote-text {
    font-style: italic;
    overflow-wrap: anywhere;
  }
  .attachments {
    margin: 0.25em 0 0;
    padding: 0;
    list-style: none;
  }
  .composer {
    display: grid;
    gap: 0.5em;
  }
  .composer label {
    font-weight: 600;
  }
  textarea {
    width: 100%;
    min-height: 5em;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font: inherit;
    color: inherit;
    background: var(--_surface);
    resize: vertical;
  }
  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .count {
    font-size: 0.9em;
    color: var(--_muted);
  }
  .count.over,
  .field-error {
    color: var(--_danger);
    font-weight: 600;
  }
  .replying {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
`;
