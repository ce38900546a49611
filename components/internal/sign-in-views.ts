import { html, nothing, type TemplateResult } from 'lit';
import type { SignInController } from './sign-in.ts';

/** The strings the sign-in views show; `<client-portal>` and the console each word them for their audience. */
export interface SignInStrings {
  signInHeading: string;
  signInIntro: string;
  emailLabel: string;
  sendLink: string;
  sendingLink: string;
  checkEmailHeading: string;
  checkEmailBody(email: string): string;
  useAnotherEmail: string;
  continueIntro: string;
  continueAs(email: string): string;
  signingIn: string;
  retry: string;
}

const onSubmit = async (signIn: SignInController, event: SubmitEvent): Promise<void> => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const input = form.elements.namedItem('email') as HTMLInputElement;
  if (!form.reportValidity()) return;
  if (await signIn.sendLink(input.value.trim())) return;
  await signIn.updateComplete;
  input.focus(); // the disabled button had dropped focus to the page
};

/**
 * The signed-out views of a {@link SignInController}: ask for an email, check
 * your email, "Continue as …", and "Try again" when the server could not be
 * reached. `brand` goes above each (the firm's logo and name). Messages
 * (`signIn.error`, `signIn.status`) are the element's to show.
 */
export const renderSignInView = (
  signIn: SignInController,
  t: SignInStrings,
  brand: TemplateResult | typeof nothing = nothing,
): TemplateResult | typeof nothing => {
  switch (signIn.view) {
    case 'sign-in':
      return html`
        ${brand}
        <h2 part="heading" data-heading tabindex="-1">${t.signInHeading}</h2>
        <p class="muted" id="intro">${t.signInIntro}</p>
        <form part="form" class="stack" aria-describedby="intro" @submit=${(e: SubmitEvent) => onSubmit(signIn, e)}>
          <label for="email">${t.emailLabel}</label>
          <input
            part="input"
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            inputmode="email"
            required
            .value=${signIn.sentTo}
            ?disabled=${signIn.busy}
          />
          <button part="button" class="button" type="submit" ?disabled=${signIn.busy}>
            ${signIn.busy ? t.sendingLink : t.sendLink}
          </button>
        </form>
      `;
    case 'link-sent':
      return html`
        ${brand}
        <h2 part="heading" data-heading tabindex="-1">${t.checkEmailHeading}</h2>
        <p>${t.checkEmailBody(signIn.sentTo)}</p>
        <button class="button link" type="button" @click=${() => signIn.useAnotherEmail()}>${t.useAnotherEmail}</button>
      `;
    case 'confirm':
      return html`
        ${brand}
        <h2 part="heading" data-heading tabindex="-1">${t.signInHeading}</h2>
        <p>${t.continueIntro}</p>
        <div class="row">
          <button part="button" class="button" type="button" ?disabled=${signIn.busy} @click=${() => signIn.continue()}>
            ${signIn.busy ? t.signingIn : t.continueAs(signIn.inspected?.email ?? '')}
          </button>
          <button class="button link" type="button" ?disabled=${signIn.busy} @click=${() => signIn.useAnotherEmail()}>
            ${t.useAnotherEmail}
          </button>
        </div>
      `;
    case 'unavailable':
      return html`${brand}
        <button part="button" class="button" type="button" @click=${() => signIn.start()}>${t.retry}</button>`;
    case 'checking-link':
      return brand; // "Checking your sign-in link…" is in the status region
    default:
      return nothing;
  }
};
