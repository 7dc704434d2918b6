import { en } from '../../frontend/src/i18n/en';
import { kk } from '../../frontend/src/i18n/kk';
import { ru } from '../../frontend/src/i18n/ru';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['ru', ru],
  ['kk', kk],
])('the %s catalog', (_lang, catalog) => {
  it('translates every key of the English catalog and nothing else', () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps every placeholder of each message', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(catalog[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it('has no empty message and translates the prose (not English left in place)', () => {
    const prose = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k].split(' ').length > 3);
    for (const key of prose) {
      expect(catalog[key].trim()).not.toBe('');
      expect([key, catalog[key]]).not.toEqual([key, en[key]]);
    }
  });
});

it('Kazakh is Kazakh, not Russian left in place: it uses letters Russian lacks', () => {
  const kazakhLetters = /[әғқңөұүһі]/i;
  const withKazakhLetters = Object.values(kk).filter((text) => kazakhLetters.test(text)).length;
  expect(withKazakhLetters / Object.values(kk).length).toBeGreaterThan(0.5);
  const sameAsRussian = (Object.keys(ru) as (keyof typeof ru)[]).filter((k) => ru[k] === kk[k] && ru[k].length > 20);
  expect(sameAsRussian).toEqual([]);
});
