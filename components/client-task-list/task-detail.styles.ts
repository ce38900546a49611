import { css } from 'lit';

/** The opened task's own rules, adopted by `<client-task-list>` when its module arrives. */
export const styles = css`
  h3 {
    font-size: 1em;
    margin: 0;
  }
  .facts {
    display: flex;
    gap: 0.5em;
    margin: 0;
  }
  .facts dt {
    flex: none;
    font-weight: 600;
  }
  .facts dt::after {
    content: ':';
  }
  .facts dd {
    margin: 0;
  }
  .description {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .description a {
    color: var(--_primary);
  }
  .checklist {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .checklist li {
    display: flex;
    align-items: flex-start;
    gap: 0.6em;
  }
  .checklist input {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    margin: 0.15em 0 0;
    accent-color: var(--_primary);
  }
  .checklist label {
    overflow-wrap: anywhere;
  }
  .checked label {
    color: var(--_muted);
    text-decoration: line-through;
  }
  .done-note {
    font-weight: 600;
  }
  /* Files, document requests and "Done uploading" (issue 8). */

  .files {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .files li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.75em;
  }
  .files a {
    color: var(--_primary);
    overflow-wrap: anywhere;
  }
  .files .button.link {
    min-height: 44px;
  }
  .checklist li.request {
    flex-direction: column;
    align-items: stretch;
    gap: 0.25em;
    padding-block-end: 0.5em;
  }
  .request .item-text {
    font-weight: 600;
  }
  /* The state names the file: a long name without spaces must not widen a phone's page. */
  .request span {
    overflow-wrap: anywhere;
  }
  .request.rejected .review {
    color: var(--_danger);
  }
  .request.accepted .review {
    color: var(--_accent);
  }
`;
