import { html, nothing, type TemplateResult } from 'lit';
import type { FirmBranding, Page } from '../internal/api-types.ts';
import { isAbort } from '../internal/messages.ts';
import type { ConsoleRoute, ConsoleViewHost } from './console-view-host.ts';

type Step = 'brand' | 'client' | 'invite';

/** Contacts who were sent an invitation, whatever became of it since (`GET /firm/contacts?health=`), most likely first. */
const INVITED_HEALTH = ['active', 'invited', 'link_expired'] as const;

/** The screens the steps open: Settings, the new client form, opening the portal. */
const STEP_ROUTES: Record<Step, ConsoleRoute> = {
  brand: { view: 'settings' },
  client: { view: 'client', id: null },
  invite: { view: 'open-portal' },
};

/**
 * The "First steps" card on the clients screen of a new firm: brand the
 * portal and turn it on (Settings; shown only to the owner and admins, who
 * change settings), add a client, invite clients. Each is ticked when done,
 * read from what the API already says: the settings (a colour or logo, or the
 * portal on), one client (`GET /firm/clients?limit=1`), one contact ever
 * invited (`GET /firm/contacts?health=…&limit=1`, asked only once there is a
 * client and stopping at the first found). A step once done is not asked
 * again. A firm that has done everything never sees the card; one that
 * finishes sees "All set" until it hides the card, which this browser
 * remembers per firm (`localStorage`).
 */
export class FirstSteps {
  readonly #host: ConsoleViewHost;
  /** Which firm the card is for (the dismissal is remembered per API and firm). */
  readonly #firm: () => string;
  readonly #done = new Set<Step>();
  #loaded = false;
  /** Everything was done at the first look: a firm past its start, the card never shows. */
  #settled = false;
  #for = '';
  #run = 0;

  constructor(host: ConsoleViewHost, firm: () => string) {
    this.#host = host;
    this.#firm = firm;
  }

  get #storageKey(): string {
    return `portico.console.first-steps-hidden:${this.#host.api}:${this.#firm()}`;
  }

  get #dismissed(): boolean {
    try {
      return localStorage.getItem(this.#storageKey) === '1';
    } catch {
      return false;
    }
  }

  /** The steps this member sees. */
  get #steps(): Step[] {
    return this.#host.isAdmin ? ['brand', 'client', 'invite'] : ['client', 'invite'];
  }

  /** Checks the steps not yet done (the clients screen calls it each time it shows). */
  async refresh(): Promise<void> {
    const host = this.#host;
    const key = `${host.memberId}\n${this.#storageKey}`;
    if (key !== this.#for) {
      this.#for = key;
      this.#done.clear();
      this.#loaded = false;
      this.#settled = false;
    }
    if (this.#settled || this.#dismissed) return;
    const run = ++this.#run;
    const steps = this.#steps.filter((s) => !this.#done.has(s));
    if (steps.length === 0) return;
    const api = host.apiClient;
    try {
      const [brand, client] = await Promise.all([
        steps.includes('brand')
          ? api.get<{ portalActive: boolean; branding: FirmBranding }>('/firm/settings').then((s) => s.portalActive || Boolean(s.branding?.primaryColor || s.branding?.logoUrl))
          : false,
        steps.includes('client') ? api.get<Page<unknown>>('/firm/clients?limit=1').then((p) => p.items.length > 0) : true,
      ]);
      if (brand) this.#done.add('brand');
      if (client) this.#done.add('client');
      if (steps.includes('invite') && this.#done.has('client')) {
        for (const health of INVITED_HEALTH) {
          const page = await api.get<Page<unknown>>(`/firm/contacts?health=${health}&limit=1`);
          if (page.items.length > 0) {
            this.#done.add('invite');
            break;
          }
        }
      }
    } catch (err) {
      // The card is a help, not the screen: without answers it stays as it was.
      if (!isAbort(err)) host.failure(err);
      return;
    }
    if (run !== this.#run) return;
    if (!this.#loaded && this.#steps.every((s) => this.#done.has(s))) this.#settled = true;
    this.#loaded = true;
    host.requestUpdate();
  }

  #dismiss(): void {
    try {
      localStorage.setItem(this.#storageKey, '1');
    } catch {
      // Private mode: hidden for this visit only.
      this.#settled = true;
    }
    const host = this.#host;
    host.announce(host.strings.firstStepsHidden);
    host.requestUpdate();
    void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>('[data-heading]')?.focus());
  }

  render(): TemplateResult | typeof nothing {
    if (!this.#loaded || this.#settled || this.#dismissed) return nothing;
    const host = this.#host;
    const t = host.strings;
    const steps = this.#steps;
    const done = steps.filter((s) => this.#done.has(s)).length;
    const words: Record<Step, [string, string]> = {
      brand: [t.stepBrand, t.stepBrandHint],
      client: [t.stepClient, t.stepClientHint],
      invite: [t.stepInvite, t.stepInviteHint],
    };
    return html`<section class="card first-steps" aria-labelledby="first-steps-title">
      <h2 id="first-steps-title">${t.firstStepsTitle}</h2>
      <p class="muted">${done === steps.length ? t.firstStepsAllDone : t.firstStepsIntro} <span class="meta">${t.firstStepsProgress(done, steps.length)}</span></p>
      <ol class="plain rows">
        ${steps.map((step) => {
          const finished = this.#done.has(step);
          const [label, hint] = words[step];
          return html`<li data-step=${step} class=${finished ? 'step done' : 'step'}>
            <span class="step-mark" aria-hidden="true">${finished ? '✓' : '○'}</span>
            <span class="step-body">
              <button type="button" class="button link" aria-describedby="step-${step}-hint step-${step}-state" @click=${() => host.navigate(STEP_ROUTES[step])}>${label}</button>
              <span id="step-${step}-state" class="badge">${finished ? t.stepDone : t.stepToDo}</span>
              <span id="step-${step}-hint" class="meta">${hint}</span>
            </span>
          </li>`;
        })}
      </ol>
      <div class="row"><button type="button" class="button secondary" @click=${() => this.#dismiss()}>${t.firstStepsDismiss}</button></div>
    </section>`;
  }
}
