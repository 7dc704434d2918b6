import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

import type { Lang, Messages } from '../../frontend/src/i18n/catalogs';
import { messages as enConsole } from '../../frontend/src/i18n/en/console';
import { messages as enLawyer } from '../../frontend/src/i18n/en/lawyer';
import { messages as enReport } from '../../frontend/src/i18n/en/report';
import { messages as enReturn } from '../../frontend/src/i18n/en/return';
import { messages as enShared } from '../../frontend/src/i18n/en/shared';
import { messages as kkConsole } from '../../frontend/src/i18n/kk/console';
import { messages as kkLawyer } from '../../frontend/src/i18n/kk/lawyer';
import { messages as kkReport } from '../../frontend/src/i18n/kk/report';
import { messages as kkReturn } from '../../frontend/src/i18n/kk/return';
import { messages as kkShared } from '../../frontend/src/i18n/kk/shared';
import { messages as ruConsole } from '../../frontend/src/i18n/ru/console';
import { messages as ruLawyer } from '../../frontend/src/i18n/ru/lawyer';
import { messages as ruReport } from '../../frontend/src/i18n/ru/report';
import { messages as ruReturn } from '../../frontend/src/i18n/ru/return';
import { messages as ruShared } from '../../frontend/src/i18n/ru/shared';
import { createTranslator } from '../../frontend/src/i18n/translate';

type Catalog = Record<string, string>;
const CATALOGS: Record<Lang, Record<'shared' | 'report' | 'return' | 'console' | 'lawyer', Catalog>> = {
  en: { shared: enShared, report: enReport, return: enReturn, console: enConsole, lawyer: enLawyer },
  ru: { shared: ruShared, report: ruReport, return: ruReturn, console: ruConsole, lawyer: ruLawyer },
  kk: { shared: kkShared, report: kkReport, return: kkReturn, console: kkConsole, lawyer: kkLawyer },
};
const LANGS = ['en', 'ru', 'kk'] as const;
const TRANSLATIONS = ['ru', 'kk'] as const;
const AREAS = ['shared', 'report', 'return', 'console', 'lawyer'] as const;

/** Every argument a message uses, with its kind (`count:plural`, `max:argument`), in a stable order. */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): string[] {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number) found.add(`${element.value}:value`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.add(`${element.value}:${element.type === TYPE.plural ? 'plural' : 'select'}`);
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return [...found].sort();
}

function pluralsOf(elements: MessageFormatElement[]): { name: string; forms: string[] }[] {
  return elements.flatMap((element) => {
    if (element.type === TYPE.plural) {
      return [
        { name: element.value, forms: Object.keys(element.options) },
        ...Object.values(element.options).flatMap((option) => pluralsOf(option.value)),
      ];
    }
    if (element.type === TYPE.select) return Object.values(element.options).flatMap((o) => pluralsOf(o.value));
    return [];
  });
}

describe.each(AREAS)('the %s catalogs', (area) => {
  it.each(TRANSLATIONS)('%s translates every English key, and has no key English lacks', (lang) => {
    const english = Object.keys(CATALOGS.en[area]);
    const translated = Object.keys(CATALOGS[lang][area]);
    expect({
      missing: english.filter((k) => !translated.includes(k)),
      extra: translated.filter((k) => !english.includes(k)),
    }).toEqual({ missing: [], extra: [] });
  });

  it.each(LANGS)('%s: every message is valid ICU MessageFormat', (lang) => {
    const broken: string[] = [];
    for (const [key, message] of Object.entries(CATALOGS[lang][area])) {
      try {
        parse(message);
      } catch (error) {
        broken.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s: each message takes the same arguments as the English one', (lang) => {
    const differing = Object.entries(CATALOGS.en[area]).flatMap(([key, english]) => {
      const translated = CATALOGS[lang][area][key];
      if (translated === undefined) return [];
      const [want, got] = [argumentsOf(parse(english)), argumentsOf(parse(translated))];
      return JSON.stringify(want) === JSON.stringify(got) ? [] : [{ key, want, got }];
    });
    expect(differing).toEqual([]);
  });

  it.each(LANGS)('%s: every plural has each form the language has (CLDR), so counts read right', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const short = Object.entries(CATALOGS[lang][area]).flatMap(([key, message]) =>
      pluralsOf(parse(message)).flatMap(({ name, forms }) => {
        const missing = categories.filter((form) => !forms.includes(form));
        return missing.length > 0 ? [{ key, argument: name, missing }] : [];
      }),
    );
    expect(short).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s has no empty message and translates the prose (not English left in place)', (lang) => {
    const english = CATALOGS.en[area];
    const untranslated = Object.keys(english).filter(
      (key) =>
        !CATALOGS[lang][area][key]?.trim() ||
        (english[key]!.split(' ').length > 3 && CATALOGS[lang][area][key] === english[key]),
    );
    expect(untranslated).toEqual([]);
  });
});

it('Kazakh is Kazakh, not Russian left in place: it uses letters Russian lacks', () => {
  const kk = Object.values(CATALOGS.kk).flatMap((catalog) => Object.entries(catalog));
  const ru = Object.assign({}, ...Object.values(CATALOGS.ru)) as Catalog;
  const kazakhLetters = /[әғқңөұүһі]/i;
  expect(kk.filter(([, text]) => kazakhLetters.test(text)).length / kk.length).toBeGreaterThan(0.5);
  expect(kk.filter(([key, text]) => ru[key] === text && text.length > 20).map(([key]) => key)).toEqual([]);
});

describe('counts read right in each language', () => {
  const page = (lang: Lang) => createTranslator(lang, Object.assign({}, ...Object.values(CATALOGS[lang])) as Messages);

  it.each([
    [1, '1 секунду'],
    [3, '3 секунды'],
    [5, '5 секунд'],
    [11, '11 секунд'],
    [21, '21 секунду'],
    [24, '24 секунды'],
  ])('Russian: %i → "%s" (one, few, many)', (seconds, words) => {
    expect(page('ru')('console.login.throttled', { seconds })).toBe(
      `Слишком много неудачных попыток. Повторите через ${words}.`,
    );
  });

  it.each([
    [1, '1 second'],
    [2, '2 seconds'],
  ])('English: %i → "%s"', (seconds, words) => {
    expect(page('en')('console.login.throttled', { seconds })).toBe(`Too many failed attempts. Try again in ${words}.`);
  });

  it('Kazakh keeps the noun singular after a number, and every language groups thousands its own way', () => {
    expect(page('kk')('report.form.characters', { count: 5, max: 20_000 })).toBe('5 / 20\u00a0000 таңба');
    expect(page('ru')('report.form.characters', { count: 5, max: 20_000 })).toBe('5 из 20\u00a0000 символов');
    expect(page('ru')('report.error.tooLong', { field: 'Место', max: 1, count: 2 })).toBe(
      'Место: сократите до 1 символа (сейчас 2).',
    );
    expect(page('en')('report.form.characters', { count: 1234, max: 20_000 })).toBe('1,234 of 20,000 characters');
  });

  it.each([
    [1, 'На этом шаге 1 ошибка', 'В сообщении 1 сотрудник', 'Сотрудник'],
    [2, 'На этом шаге 2 ошибки', 'В сообщении 2 сотрудника', 'Сотрудники (2)'],
    [5, 'На этом шаге 5 ошибок', 'В сообщении 5 сотрудников', 'Сотрудники (5)'],
    [21, 'На этом шаге 21 ошибка', 'В сообщении 21 сотрудник', 'Сотрудники (21)'],
  ])('Russian, the report form: %i problems and officers', (count, problems, officers, section) => {
    expect(page('ru')('report.errors.title', { count })).toBe(problems);
    expect(page('ru')('report.officers.count', { count })).toBe(officers);
    expect(page('ru')('fact.section.officers', { count })).toBe(section);
  });

  it.each([
    [1, 'Приложен 1 файл: a'],
    [3, 'Приложено 3 файла: a'],
    [5, 'Приложено 5 файлов: a'],
    [21, 'Приложен 21 файл: a'],
  ])('Russian, the return page: %i files → "%s"', (count, words) => {
    expect(page('ru')('return.files', { count, names: 'a' })).toBe(words);
  });

  it('the report form counts in Kazakh and English too', () => {
    expect(page('kk')('report.errors.title', { count: 3 })).toBe('Бұл қадамда 3 қате бар');
    expect(page('kk')('report.officers.count', { count: 2 })).toBe('Хабарламада 2 қызметкер');
    expect(page('en')('report.errors.title', { count: 1 })).toBe('There is 1 problem on this step');
    expect(page('en')('report.errors.title', { count: 2 })).toBe('There are 2 problems on this step');
    expect(page('en')('report.step.count', { step: 2, total: 7 })).toBe('Step 2 of 7');
    expect(page('ru')('report.error.tooLarge', { share: 0.125 })).toMatch(/примерно на 13\s?%\.$/);
  });

  it('a key the page has not loaded shows as the key, not as a crash', () => {
    expect(createTranslator('en', enReport)('console.title')).toBe('console.title');
  });
});
