import { describe, expect, it } from 'vitest';
import { isUsableSlug, slugCandidate, slugFromName } from './slugs.ts';

describe('firm addresses', () => {
  it.each([
    ['Demo & Partners Accounting', 'demo-partners-accounting'],
    ['Õun & Pärn OÜ', 'oun-parn-ou'],
    ['  --Acme--  ', 'acme'],
    ['AB', 'ab-firm'],
    ['', 'my-firm'],
    ['!!!', 'my-firm'],
    ['Console', 'console-firm'],
    ['Ärikonsultatsioonid ja raamatupidamisteenused Tallinnas', 'arikonsultatsioonid-ja-raamatupidamistee'],
  ])('suggests for %j the address %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    expect(isUsableSlug(slugFromName(name))).toBe(true);
  });

  it.each([
    ['demo', true],
    ['ab', false],
    ['-demo', false],
    ['demo-', false],
    ['de mo', false],
    ['api', false],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
  ])('%j is usable: %s', (slug, usable) => expect(isUsableSlug(slug)).toBe(usable));

  it('numbers the alternatives and keeps them within 40 characters', () => {
    expect(slugCandidate('demo', 1)).toBe('demo');
    expect(slugCandidate('demo', 2)).toBe('demo-2');
    const long = slugCandidate('a'.repeat(39) + 'b', 12);
    expect(long).toHaveLength(40);
    expect(long.endsWith('-12')).toBe(true);
  });
});
