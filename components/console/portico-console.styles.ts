import { css } from 'lit';

/**
 * Styles of `<portico-console>`. Global `--portico-*` tokens set the look;
 * `--portico-console-*` variables fine-tune the console and fall back to them.
 */
export const consoleStyles = css`
  /* Tokens come from baseStyles (components/themes); two console variables refine them. */
  [part~='base'] {
    --_primary: var(--portico-console-primary, var(--portico-color-primary, #1f4fbf));
    --_surface: var(--portico-console-surface, var(--portico-color-surface, #ffffff));
    --_success: var(--portico-color-success, #1e6b34);
    background: transparent;
    /* The sign-in card's room from the first render on (the same as a host page's :not(:defined) rule). */
    min-height: var(--portico-console-min-height, 24rem);
  }

  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }

  h1 {
    font-size: 1.6rem;
  }

  h2 {
    font-size: 1.25rem;
  }

  h3 {
    font-size: 1.05rem;
  }

  p {
    margin: 0 0 0.75rem;
  }

  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }

  .narrow {
    max-width: 28rem;
  }

  /* Forms */
  form {
    display: grid;
    gap: 0.75rem;
  }

  .field {
    display: grid;
    gap: 0.25rem;
  }

  label {
    font-weight: 600;
  }

  .hint {
    font-size: 0.875rem;
    color: var(--_muted);
    font-weight: 400;
  }

  input[type='email'],
  input[type='text'],
  input[type='date'],
  input[type='search'],
  input[type='number'],
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: #fff;
    padding: 0.5rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    width: 100%;
    box-sizing: border-box;
  }

  textarea {
    min-height: 4.5rem;
    resize: vertical;
  }

  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: 500;
  }

  .new-task {
    margin: var(--_space) 0;
  }

  .check input {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--_primary);
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }

  /* Messages */
  .status {
    color: var(--_success);
    margin: 0 0 0.5rem;
  }

  .alert {
    margin: 0 0 0.75rem;
  }

  .actions .button {
    min-height: 36px;
    padding: 0.3em 0.9em;
  }

  /* Signed-in layout */
  .topbar {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.5rem 1rem;
    margin-bottom: var(--_space);
  }

  .topbar p {
    margin: 0;
  }

  .layout {
    display: grid;
    gap: var(--_space);
    grid-template-columns: minmax(12rem, 17rem) 1fr;
    align-items: start;
  }

  @media (max-width: 46rem) {
    .layout {
      grid-template-columns: 1fr;
    }
  }

  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .clients li + li {
    margin-top: 0.35rem;
  }

  .clients button {
    width: 100%;
    font: inherit;
    cursor: pointer;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    text-align: left;
    color: var(--_text);
    font-weight: 500;
    display: grid;
    gap: 0.1rem;
  }

  .clients button:hover {
    border-color: var(--_primary);
  }

  .clients button[aria-pressed='true'] {
    border-color: var(--_primary);
    box-shadow: inset 4px 0 0 var(--_primary);
    font-weight: 700;
  }

  .clients .meta {
    font-size: 0.8rem;
    color: var(--_muted);
    font-weight: 400;
  }

  .tasks > li {
    border-top: 1px solid var(--_border);
    padding: 0.75rem 0;
    display: grid;
    gap: 0.35rem;
  }

  .tasks > li:first-child {
    border-top: none;
  }

  .task-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: baseline;
  }

  .task-head h3 {
    margin: 0;
    font-size: 1rem;
  }

  .badge {
    display: inline-block;
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.02em;
    text-transform: uppercase;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
  }

  .badge.draft {
    color: var(--_muted);
  }

  .badge.assigned {
    color: var(--_primary);
  }

  .badge.withdrawn {
    color: #8a5a00;
  }

  .badge.completed {
    color: var(--_success);
  }

  .task-meta {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  .overdue {
    color: var(--_danger);
    font-weight: 600;
  }

  .task-desc {
    margin: 0;
    white-space: pre-line;
  }

  .checklist {
    margin: 0;
    padding-left: 1.25rem;
    font-size: 0.925rem;
  }

  .checklist .done {
    text-decoration: line-through;
    color: var(--_muted);
  }

  .two {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
`;
