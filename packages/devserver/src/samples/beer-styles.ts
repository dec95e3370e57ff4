/**
 * Beer categories and styles for the generated beer-sample, shaped like the real
 * sample's `category` / `style` pairs (broad regional families holding brewing-style
 * names). Each style carries typical ranges — alcohol by volume (%), bitterness (IBU)
 * and colour (SRM) — so a generated stout is dark and strong and a light lager is not:
 * `[style, short label for beer names, abv min, abv max, ibu min, ibu max, srm min, srm max]`.
 * The ranges are our own round figures from general brewing knowledge.
 */

/** Categories → styles. */
export const BEER_CATEGORIES = {
  'British Ale': [
    ['Classic English-Style Pale Ale', 'Pale Ale', 4.5, 5.5, 20, 40, 5, 12],
    ['English-Style India Pale Ale', 'IPA', 5.0, 7.0, 35, 60, 6, 14],
    ['Ordinary Bitter', 'Bitter', 3.0, 4.0, 20, 35, 5, 12],
    ['Special Bitter or Best Bitter', 'Best Bitter', 4.0, 4.8, 28, 40, 6, 14],
    ['Extra Special Bitter', 'ESB', 4.8, 5.8, 30, 45, 8, 16],
    ['English-Style Pale Mild Ale', 'Light Mild', 3.0, 3.8, 10, 20, 4, 8],
    ['English-Style Dark Mild Ale', 'Dark Mild', 3.0, 3.8, 10, 24, 15, 30],
    ['English-Style Brown Ale', 'Brown Ale', 4.0, 5.5, 15, 25, 15, 22],
    ['Old Ale', 'Old Ale', 6.0, 9.0, 30, 60, 12, 22],
    ['Strong Ale', 'Strong Ale', 7.0, 11.0, 30, 65, 8, 21],
    ['Scotch Ale', 'Wee Heavy', 6.5, 10.0, 17, 35, 15, 30],
    ['Scottish-Style Light Ale', 'Scottish Ale', 2.8, 3.5, 9, 20, 6, 15],
    ['Porter', 'Porter', 4.5, 6.0, 20, 40, 20, 35],
    ['Sweet Stout', 'Milk Stout', 3.5, 6.0, 15, 25, 30, 40],
    ['Oatmeal Stout', 'Oatmeal Stout', 4.0, 6.0, 20, 40, 25, 40],
    ['British-Style Imperial Stout', 'Imperial Stout', 8.0, 12.0, 45, 65, 35, 40],
    ['British-Style Barley Wine Ale', 'Barley Wine', 8.5, 12.0, 40, 60, 14, 22],
  ],
  'Irish Ale': [
    ['Irish-Style Red Ale', 'Red Ale', 4.0, 5.0, 20, 28, 11, 18],
    ['Classic Irish-Style Dry Stout', 'Dry Stout', 3.8, 5.0, 30, 45, 35, 40],
    ['Foreign (Export)-Style Stout', 'Export Stout', 5.5, 8.0, 30, 60, 35, 40],
  ],
  'North American Ale': [
    ['American-Style Pale Ale', 'Pale Ale', 4.5, 6.2, 30, 50, 4, 11],
    ['American-Style India Pale Ale', 'IPA', 6.0, 7.5, 50, 70, 6, 14],
    ['Imperial or Double India Pale Ale', 'Double IPA', 7.5, 10.5, 65, 100, 5, 16],
    ['American-Style Amber/Red Ale', 'Amber Ale', 4.5, 6.0, 25, 45, 11, 18],
    ['American-Style Brown Ale', 'Brown Ale', 4.2, 6.3, 25, 45, 15, 26],
    ['American-Style Stout', 'Stout', 5.7, 8.0, 35, 60, 35, 40],
    ['American-Style Imperial Stout', 'Imperial Stout', 8.0, 12.0, 50, 80, 35, 40],
    ['American-Style Barley Wine Ale', 'Barleywine', 8.5, 12.0, 60, 100, 11, 22],
    ['Golden or Blonde Ale', 'Blonde', 4.0, 5.0, 15, 25, 3, 7],
    ['American-Style Strong Pale Ale', 'Strong Pale', 6.3, 7.6, 40, 50, 6, 14],
    ['American Rye Ale or Lager', 'Rye', 4.0, 5.5, 20, 40, 4, 14],
    ['American-Style Wheat Ale', 'Wheat', 3.5, 5.5, 10, 35, 2, 10],
  ],
  'German Lager': [
    ['German-Style Pilsener', 'Pils', 4.6, 5.3, 25, 40, 3, 4],
    ['Munich-Style Helles', 'Helles', 4.5, 5.5, 18, 25, 4, 5],
    ['Dortmunder/European-Style Export', 'Export', 4.8, 6.0, 23, 29, 3, 6],
    ['German-Style Märzen', 'Märzen', 5.1, 6.0, 18, 25, 4, 15],
    ['German-Style Oktoberfest/Wiesn', 'Festbier', 5.0, 6.0, 18, 25, 4, 10],
    ['Traditional German-Style Bock', 'Bock', 6.3, 7.5, 20, 30, 20, 30],
    ['German-Style Doppelbock', 'Doppelbock', 6.5, 8.0, 17, 27, 12, 30],
    ['German-Style Heller Bock/Maibock', 'Maibock', 6.0, 8.0, 20, 38, 4, 10],
    ['German-Style Schwarzbier', 'Schwarzbier', 3.8, 5.0, 22, 30, 25, 30],
    ['Munich-Style Dunkel', 'Dunkel', 4.8, 5.3, 16, 25, 15, 20],
    ['Kellerbier', 'Kellerbier', 4.5, 5.5, 20, 35, 4, 12],
  ],
  'German Ale': [
    ['South German-Style Hefeweizen', 'Hefeweizen', 4.9, 5.5, 10, 15, 3, 9],
    ['South German-Style Dunkel Weizen', 'Dunkelweizen', 4.8, 5.4, 10, 15, 10, 25],
    ['South German-Style Weizenbock', 'Weizenbock', 7.0, 9.5, 15, 35, 4, 30],
    ['Berliner-Style Weisse', 'Weisse', 2.8, 3.4, 3, 6, 2, 4],
    ['German-Style Kölsch', 'Kölsch', 4.8, 5.3, 18, 25, 3, 6],
    ['German-Style Altbier', 'Alt', 4.6, 5.6, 25, 52, 11, 19],
    ['Leipzig-Style Gose', 'Gose', 4.4, 5.4, 10, 15, 3, 9],
  ],
  'Belgian and French Ale': [
    ['Belgian-Style Pale Ale', 'Belgian Pale', 4.0, 6.0, 20, 30, 3, 12],
    ['Belgian-Style Dubbel', 'Dubbel', 6.3, 7.6, 20, 35, 16, 36],
    ['Belgian-Style Tripel', 'Tripel', 7.1, 10.1, 20, 45, 4, 9],
    ['Belgian-Style Quadrupel', 'Quadrupel', 9.0, 12.0, 25, 50, 8, 30],
    ['Belgian-Style White', 'Wit', 4.8, 5.6, 10, 17, 2, 4],
    ['Belgian-Style Lambic', 'Lambic', 5.0, 8.1, 9, 23, 6, 13],
    ['Belgian-Style Fruit Lambic', 'Kriek', 5.0, 7.0, 15, 21, 8, 20],
    ['Belgian-Style Pale Strong Ale', 'Strong Blonde', 7.0, 11.0, 20, 50, 3, 10],
    ['Belgian-Style Dark Strong Ale', 'Strong Dark', 7.0, 11.0, 20, 50, 9, 35],
    ['French & Belgian-Style Saison', 'Saison', 4.4, 7.3, 20, 38, 4, 14],
    ['French-Style Bière de Garde', 'Bière de Garde', 4.4, 8.0, 20, 30, 7, 16],
    ['Belgian-Style Flanders Oud Bruin', 'Oud Bruin', 4.8, 6.6, 15, 25, 12, 25],
    ['Other Belgian-Style Ales', 'Belgian Ale', 5.0, 9.0, 15, 35, 4, 25],
  ],
  'North American Lager': [
    ['American-Style Lager', 'Lager', 4.1, 5.1, 5, 15, 2, 4],
    ['American-Style Light Lager', 'Light', 3.5, 4.4, 4, 10, 2, 4],
    ['American-Style Premium Lager', 'Premium Lager', 4.3, 5.0, 6, 15, 2, 6],
    ['American-Style Dark Lager', 'Dark Lager', 4.1, 5.6, 14, 24, 14, 25],
    ['American-Style Cream Ale or Lager', 'Cream Ale', 4.2, 5.6, 10, 22, 2, 5],
    ['American-Style Pilsener', 'Pilsner', 5.0, 6.0, 25, 40, 3, 6],
    ['California Common Beer', 'California Common', 4.6, 5.7, 35, 45, 8, 15],
  ],
  'Other Lager': [
    ['Vienna-Style Lager', 'Vienna Lager', 4.8, 5.4, 22, 28, 12, 16],
    ['Baltic-Style Porter', 'Baltic Porter', 7.5, 9.5, 35, 40, 28, 40],
    ['Smoke Lager', 'Rauchbier', 4.6, 5.4, 20, 30, 14, 22],
    ['Dry Lager', 'Dry Lager', 4.3, 5.5, 15, 23, 2, 4],
  ],
  'International Lager': [
    ['International-Style Pilsener', 'Pilsener', 4.6, 5.3, 17, 30, 3, 4],
    ['Tropical-Style Light Lager', 'Light Lager', 3.5, 4.5, 9, 18, 2, 4],
    ['Bohemian-Style Pilsener', 'Pilsner', 4.1, 5.1, 30, 45, 3, 7],
  ],
  'International Ale': [
    ['Australasian-Style Pale Ale', 'Pale Ale', 4.0, 6.0, 15, 35, 5, 12],
    ['International-Style Pale Ale', 'Golden Ale', 4.5, 5.5, 20, 40, 4, 12],
    ['Classic Rice Ale', 'Rice Ale', 4.0, 5.5, 10, 25, 2, 6],
  ],
  'Other Style': [
    ['Fruit Beer', 'Fruit Beer', 2.5, 12.0, 5, 45, 5, 50],
    ['Herb and Spice Beer', 'Spiced Ale', 2.5, 12.0, 5, 40, 5, 50],
    ['Pumpkin Beer', 'Pumpkin Ale', 4.5, 8.0, 10, 35, 10, 25],
    ['Winter Warmer', 'Winter Ale', 5.5, 8.0, 20, 50, 12, 30],
    ['Wood- and Barrel-Aged Beer', 'Barrel Aged', 6.0, 13.0, 10, 60, 10, 40],
    ['Session Beer', 'Session Ale', 3.0, 4.5, 10, 35, 2, 20],
    ['Coffee-Flavored Beer', 'Coffee Stout', 5.0, 9.0, 25, 50, 30, 40],
    ['Specialty Beer', 'Special', 4.0, 10.0, 10, 60, 4, 40],
  ],
} as const;

/** A beer-sample category name. */
export type BeerCategory = keyof typeof BEER_CATEGORIES;

/** One style with its category, flattened from {@link BEER_CATEGORIES}. */
export interface BeerStyle {
  readonly category: BeerCategory;
  readonly style: string;
  readonly label: string;
  readonly abv: readonly [number, number];
  readonly ibu: readonly [number, number];
  readonly srm: readonly [number, number];
}

/** Every style, in table order. */
export const BEER_STYLES: readonly BeerStyle[] = (Object.keys(BEER_CATEGORIES) as BeerCategory[]).flatMap((category) =>
  BEER_CATEGORIES[category].map(([style, label, abv0, abv1, ibu0, ibu1, srm0, srm1]) => ({ category, style, label, abv: [abv0, abv1] as const, ibu: [ibu0, ibu1] as const, srm: [srm0, srm1] as const })),
);

/**
 * How a brewery's country leans in its choice of categories (weights); categories not
 * listed get weight 1, so any brewery may brew anything but Bavarian breweries mostly brew
 * German lagers and Belgian ones Belgian ales.
 */
export const CATEGORY_LEANINGS = {
  us: { 'North American Ale': 14, 'North American Lager': 3, 'Other Style': 3, 'British Ale': 2, 'Belgian and French Ale': 2, 'German Ale': 2 },
  uk: { 'British Ale': 14, 'Irish Ale': 2, 'Other Style': 2 },
  ie: { 'Irish Ale': 10, 'British Ale': 4 },
  de: { 'German Lager': 10, 'German Ale': 7 },
  be: { 'Belgian and French Ale': 16, 'Other Style': 2 },
  fr: { 'Belgian and French Ale': 10, 'International Lager': 3 },
  nl: { 'Belgian and French Ale': 6, 'International Lager': 5, 'German Lager': 2 },
  cz: { 'International Lager': 10, 'German Lager': 4, 'Other Lager': 3 },
  ca: { 'North American Ale': 8, 'North American Lager': 6, 'British Ale': 2 },
  au: { 'International Ale': 8, 'International Lager': 6, 'North American Ale': 3 },
  other: { 'International Lager': 8, 'Other Lager': 3, 'International Ale': 3 },
} as const;

/** A key of {@link CATEGORY_LEANINGS}. */
export type BrewingTradition = keyof typeof CATEGORY_LEANINGS;
