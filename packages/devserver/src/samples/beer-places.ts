/**
 * Where the generated beer-sample's breweries are: countries (most breweries American,
 * as in the real sample), their regions and cities with rounded public coordinates, and
 * per-country conventions (language of names and streets, postal code format, calling
 * code, how often the region is left blank). US cities are the travel-sample's anchor
 * cities, so both samples agree on where Denver is.
 */
import type { BrewingTradition } from './beer-styles';
import { US_ANCHORS } from './travel-places';

/** Language of brewery names and street addresses. */
export type PlaceLanguage = 'en' | 'de' | 'nl' | 'fr' | 'cz' | 'it' | 'es' | 'da' | 'ja';

/** Postal code shape; `none` writes an empty `code`. */
export type PostalFormat = 'us' | 'ca' | 'uk' | 'nl' | 'cz' | 'jp' | 'd4' | 'd5' | 'none';

/** A brewing country. */
export interface BreweryCountry {
  readonly country: string;
  /** Relative share of breweries. */
  readonly weight: number;
  readonly tradition: BrewingTradition;
  readonly language: PlaceLanguage;
  readonly callingCode: string;
  readonly postal: PostalFormat;
  /** Probability that a brewery's `state` is missing (the real sample often omits it outside North America). */
  readonly noState: number;
  /** `[region, city, lat, lng]`. */
  readonly places: readonly (readonly [string, string, number, number])[];
}

/** Countries other than the US, with their places. */
const ABROAD = [
  { country: 'Germany', weight: 95, tradition: 'de', language: 'de', callingCode: '49', postal: 'd5', noState: 0.25, places: [
    ['Bayern', 'München', 48.14, 11.58], ['Bayern', 'Bamberg', 49.89, 10.89], ['Bayern', 'Nürnberg', 49.45, 11.08], ['Bayern', 'Regensburg', 49.01, 12.1],
    ['Bayern', 'Kulmbach', 50.1, 11.45], ['Bayern', 'Freising', 48.4, 11.74], ['Nordrhein-Westfalen', 'Köln', 50.94, 6.96], ['Nordrhein-Westfalen', 'Düsseldorf', 51.23, 6.78],
    ['Nordrhein-Westfalen', 'Dortmund', 51.51, 7.47], ['Baden-Württemberg', 'Stuttgart', 48.78, 9.18], ['Baden-Württemberg', 'Freiburg', 47.99, 7.85],
    ['Hamburg', 'Hamburg', 53.55, 9.99], ['Berlin', 'Berlin', 52.52, 13.4], ['Niedersachsen', 'Hannover', 52.38, 9.73], ['Sachsen', 'Dresden', 51.05, 13.74],
    ['Sachsen', 'Leipzig', 51.34, 12.37], ['Hessen', 'Frankfurt am Main', 50.11, 8.68], ['Thüringen', 'Erfurt', 50.98, 11.03],
  ] },
  { country: 'Belgium', weight: 80, tradition: 'be', language: 'nl', callingCode: '32', postal: 'd4', noState: 0.3, places: [
    ['Oost-Vlaanderen', 'Gent', 51.05, 3.72], ['Oost-Vlaanderen', 'Aalst', 50.94, 4.04], ['West-Vlaanderen', 'Brugge', 51.21, 3.22], ['West-Vlaanderen', 'Kortrijk', 50.83, 3.26],
    ['Antwerpen', 'Antwerpen', 51.22, 4.4], ['Antwerpen', 'Mechelen', 51.03, 4.48], ['Vlaams Brabant', 'Leuven', 50.88, 4.7], ['Brussel', 'Brussel', 50.85, 4.35],
    ['Limburg', 'Hasselt', 50.93, 5.34],
  ] },
  { country: 'Belgium', weight: 30, tradition: 'be', language: 'fr', callingCode: '32', postal: 'd4', noState: 0.3, places: [
    ['Hainaut', 'Mons', 50.45, 3.95], ['Hainaut', 'Charleroi', 50.41, 4.44], ['Namur', 'Namur', 50.47, 4.87], ['Namur', 'Dinant', 50.26, 4.91],
    ['Liège', 'Liège', 50.63, 5.57], ['Luxembourg', 'Bastogne', 50.0, 5.72], ['Brabant Wallon', 'Wavre', 50.72, 4.6],
  ] },
  { country: 'Canada', weight: 70, tradition: 'ca', language: 'en', callingCode: '1', postal: 'ca', noState: 0.02, places: [
    ['Ontario', 'Toronto', 43.65, -79.38], ['Ontario', 'Ottawa', 45.42, -75.7], ['Ontario', 'Guelph', 43.55, -80.25], ['Ontario', 'Kingston', 44.23, -76.49],
    ['Quebec', 'Montréal', 45.5, -73.57], ['Quebec', 'Québec', 46.81, -71.21], ['British Columbia', 'Vancouver', 49.28, -123.12], ['British Columbia', 'Victoria', 48.43, -123.37],
    ['Alberta', 'Calgary', 51.05, -114.07], ['Alberta', 'Edmonton', 53.55, -113.49], ['Nova Scotia', 'Halifax', 44.65, -63.57], ['Manitoba', 'Winnipeg', 49.9, -97.14],
  ] },
  { country: 'United Kingdom', weight: 75, tradition: 'uk', language: 'en', callingCode: '44', postal: 'uk', noState: 0.6, places: [
    ['England', 'London', 51.51, -0.13], ['England', 'Manchester', 53.48, -2.24], ['England', 'Leeds', 53.8, -1.55], ['England', 'Sheffield', 53.38, -1.47],
    ['England', 'Burton upon Trent', 52.8, -1.64], ['England', 'Norwich', 52.63, 1.3], ['England', 'Bristol', 51.45, -2.59], ['England', 'Tadcaster', 53.88, -1.26],
    ['Scotland', 'Edinburgh', 55.95, -3.19], ['Scotland', 'Glasgow', 55.86, -4.25], ['Scotland', 'Aberdeen', 57.15, -2.09], ['Wales', 'Cardiff', 51.48, -3.18],
    ['Northern Ireland', 'Belfast', 54.6, -5.93],
  ] },
  { country: 'Ireland', weight: 15, tradition: 'ie', language: 'en', callingCode: '353', postal: 'none', noState: 0.5, places: [
    ['Dublin', 'Dublin', 53.35, -6.26], ['Cork', 'Cork', 51.9, -8.47], ['Galway', 'Galway', 53.27, -9.05], ['Kilkenny', 'Kilkenny', 52.65, -7.25],
  ] },
  { country: 'Netherlands', weight: 25, tradition: 'nl', language: 'nl', callingCode: '31', postal: 'nl', noState: 0.4, places: [
    ['Noord-Holland', 'Amsterdam', 52.37, 4.9], ['Noord-Holland', 'Haarlem', 52.38, 4.64], ['Noord-Brabant', 'Eindhoven', 51.44, 5.48], ['Noord-Brabant', 'Breda', 51.59, 4.78],
    ['Limburg', 'Maastricht', 50.85, 5.69], ['Utrecht', 'Utrecht', 52.09, 5.12], ['Gelderland', 'Arnhem', 51.98, 5.91],
  ] },
  { country: 'France', weight: 15, tradition: 'fr', language: 'fr', callingCode: '33', postal: 'd5', noState: 0.4, places: [
    ['Nord-Pas-de-Calais', 'Lille', 50.63, 3.06], ['Alsace', 'Strasbourg', 48.57, 7.75], ['Bretagne', 'Rennes', 48.11, -1.68], ['Île-de-France', 'Paris', 48.86, 2.35],
  ] },
  { country: 'Czech Republic', weight: 15, tradition: 'cz', language: 'cz', callingCode: '420', postal: 'cz', noState: 0.5, places: [
    ['Praha', 'Praha', 50.08, 14.44], ['Plzeňský kraj', 'Plzeň', 49.74, 13.38], ['Jihočeský kraj', 'České Budějovice', 48.97, 14.47], ['Jihomoravský kraj', 'Brno', 49.2, 16.61],
  ] },
  { country: 'Denmark', weight: 12, tradition: 'other', language: 'da', callingCode: '45', postal: 'd4', noState: 0.6, places: [
    ['Hovedstaden', 'København', 55.68, 12.57], ['Midtjylland', 'Aarhus', 56.16, 10.2], ['Syddanmark', 'Odense', 55.4, 10.39],
  ] },
  { country: 'Italy', weight: 15, tradition: 'other', language: 'it', callingCode: '39', postal: 'd5', noState: 0.4, places: [
    ['Lombardia', 'Milano', 45.46, 9.19], ['Piemonte', 'Torino', 45.07, 7.69], ['Lazio', 'Roma', 41.9, 12.5], ['Veneto', 'Padova', 45.41, 11.88],
  ] },
  { country: 'Mexico', weight: 12, tradition: 'other', language: 'es', callingCode: '52', postal: 'd5', noState: 0.2, places: [
    ['Nuevo León', 'Monterrey', 25.69, -100.32], ['Jalisco', 'Guadalajara', 20.67, -103.35], ['Distrito Federal', 'Ciudad de México', 19.43, -99.13], ['Baja California', 'Tijuana', 32.51, -117.04],
  ] },
  { country: 'Japan', weight: 12, tradition: 'other', language: 'ja', callingCode: '81', postal: 'jp', noState: 0.3, places: [
    ['Tokyo', 'Tokyo', 35.68, 139.69], ['Osaka', 'Osaka', 34.69, 135.5], ['Hokkaido', 'Sapporo', 43.06, 141.35], ['Aichi', 'Nagoya', 35.18, 136.91],
  ] },
  { country: 'Australia', weight: 20, tradition: 'au', language: 'en', callingCode: '61', postal: 'd4', noState: 0.05, places: [
    ['New South Wales', 'Sydney', -33.87, 151.21], ['Victoria', 'Melbourne', -37.81, 144.96], ['South Australia', 'Adelaide', -34.93, 138.6], ['Western Australia', 'Perth', -31.95, 115.86],
    ['Tasmania', 'Hobart', -42.88, 147.33], ['Queensland', 'Brisbane', -27.47, 153.03],
  ] },
  { country: 'New Zealand', weight: 10, tradition: 'au', language: 'en', callingCode: '64', postal: 'd4', noState: 0.5, places: [
    ['Auckland', 'Auckland', -36.85, 174.76], ['Wellington', 'Wellington', -41.29, 174.78], ['Canterbury', 'Christchurch', -43.53, 172.64], ['Otago', 'Dunedin', -45.87, 170.5],
  ] },
  { country: 'Austria', weight: 10, tradition: 'de', language: 'de', callingCode: '43', postal: 'd4', noState: 0.4, places: [
    ['Wien', 'Wien', 48.21, 16.37], ['Salzburg', 'Salzburg', 47.81, 13.04], ['Tirol', 'Innsbruck', 47.27, 11.4], ['Steiermark', 'Graz', 47.07, 15.44],
  ] },
] as const satisfies readonly BreweryCountry[];

/** The United States: the travel-sample's US anchor cities, weighted like the real sample (about 60% of breweries). */
const UNITED_STATES: BreweryCountry = {
  country: 'United States',
  weight: 880,
  tradition: 'us',
  language: 'en',
  callingCode: '1',
  postal: 'us',
  noState: 0.01,
  places: US_ANCHORS.map(([city, state, lat, lon]) => [state, city, lat, lon] as const),
};

/** Every brewing country; Belgium appears twice, once per language community. */
export const BREWERY_COUNTRIES: readonly BreweryCountry[] = [UNITED_STATES, ...ABROAD];

/** Street-name stems per language, joined to a street word by the generator. */
export const STREETS_BY_LANGUAGE = {
  de: { stems: ['Haupt', 'Bahnhof', 'Kirch', 'Schul', 'Linden', 'Garten', 'Markt', 'Berg', 'Brunnen', 'Mühlen', 'Brauhaus', 'Schloss'], kinds: ['straße', 'gasse', 'weg', 'platz'] },
  nl: { stems: ['Kerk', 'Molen', 'Dorps', 'Brouwerij', 'Linden', 'Markt', 'Hoog', 'Nieuw', 'Stations', 'Beek'], kinds: ['straat', 'weg', 'laan', 'plein'] },
  it: { stems: ['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Via Dante', 'Via Verdi', 'Corso Cavour', 'Via Marconi', 'Via della Stazione'], kinds: [''] },
  es: { stems: ['Calle Hidalgo', 'Avenida Juárez', 'Calle Morelos', 'Paseo de la Reforma', 'Calle Independencia', 'Calle Zaragoza'], kinds: [''] },
  cz: { stems: ['Pivovarská', 'Nádražní', 'Husova', 'Palackého', 'Masarykova', 'Školní'], kinds: [''] },
  da: { stems: ['Bryggeri', 'Kirke', 'Strand', 'Mølle', 'Skole', 'Havne'], kinds: ['gade', 'vej', 'stræde'] },
} as const;

/** Japanese district names for `1-2-3 Chuo`-style addresses. */
export const JA_DISTRICTS = ['Chuo', 'Minato', 'Kita', 'Nishi', 'Higashi', 'Sakae', 'Naka', 'Shinmachi'] as const;
