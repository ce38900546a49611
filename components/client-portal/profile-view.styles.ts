import { css } from 'lit';

/** The email settings view, adopted into `<client-portal>`'s shadow root when the view's module arrives. */
export const styles = css`
  .profile {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    min-width: 0;
  }
  /* Only there to disable every field in a preview; it takes no place in the layout. */
  .profile .read-only-wrap {
    display: contents;
    border: 0;
    margin: 0;
    padding: 0;
  }
  .profile .back {
    align-self: flex-start;
  }
  .profile form {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .profile fieldset {
    margin: 0;
    padding: 0.75em var(--_space) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .profile legend {
    font-weight: 600;
    padding-inline: 0.25em;
  }
  .profile .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.6em;
    min-height: 44px;
    padding-block: 0.5em;
    font-weight: 400;
    cursor: pointer;
  }
  .profile .choice input {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    min-height: 0;
    margin: 0.1em 0 0;
    padding: 0;
    accent-color: var(--_primary);
  }
  .profile .field {
    display: flex;
    flex-direction: column;
    gap: 0.35em;
    max-width: 28rem;
  }
  .profile .field-error {
    color: var(--_danger);
    font-weight: 600;
  }
  .profile :is(select, input)[aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .profile .hint {
    margin: 0;
  }
  .profile h3 {
    font-size: 1.15em;
  }
  .profile [type='submit'] {
    align-self: flex-start;
  }
`;
