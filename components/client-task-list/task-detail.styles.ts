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
  .box {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.25em;
    height: 1.25em;
    margin-top: 0.15em;
    border: 2px solid var(--_muted);
    border-radius: 4px;
    font-size: 0.9em;
    line-height: 1;
  }
  .checked .box {
    border-color: var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .checked > span:last-child {
    color: var(--_muted);
    text-decoration: line-through;
  }
  .done-note {
    font-weight: 600;
  }
`;
