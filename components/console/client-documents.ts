import { html, type TemplateResult } from 'lit';
import type { FirmClient } from '../internal/api-types.ts';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';

/**
 * A client's document folder link (shown in the portal as "Documents") and
 * digitisation address, on the client's screen: `PATCH /firm/clients/:id`
 * (an empty field clears it). The server checks both (https only; an email
 * address) and its messages show beside the fields.
 */
export class ClientDocuments {
  readonly #host: ConsoleViewHost;
  #issues = new Map<string, string>();
  #busy = false;

  constructor(host: ConsoleViewHost) {
    this.#host = host;
  }

  async #save(event: SubmitEvent, client: FirmClient): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || null;
    this.#busy = true;
    this.#issues = new Map();
    host.showError('');
    host.requestUpdate();
    try {
      const saved = await host.apiClient.request<FirmClient>('PATCH', `/firm/clients/${encodeURIComponent(client.id)}`, {
        documentFolderUrl: value('documentFolderUrl'),
        digitisationAddress: value('digitisationAddress'),
      });
      // The clients list holds this object: keep it in step without reloading every client.
      Object.assign(client, { documentFolderUrl: saved.documentFolderUrl, digitisationAddress: saved.digitisationAddress });
      host.announce(host.strings.clientDocumentsSaved(client.name));
    } catch (err) {
      this.#issues = issuesByPath(err);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  render(client: FirmClient): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#issues;
    return html`<form class="card client-documents" novalidate @submit=${(e: SubmitEvent) => this.#save(e, client)}>
      <h3>${t.clientDocumentsTitle}</h3>
      <label for="client-folder">${t.documentFolderLabel}</label>
      <input id="client-folder" name="documentFolderUrl" type="url" maxlength="1000" .value=${client.documentFolderUrl ?? ''}
        placeholder="https://" aria-invalid=${issues.has('documentFolderUrl') ? 'true' : 'false'} aria-describedby="client-folder-error" />
      ${fieldError(issues, 'documentFolderUrl', 'client-folder-error')}
      ${client.documentFolderUrl ? html`<a href=${client.documentFolderUrl} target="_blank" rel="noopener noreferrer">${t.openFolder}</a>` : ''}
      <label for="client-digitisation">${t.digitisationAddressLabel}</label>
      <input id="client-digitisation" name="digitisationAddress" type="email" maxlength="254" .value=${client.digitisationAddress ?? ''}
        aria-invalid=${issues.has('digitisationAddress') ? 'true' : 'false'} aria-describedby="client-digitisation-error" />
      ${fieldError(issues, 'digitisationAddress', 'client-digitisation-error')}
      <div class="row"><button type="submit" class="button secondary" ?disabled=${this.#busy}>${t.saveClientDocuments}</button></div>
    </form>`;
  }
}
