import { css } from 'lit';

export const styles = css`
  .base,
  .files {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
  }
  .zone {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.5em;
    padding: var(--upload-zone-padding, 1rem);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .zone.dragging {
    border-color: var(--_primary);
    background: color-mix(in srgb, var(--_primary) 6%, var(--_surface));
  }
  .label {
    font-weight: 600;
  }
  .actions,
  .file-actions {
    display: flex;
    flex-wrap: wrap;
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
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 0.5em;
    flex: 1 1 100%;
  }
  .bar {
    flex: 1;
    height: 0.5em;
    border-radius: 999px;
    background: var(--_border);
    overflow: hidden;
  }
  .fill {
    display: block;
    height: 100%;
    width: 0;
    background: var(--_primary);
  }
  .result {
    flex: 1 1 100%;
  }
  .refused .result,
  .result.refused {
    color: var(--_danger);
  }
`;
