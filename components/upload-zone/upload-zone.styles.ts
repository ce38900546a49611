import { css } from 'lit';

export const styles = css`
  .base,
  .files {
    display: grid;
    gap: 0.75em;
  }
  .zone {
    display: grid;
    justify-items: start;
    gap: 0.5em;
    padding: var(--upload-zone-padding, 1rem);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
  }
  [part~='zone-dragging'] {
    border-color: var(--_primary);
    background: color-mix(in srgb, var(--_primary) 6%, var(--_surface));
  }
  .label,
  .name {
    font-weight: 600;
  }
  .actions,
  .file,
  .file-actions,
  .progress {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .rules {
    font-size: 0.875em;
  }
  .files {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .file {
    gap: 0.25em 0.75em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .name {
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .progress,
  .result {
    flex: 1 1 100%;
  }
  progress {
    flex: 1;
    height: 0.5em;
    accent-color: var(--_primary);
  }
  .refused .result,
  .result.refused {
    color: var(--_danger);
  }
`;
