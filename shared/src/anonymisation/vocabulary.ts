// the sets are marked pure: a browser bundle that does not scan drops them (and the name lists)
/**
 * Words of German case files that decide whether a capitalised word is a name: titles that
 * announce one, roles that may stand before one ("die Tante Gül"), and words that are never part
 * of one (roles, institutions, months, function words at the start of a sentence).
 */

const words = (text: string) => new Set(text.trim().split(/\s+/));

/** words after which the next capitalised words are a name, whatever they mean otherwise ("Frau Koch") */
export const TITLES = /* @__PURE__ */ words('Herr Herrn Frau Fräulein Familie Fam Ehepaar Eheleute Geschwister Dr Prof Hr Fr');

/** abbreviated titles, written with a dot */
export const DOTTED_TITLES = /* @__PURE__ */ words('Dr Prof Hr Fr Fam med Dipl');

/** roles and professions that stand before a name in case files ("Onkel Hakan", "Zeugin Olena Kravchenko") */
export const ROLES = /* @__PURE__ */ words(`
  Mutter Vater Kindesmutter Kindesvater Kind Kinder Sohn Tochter Bruder Schwester Onkel Tante Oma Opa Mama Papa
  Großmutter Großvater Großeltern Urgroßmutter Stiefvater Stiefmutter Stiefbruder Stiefschwester Stiefsohn Stieftochter
  Halbbruder Halbschwester Cousin Cousine Nichte Neffe Pate Patin Patentante Patenonkel Zwillinge Geschwister Eltern
  Partner Partnerin Lebensgefährte Lebensgefährtin Freund Freundin Ehemann Ehefrau Exmann Exfrau Nachbar Nachbarin
  Vermieter Vermieterin Arbeitgeber Arbeitgeberin Vorgesetzter Vorgesetzte Kollege Kollegin
  Lehrer Lehrerin Klassenlehrer Klassenlehrerin Schulleiter Schulleiterin Rektor Rektorin Erzieher Erzieherin Tagesmutter Tagesvater
  Hebamme Familienhebamme Kinderarzt Kinderärztin Hausarzt Hausärztin Arzt Ärztin Psychologin Psychologe Therapeutin Therapeut
  Rechtsanwalt Rechtsanwältin Anwalt Anwältin Vormund Vormünderin Ergänzungspfleger Ergänzungspflegerin Verfahrensbeistand Verfahrensbeiständin
  Sozialarbeiter Sozialarbeiterin Sozialpädagoge Sozialpädagogin Familienhelfer Familienhelferin Schulsozialarbeiter Schulsozialarbeiterin
  Pflegemutter Pflegevater Pflegeeltern Pflegeperson Bereitschaftspflege Zeuge Zeugin Trainer Trainerin Jugendliche Jugendlicher
  Hausmeister Hausmeisterin Sorgeberechtigte Sorgeberechtigter Beschuldigte Beschuldigter Dolmetscher Dolmetscherin Betreuer Betreuerin
  Schulbegleiter Schulbegleiterin Bewährungshelfer Bewährungshelferin Oberstudienrat Oberstudienrätin Leiter Leiterin Halter Halterin
  Säugling Baby Junge Mädchen Kleinkind Pflegekind Mitbewohner Mitbewohnerin Bekannte Bekannter Besucher Besucherin
`);

/** never part of a name, even after a title or a first name */
export const NEVER_NAMES = /* @__PURE__ */ words(`
  Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Am Im An In Ins Auf Aus Bei Beim Mit Nach Seit Von Vom Zum Zur Zu Für Über Unter
  Vor Laut Gemäß Wegen Trotz Und Oder Aber Sowie Sie Er Es Ihr Ihre Ihren Ihrem Ihrer Sein Seine Seinen Seinem Seiner Wir Ich Man Dann Danach Hier
  Dort Da Auch Nur Noch Schon Bereits Nicht Kein Keine Alle Beide Als Wie Wenn Weil Dass Ob So Ab Bis Ohne Gegen Durch Was Wer Wo Wann
  Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember
  Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Wochenende Frühjahr Sommer Herbst Winter Anfang Ende Mitte
  Jugendamt Kreisjugendamt Kreis Stadt Gemeinde Landkreis Familiengericht Amtsgericht Gericht Polizei Kita Schule Grundschule Klinik Team
  Leitung Fachkraft Fachkräfte Jobcenter Sozialamt Gesundheitsamt Frauenhaus Beratungsstelle Akte Vermerk Protokoll Bericht Hilfeplan
  Jahre Jahren Jahr Monate Monaten Wochen Tage Tagen Uhr Nr Bl Abs Tel Mail Fax
`);

/** the German alphabet; a capitalised word with any other letter is most likely a name in a German case file */
export const FOREIGN_LETTER = /[ąćęłńśźżčďěňřšťůžđçğışţțăâîøåæœñãõőűİŁŚŻŹĆČŠŽĐŞȚȘÇ]/u;

/**
 * endings of surnames from the origins common in German case files ("Kovačević", "Iwanow", "Popescu",
 * "Yılmazoğlu"); tested on a word's last letters only (see names.ts), which keeps it fast
 */
export const FOREIGN_SURNAME_ENDING =
  /(?:ović|ovic|ević|evic|vić|ić|ski|ska|cki|cka|wicz|czyk|czak|enko|chuk|tschuk|schuk|yuk|juk|ow|owa|ova|eva|ewa|jew|jewa|ov|ev|oğlu|oglu|escu|eanu|poulos|opoulou|idis|akis|yan|zadeh|zada|ullah|shvili|schwili|adze)$/u;

/** words with such an ending that are German (or loan) words, not names: "Talkshow", "Wasserski", "Supernova" */
export const NOT_FOREIGN_SURNAME = /(?:show|bungalow|pankow|wasserski|jetski|upernova|anorak|kautschuk)$/iu;
