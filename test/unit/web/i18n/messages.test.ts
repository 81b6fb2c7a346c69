import { describe, expect, it } from 'vitest';
import { en } from '../../../../web/i18n/en.js';
import { LOCALES, MESSAGES, pickLocale, placeholders, translate } from '../../../../web/i18n/translate.js';
import { zhCN } from '../../../../web/i18n/zh-CN.js';

describe('UI strings', () => {
  it('Simplified Chinese has exactly the English keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('every locale has a non-empty string for every key, with the same placeholders as English', () => {
    for (const locale of LOCALES) {
      for (const [key, english] of Object.entries(en)) {
        const message = MESSAGES[locale][key as keyof typeof en];
        expect(message, `${locale} ${key}`).toBeTruthy();
        expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('the Chinese strings are actually translated', () => {
    expect(translate('zh-CN', 'conn.connected')).toBe('已连接');
    expect(translate('zh-CN', 'list.title')).not.toBe(translate('en', 'list.title'));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'list.summary', { count: 3, armed: 1, lost: 0 })).toBe('3 total · 1 armed · 0 link lost');
    expect(translate('zh-CN', 'time.secondsAgo', { n: 5 })).toBe('5 秒前');
    expect(translate('en', 'time.secondsAgo', {})).toBe('{n} s ago');
  });
});

describe('pickLocale', () => {
  it('prefers a stored choice', () => {
    expect(pickLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
  });

  it('ignores a stored value that is not a locale', () => {
    expect(pickLocale('klingon', ['zh-CN'])).toBe('zh-CN');
  });

  it('maps any Chinese browser language to Simplified Chinese', () => {
    expect(pickLocale(null, ['zh-TW'])).toBe('zh-CN');
    expect(pickLocale(null, ['zh'])).toBe('zh-CN');
  });

  it('takes the first browser language it speaks, else English', () => {
    expect(pickLocale(null, ['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLocale(null, ['fr-FR', 'de'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
  });
});
