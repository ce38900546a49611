import { expect } from 'chai';
import { readLoginToken, removeLoginToken, takeLoginToken } from './login-link.ts';
import { afterEach, describe, it } from './testing/helpers.ts';

const TOKEN = 'AbC_123-xyz_AbC_123-xyz_AbC_123-xyz_AbC_12';
const start = `${location.pathname}${location.search}`;

/** Puts the page at `hash` without a history entry, as a sign-in link would open it. */
const at = (hash: string) => history.replaceState(null, '', `${start}${hash}`);

describe('the sign-in token in the page address', () => {
  afterEach(() => at(''));

  const cases: [string, string][] = [
    // [address fragment as mailed, what stays in the address after the token is taken]
    [`#login=${TOKEN}`, ''],
    [`#top&login=${TOKEN}`, '#top'],
    [`#/portal?login=${TOKEN}`, '#/portal'],
    [`#/portal?tab=tasks&login=${TOKEN}`, '#/portal?tab=tasks'],
    [`#/portal?login=${TOKEN}&tab=tasks`, '#/portal?tab=tasks'],
    [`#!/clients?login=${TOKEN}`, '#!/clients'],
    [`#login=${TOKEN}&lang=et`, '#lang=et'],
  ];

  for (const [hash, rest] of cases) {
    it(`is found in ${hash.replace(TOKEN, '<token>')} and taken out, leaving "${rest}"`, () => {
      at(hash);
      expect(readLoginToken()).to.equal(TOKEN);
      expect(location.hash).to.equal(hash, 'reading leaves the address alone');
      expect(takeLoginToken()).to.equal(TOKEN);
      expect(location.hash).to.equal(rest);
      expect(`${location.pathname}${location.search}`).to.equal(start);
      expect(readLoginToken()).to.equal(null);
    });
  }

  it('is not found where there is none, or where "login=" is only part of a route or another name', () => {
    for (const hash of ['', '#', '#top', '#/portal', '#/login=abc', '#/portal?relogin=abc', '#xlogin=abc', '#login=']) {
      at(hash);
      expect(readLoginToken(), hash).to.equal(null);
      removeLoginToken();
      expect(location.hash, hash).to.equal(hash === '#' ? '' : hash);
    }
  });

  it('does not add a history entry when it takes the token out', () => {
    at(`#/portal?login=${TOKEN}`);
    const length = history.length;
    takeLoginToken();
    expect(history.length).to.equal(length);
  });
});
