import { css, type CSSResult } from 'lit';

/**
 * The global design tokens and their defaults. Elements read every token as
 * `var(--portico-…, <default>)`, so a page needs no global stylesheet; set a
 * token on `<client-portal>` (or any ancestor) to override it. Without such an
 * override `<client-portal>` fills the colour, font and radius tokens from the
 * firm's branding.
 */
export const tokenDefaults = {
  '--portico-color-primary': '#1f4fbf',
  '--portico-color-on-primary': '#ffffff',
  '--portico-color-accent': '#0f766e',
  '--portico-color-danger': '#b42318',
  '--portico-color-text': '#1b2430',
  '--portico-color-muted': '#4f5b69',
  '--portico-color-surface': '#ffffff',
  '--portico-color-border': '#c5ccd6',
  '--portico-radius': '8px',
  '--portico-font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  '--portico-font-size': '1rem',
  '--portico-spacing': '1rem',
} as const;

export type TokenName = keyof typeof tokenDefaults;

/**
 * Shared base styles: private `--_…` variables resolved from the tokens on the
 * inner `part="base"` element, plus a few helpers every element uses.
 */
export const baseStyles: CSSResult = css`
  [part~='base'] {
    --_primary: var(--portico-color-primary, #1f4fbf);
    --_on-primary: var(--portico-color-on-primary, #ffffff);
    --_accent: var(--portico-color-accent, #0f766e);
    --_danger: var(--portico-color-danger, #b42318);
    --_text: var(--portico-color-text, #1b2430);
    --_muted: var(--portico-color-muted, #4f5b69);
    --_surface: var(--portico-color-surface, #ffffff);
    --_border: var(--portico-color-border, #c5ccd6);
    --_radius: var(--portico-radius, 8px);
    --_space: var(--portico-spacing, 1rem);
    color: var(--_text);
    background: var(--_surface);
    font-family: var(--portico-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--portico-font-size, 1rem);
    line-height: 1.5;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  /* Read by screen readers, not shown. An empty live region is hidden the same way, not with display: none: it must be in the accessibility tree before it speaks. */
  .sr-only,
  .status:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 44px;
    padding: 0.5em 1.1em;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .button.secondary {
    background: transparent;
    color: var(--_primary);
  }
  .button.link {
    border-color: transparent;
    background: transparent;
    color: var(--_primary);
    text-decoration: underline;
    padding-inline: 0.25em;
  }
  .button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  :is(button, a, input, select, [tabindex]):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .alert {
    padding: 0.75em 1em;
    border: 1px solid var(--_danger);
    border-left-width: 4px;
    border-radius: var(--_radius);
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 6%, var(--_surface));
  }
  .muted {
    color: var(--_muted);
  }
`;
