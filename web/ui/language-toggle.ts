/** The header button that flips between English and Simplified Chinese. */
import { locale, setLocale } from '../i18n/i18n.js';

export function bindLanguageToggle(button: HTMLButtonElement): void {
  button.addEventListener('click', () => setLocale(locale() === 'en' ? 'zh-CN' : 'en'));
}
