import { css } from 'lit';

export const styles = css`
  .base {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
    /* About three tasks' room, from the first render on, so the page below does not move when the list arrives. */
    min-height: var(--client-task-list-min-height, 18rem);
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.3;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .task {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.25em;
    width: 100%;
    min-height: 44px;
    padding: 0.75em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .task:hover {
    border-color: var(--_primary);
  }
  .title {
    font-weight: 400;
    overflow-wrap: anywhere;
  }
  .task.unread .title {
    font-weight: var(--client-task-list-unread-weight, 700);
  }
  .task.unread {
    border-inline-start: 4px solid var(--_primary);
  }
  .task.done .title {
    color: var(--_muted);
  }
  .badge {
    display: inline-block;
    margin-inline-end: 0.25em;
    padding: 0 0.5em;
    border-radius: 999px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 0.8em;
    font-weight: 700;
    vertical-align: 0.1em;
  }
  /* Tabs, work and section headings, work in progress, self-service (issue 7). */
  h3 {
    font-size: 1em;
    margin: 0;
  }
  .tabs {
    display: flex;
    gap: 0.25em;
    border-bottom: 1px solid var(--_border);
  }
  .tab {
    min-height: 44px;
    padding: 0.5em 1em;
    border: 0;
    border-bottom: 3px solid transparent;
    background: none;
    color: var(--_muted);
    font: inherit;
    cursor: pointer;
  }
  .tab[aria-selected='true'] {
    border-bottom-color: var(--_primary);
    color: var(--_text);
    font-weight: 600;
  }
  .panel,
  .group,
  .works,
  .start {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .panel {
    gap: 1em;
  }
  .panel > .button,
  .start .button {
    align-self: flex-start;
  }
  h4 {
    margin: 0.25em 0 0;
    font-size: 0.95em;
    color: var(--_muted);
  }
  .work-title,
  .section-title {
    overflow-wrap: anywhere;
  }
  .work {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    padding: 0.5em 1em;
    border-inline-start: 4px solid var(--_border);
  }
  .work-status {
    font-weight: 600;
    color: var(--_text);
  }
  .start .button {
    max-width: 100%;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .due.overdue {
    color: var(--_danger);
    font-weight: 600;
  }
  .flag::after {
    content: ' ·';
  }
  .state-done {
    font-weight: 600;
  }
  /* The opened task's own rules come with its module (task-detail.styles.ts). */
  .detail {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_space) * 0.75);
  }
  .back {
    padding-inline: 0;
  }
  .alert {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
  }
  @media (max-width: 30rem) {
    .detail .button:not(.back) {
      width: 100%;
    }
  }
`;
