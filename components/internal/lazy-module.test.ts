import { expect } from 'chai';
import { LazyModule } from './lazy-module.ts';
import { describe, it, waitFor } from './testing/helpers.ts';

/** A host that counts the re-renders it is asked for. */
const host = () => {
  const h = { updates: 0, requestUpdate: () => void h.updates++ };
  return h as typeof h & Parameters<LazyModule<unknown>['get']>[0];
};

describe('LazyModule', () => {
  it('fetches once when first asked for, and re-renders its host when the module is here', async () => {
    let imports = 0;
    const lazy = new LazyModule(async () => {
      imports++;
      return { answer: 42 };
    });
    const h = host();
    expect(lazy.loaded, 'nothing fetched before it is asked for').to.equal(undefined);
    expect(imports).to.equal(0);
    expect(lazy.get(h), 'not here on the first ask').to.equal(undefined);
    expect(lazy.get(h)).to.equal(undefined);
    await waitFor(() => h.updates >= 1, 'a re-render');
    expect(imports, 'asked twice, fetched once').to.equal(1);
    expect(lazy.get(h)?.answer).to.equal(42);
    expect(lazy.loaded?.answer).to.equal(42);
  });

  it('after a failed fetch, asking again does not fetch again (no loop of re-renders); load() does', async () => {
    let imports = 0;
    let fail = true;
    const lazy = new LazyModule(async () => {
      imports++;
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      return { answer: 42 };
    });
    const h = host();
    lazy.get(h);
    await waitFor(() => lazy.failed, 'the failure');
    expect(h.updates, 'the host re-renders to show it').to.equal(1);
    expect(lazy.get(h)).to.equal(undefined);
    expect(imports, 'no second fetch from get()').to.equal(1);

    fail = false;
    const module = await lazy.load();
    expect(module.answer).to.equal(42);
    expect(lazy.failed).to.equal(false);
    expect(imports).to.equal(2);
    expect(lazy.get(h)?.answer).to.equal(42);
  });
});
