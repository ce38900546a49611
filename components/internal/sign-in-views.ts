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
  codeIntro: string;
  codeLabel: string;
  codeSubmit: string;
  sendNewLink: string;
  pinIntro: string;
  pinLabel: string;
  forgotPin: string;
  newPinHeading: string;
  newPinLabel: string;
  repeatPinLabel: string;
  pinFormat: string;
  pinMismatch: string;
  saveNewPin: string;
}

/** After a refusal the disabled button had dropped focus to the page: back to the field it is about. */
const refocus = async (signIn: SignInController, root: Node, selector: string): Promise<void> => {
  await signIn.updateComplete;
  ((root as ShadowRoot).querySelector?.(selector) as HTMLElement | null)?.focus();
};

const onCodeSubmit = async (signIn: SignInController, event: SubmitEvent): Promise<void> => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const input = form.elements.namedItem('code') as HTMLInputElement;
  if (!form.reportValidity()) return;
  const root = form.getRootNode();
  if (await signIn.signInWithCode(input.value.replace(/\s+/g, ''))) return;
  // Asked for the PIN next: its field; else the code's, with the message announced.
  await refocus(signIn, root, signIn.view === 'confirm' ? '#pin' : '#code');
};

const PIN_PATTERN = /^\d{4}$/;

/** Checks a PIN field (4 digits; the repeat equal to the first), so the browser says what is wrong at the field. */
const checkPin = (input: HTMLInputElement, t: SignInStrings, same?: HTMLInputElement): boolean => {
  input.setCustomValidity(
    !PIN_PATTERN.test(input.value) ? t.pinFormat : same && same.value !== input.value ? t.pinMismatch : '',
  );
  return input.reportValidity();
};

const onPinSubmit = async (signIn: SignInController, t: SignInStrings, event: SubmitEvent): Promise<void> => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const root = form.getRootNode();
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  const pin = field('pin');
  const newPin = field('new-pin');
  const repeat = field('repeat-pin');
  if (newPin && repeat) {
    if (!checkPin(newPin, t) || !checkPin(repeat, t, newPin)) return;
    if (!(await signIn.continue({ newPin: newPin.value }))) await refocus(signIn, root, '#new-pin');
    return;
  }
  if (pin) {
    if (!checkPin(pin, t)) return;
    if (!(await signIn.continue({ pin: pin.value }))) await refocus(signIn, root, '#pin');
    return;
  }
  if (!(await signIn.continue()) && signIn.view === 'confirm') await refocus(signIn, root, 'button[type=submit]');
};

const pinInput = (id: string, name: string, busy: boolean, described = false): TemplateResult => html`
  <input
    part="input"
    id=${id}
    name=${name}
    type="password"
    inputmode="numeric"
    autocomplete="off"
    pattern="[0-9]{4}"
    minlength="4"
    maxlength="4"
    required
    aria-describedby=${described ? 'pin-intro' : nothing}
    ?disabled=${busy}
    @input=${(e: Event) => (e.currentTarget as HTMLInputElement).setCustomValidity('')}
  />
`;

/** "Continue as …", with the PIN field when it is asked, or "Choose a new PIN" for a forgotten-PIN link. */
const renderConfirm = (signIn: SignInController, t: SignInStrings): TemplateResult => {
  const busy = signIn.busy;
  const submit = (e: SubmitEvent) => onPinSubmit(signIn, t, e);
  const other = html`<button class="button link" type="button" ?disabled=${busy} @click=${() => signIn.useAnotherEmail()}>
    ${t.useAnotherEmail}
  </button>`;
  if (signIn.pinReset) {
    return html`
      <h2 part="heading" data-heading tabindex="-1">${t.newPinHeading}</h2>
      <form part="form" class="stack" novalidate @submit=${submit}>
        <label for="new-pin">${t.newPinLabel}</label>
        ${pinInput('new-pin', 'new-pin', busy)}
        <label for="repeat-pin">${t.repeatPinLabel}</label>
        ${pinInput('repeat-pin', 'repeat-pin', busy)}
        <div class="row">
          <button part="button" class="button" type="submit" ?disabled=${busy}>${busy ? t.signingIn : t.saveNewPin}</button>
          ${other}
        </div>
      </form>
    `;
  }
  return html`
    <h2 part="heading" data-heading tabindex="-1">${t.signInHeading}</h2>
    <form part="form" class="stack" novalidate @submit=${submit}>
      <p id="pin-intro">${signIn.pinAsked ? t.pinIntro : t.continueIntro}</p>
      ${signIn.pinAsked ? html`<label for="pin">${t.pinLabel}</label>${pinInput('pin', 'pin', busy, true)}` : nothing}
      <div class="row">
        <button part="button" class="button" type="submit" ?disabled=${busy}>
          ${busy ? t.signingIn : t.continueAs(signIn.email)}
        </button>
        ${other}
      </div>
      ${signIn.pinAsked
        ? html`<button class="button link" type="button" ?disabled=${busy} @click=${() => signIn.forgotPin()}>${t.forgotPin}</button>`
        : nothing}
    </form>
  `;
};

/** "Have a code from the email?": the 6-digit code beside the link, for a mail app's own browser or another device. */
const renderCodeEntry = (signIn: SignInController, t: SignInStrings): TemplateResult => html`
  <form part="form" class="stack" aria-labelledby="code-intro" @submit=${(e: SubmitEvent) => onCodeSubmit(signIn, e)}>
    <p id="code-intro">${t.codeIntro}</p>
    <label for="code">${t.codeLabel}</label>
    <input
      part="input"
      id="code"
      name="code"
      type="text"
      inputmode="numeric"
      autocomplete="one-time-code"
      pattern="[0-9 ]{6,7}"
      maxlength="7"
      required
      ?disabled=${signIn.busy || signIn.codeLocked}
    />
    ${signIn.codeLocked
      ? html`<button part="button" class="button" type="button" ?disabled=${signIn.busy} @click=${() => signIn.sendLink(signIn.sentTo)}>
          ${t.sendNewLink}
        </button>`
      : html`<button part="button" class="button" type="submit" ?disabled=${signIn.busy}>
          ${signIn.busy ? t.signingIn : t.codeSubmit}
        </button>`}
  </form>
`;

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
 * your email (with the code beside the link), "Continue as …" (with the PIN
 * on a new device, or a new PIN for a forgotten-PIN link), and "Try again" when the server could not be
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
        ${renderCodeEntry(signIn, t)}
        <button class="button link" type="button" @click=${() => signIn.useAnotherEmail()}>${t.useAnotherEmail}</button>
      `;
    case 'confirm':
      return html`
        ${brand}
        ${renderConfirm(signIn, t)}
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
