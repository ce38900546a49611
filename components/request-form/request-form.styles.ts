import { css } from 'lit';

export const styles = css`
  .base {
    display: grid;
    gap: var(--_space);
    min-width: 0;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1em;
  }
  .form,
  .field {
    display: grid;
    gap: 0.35em;
  }
  .form {
    gap: calc(var(--_space) * 0.75);
  }
  label {
    font-weight: 600;
  }
  input[type='text'],
  textarea {
    width: 100%;
    min-height: 44px;
    padding: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font: inherit;
    color: inherit;
    background: var(--_surface);
  }
  input[type='file'] {
    max-width: 100%;
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-weight: 600;
  }
  .form > .button {
    justify-self: start;
  }
  .picked,
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .picked li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    overflow-wrap: anywhere;
  }
  .off {
    padding: 0.75em 1em;
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_primary);
    border-radius: var(--_radius);
  }
  .list {
    display: grid;
    gap: 0.5em;
  }
  .request {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .request-head {
    display: grid;
    gap: 0.25em;
    width: 100%;
    min-height: 44px;
    padding: 0.6em 0.8em;
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .subject {
    font-weight: 600;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75em;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .state {
    font-weight: 600;
    color: var(--_text);
  }
  .badge {
    padding: 0 0.5em;
    border-radius: 999px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 700;
  }
  .request-body {
    display: grid;
    gap: 0.75em;
    padding: 0 0.8em 0.8em;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .text a {
    color: var(--_primary);
  }
`;
