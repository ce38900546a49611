import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { expect } from 'chai';
import { LocalizeController } from './localize.ts';
import { Strings } from '../translations/strings.ts';
import { afterEach, cleanupFixtures, describe, fixture, it, waitFor } from './testing/helpers.ts';

/** The smallest element that speaks through the controller: a heading and a due date. */
class LocalizeProbe extends LitElement {
  @property() fallback: string | null = null;
  readonly localize = new LocalizeController(this, () => this.fallback);

  override render() {
    return html`<h2 lang=${this.localize.tag}>${this.localize.t.signInHeading}</h2>
      <p>${this.localize.date('2025-03-10', 'long')}</p>`;
  }
}
customElements.define('localize-probe', LocalizeProbe);

/** A part's own strings, whose Estonian arrives when the test lets it. */
let letEstonianIn: () => void = () => undefined;
const partStrings = new Strings<{ greeting: string }>({ greeting: 'Hello' }, {
  et: () => new Promise((resolve) => (letEstonianIn = () => resolve({ greeting: 'Tere' }))),
});

/** An element of a part: the shared strings and its own, in one `t`. */
class LocalizePartProbe extends LitElement {
  readonly localize = new LocalizeController(this, undefined, partStrings);

  override render() {
    return html`<h2 lang=${this.localize.tag}>${this.localize.t.signInHeading} · ${this.localize.t.greeting}</h2>`;
  }
}
customElements.define('localize-part-probe', LocalizePartProbe);

const heading = (el: Element) => el.shadowRoot!.querySelector('h2')!;
const shows = (el: Element, text: string) => waitFor(() => heading(el).textContent === text, `"${text}"`);
/** Module requests for the Estonian strings so far (web-test-runner serves the sources as they are). */
const estonianFetches = () =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/translations/et.ts')).length;

describe('LocalizeController', () => {
  afterEach(() => {
    cleanupFixtures();
    document.documentElement.lang = 'en';
  });

  // First: it looks at what this page has fetched so far.
  it('fetches the Estonian strings only once an element is in Estonian, showing English until they arrive', async () => {
    await fixture(html`<localize-probe lang="en"></localize-probe>`);
    expect(estonianFetches(), 'an English page fetches no Estonian').to.equal(0);

    const el = await fixture<LocalizeProbe>(html`<localize-probe lang="et"></localize-probe>`);
    expect(heading(el).textContent, 'first render, strings still on their way').to.equal('Sign in');
    expect(heading(el).lang, 'the lang of the text shown').to.equal('en');
    await shows(el, 'Logi sisse');
    expect(heading(el).lang).to.equal('et');
    expect(estonianFetches()).to.equal(1);

    const second = await fixture<LocalizeProbe>(html`<localize-probe lang="et"></localize-probe>`);
    expect(heading(second).textContent, 'once here, Estonian from the first render').to.equal('Logi sisse');
    expect(estonianFetches(), 'fetched once').to.equal(1);
  });

  it('speaks Estonian for a regional tag, dates included', async () => {
    const el = await fixture<LocalizeProbe>(html`<localize-probe lang="et-EE"></localize-probe>`);
    await shows(el, 'Logi sisse');
    expect(heading(el).lang).to.equal('et-EE');
    expect(el.shadowRoot!.querySelector('p')!.textContent).to.equal('10. märts 2025');
  });

  it('follows lang when it changes at run time, on the element and on an ancestor', async () => {
    const el = await fixture<LocalizeProbe>(html`<localize-probe lang="en"></localize-probe>`);
    expect(heading(el).textContent).to.equal('Sign in');
    el.setAttribute('lang', 'et');
    await shows(el, 'Logi sisse');
    el.setAttribute('lang', 'en');
    await shows(el, 'Sign in');

    el.removeAttribute('lang');
    document.documentElement.lang = 'et';
    await shows(el, 'Logi sisse');
    document.documentElement.lang = 'en';
    await shows(el, 'Sign in');
  });

  it('takes the fallback (the portal’s or firm’s locale) when no lang says otherwise', async () => {
    document.documentElement.removeAttribute('lang');
    const el = await fixture<LocalizeProbe>(html`<localize-probe></localize-probe>`);
    el.fallback = 'et';
    await shows(el, 'Logi sisse');
  });

  it('falls back to English for a language it does not speak', async () => {
    for (const lang of ['fr', 'xx-YY', '']) {
      const el = await fixture<LocalizeProbe>(html`<localize-probe lang=${lang}></localize-probe>`);
      await new Promise((r) => setTimeout(r, 50));
      expect(heading(el).textContent, `lang="${lang}"`).to.equal('Sign in');
      expect(heading(el).lang, `lang="${lang}"`).to.equal('en');
    }
    const el = await fixture<LocalizeProbe>(html`<localize-probe lang="fr"></localize-probe>`);
    el.fallback = 'et';
    await shows(el, 'Logi sisse');
  });

  it('speaks a part in Estonian only once both its own and the shared strings are here, in one language meanwhile', async () => {
    await fixture(html`<localize-probe lang="et"></localize-probe>`).then((el) => shows(el, 'Logi sisse'));
    const el = await fixture<LocalizePartProbe>(html`<localize-part-probe lang="et"></localize-part-probe>`);
    await new Promise((r) => setTimeout(r, 50));
    expect(heading(el).textContent, 'the shared Estonian is here, the part’s is not').to.equal('Sign in · Hello');
    expect(heading(el).lang).to.equal('en');
    letEstonianIn();
    await shows(el, 'Logi sisse · Tere');
    expect(heading(el).lang).to.equal('et');
    el.setAttribute('lang', 'en');
    await shows(el, 'Sign in · Hello');
  });
});
