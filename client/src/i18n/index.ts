import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'qe.language';

function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
}

/**
 * German is in the entry bundle; English is loaded when chosen (it is a second copy of every
 * text, and the pages before the board are held to a small download budget).
 */
let englishLoaded = false;
async function loadLanguage(language: string): Promise<void> {
  // not hasResourceBundle: parts of the app bring their own English texts along (added to the
  // bundle when they load), which says nothing about the rest
  if (language !== 'en' || englishLoaded) return;
  const { default: en } = await import('./en.json');
  i18n.addResourceBundle('en', 'translation', en, true, false);
  englishLoaded = true;
}

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de } },
  lng: 'de',
  fallbackLng: 'de',
  partialBundledLanguages: true,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

/** Switches the UI language once its texts are here. */
export async function setLanguage(language: string): Promise<void> {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
});
document.documentElement.lang = 'de';
if (storedLanguage() === 'en') void setLanguage('en');

export default i18n;
