import { html, type TemplateResult } from 'lit';
import type { FirmClient } from '../internal/api-types.ts';
import type { ConsoleStrings } from './console-strings.ts';

/** The firm's clients as a list of toggle buttons; the chosen one is pressed. A contact whose address is undeliverable is named under its client. */
export const renderClients = (
  clients: FirmClient[],
  chosenId: string | null,
  t: ConsoleStrings,
  choose: (id: string) => void,
): TemplateResult => {
  if (clients.length === 0) return html`<p class="muted">${t.noClients}</p>`;
  return html`
    <ul class="plain clients">
      ${clients.map(
        (client) => html`
          <li>
            <button type="button" aria-pressed=${client.id === chosenId ? 'true' : 'false'} @click=${() => choose(client.id)}>
              <span>${client.name}</span>
              <span class="meta">${t.contactsCount(client.contacts.length)}${client.portalOpen ? '' : ` · ${t.portalClosed}`}</span>
            </button>
            ${client.contacts.map((contact) =>
              // The mail provider gave up on this contact's address (bounce, spam complaint, inactive): staff must fix it.
              contact.emailUndeliverable ? html`<p class="meta undeliverable" role="note">${t.emailUndeliverable(contact.email, contact.emailUndeliverable.reason)}</p>` : null,
            )}
          </li>
        `,
      )}
    </ul>
  `;
};
