/** The providers' one piece of wording logic: the text of the client's language. */
import type { Locale } from '../../core/index.js';

export const t = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);
