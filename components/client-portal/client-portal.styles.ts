import { css } from 'lit';

export const styles = css`
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    max-width: var(--client-portal-max-width, 48rem);
    /* The room of the sign-in view, kept from the first render on (the same as a host page's :not(:defined) rule), so nothing below moves as views and the firm's name arrive. */
    min-height: var(--client-portal-min-height, 24rem);
    margin-inline: auto;
    padding: var(--_space);
  }
  h2 {
    font-size: 1.5em;
    line-height: 1.25;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.75em;
    min-width: 0;
  }
  .signed-out .brand {
    /* Reserved before the firm's name and logo have loaded. */
    min-height: 3rem;
  }
  .logo {
    max-height: 3rem;
    max-width: 10rem;
    object-fit: contain;
  }
  .firm-name {
    font-weight: 600;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    max-width: 28rem;
  }
  label {
    font-weight: 600;
  }
  input,
  select {
    min-height: 44px;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    width: 100%;
  }
  .stack .button {
    align-self: flex-start;
    margin-top: 0.5em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    align-items: center;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding-bottom: var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .email-settings {
    /* Its 44px target overlaps the header's padding and gap instead of growing the firm's name row (the page below does not move as the portal signs in). */
    margin-block: -7px;
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em 1em;
  }
  .who {
    overflow-wrap: anywhere;
  }
  .company {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .company select {
    width: auto;
    max-width: 16rem;
  }
  @media (max-width: 30rem) {
    .account,
    .company {
      flex-direction: column;
      align-items: stretch;
      width: 100%;
    }
    .company select {
      max-width: none;
      width: 100%;
    }
  }
`;
