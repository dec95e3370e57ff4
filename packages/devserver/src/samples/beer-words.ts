/**
 * Vocabulary of the generated beer-sample: brewery and beer name parts, and the sentence
 * templates descriptions are assembled from. Our own lists; combinations are checked for
 * uniqueness by the generator, not against real breweries, so any match with a real one
 * is a coincidence of common words.
 */
import type { PlaceLanguage } from './beer-places';

/** First words of English brewery names (`Copper Otter Brewing Company`). */
export const BREWERY_ADJECTIVES = [
  'Iron', 'Copper', 'Black', 'Red', 'Golden', 'Stone', 'River', 'Mountain', 'Valley', 'Harbor', 'Old', 'Big',
  'Little', 'Lazy', 'Rusty', 'Crooked', 'Twisted', 'Wild', 'Hidden', 'Lost', 'Broken', 'Silver', 'Blue',
  'Green', 'Oak', 'Pine', 'Cedar', 'Prairie', 'Desert', 'Timber', 'Granite', 'Thunder', 'Northern',
  'Southern', 'Sunken', 'Howling', 'Wandering', 'Sleepy', 'Salty', 'Foggy', 'Smoky', 'Brass', 'Bent',
] as const;

/** Second words of English brewery names. */
export const BREWERY_NOUNS = [
  'Otter', 'Elk', 'Moose', 'Bear', 'Wolf', 'Fox', 'Raven', 'Owl', 'Hawk', 'Bison', 'Salmon', 'Heron',
  'Kettle', 'Barrel', 'Anvil', 'Hammer', 'Lantern', 'Compass', 'Bridge', 'Mill', 'Creek', 'Ridge', 'Canyon',
  'Hollow', 'Gulch', 'Bluff', 'Trail', 'Dog', 'Goat', 'Mule', 'Rooster', 'Coyote', 'Badger', 'Tortoise',
  'Pelican', 'Crane', 'Monk', 'Pilgrim', 'Miner', 'Logger', 'Sailor', 'Lighthouse', 'Depot', 'Foundry',
] as const;

/** Endings of English brewery names. */
export const BREWERY_KINDS = [
  'Brewing Company', 'Brewing Company', 'Brewery', 'Brewery', 'Brewing Co.', 'Brewing', 'Brewpub',
  'Beer Company', 'Ales', 'Brewery & Taproom', 'Brewhouse', 'Brewery and Restaurant', 'Craft Brewery',
] as const;

/**
 * Non-English brewery name patterns per language; `{n}` surname, `{w}` a local word.
 * Deliberately no `<city> Brewery` patterns: those name real, often famous, breweries.
 */
export const LOCAL_BREWERY_PATTERNS: Readonly<Record<Exclude<PlaceLanguage, 'en'>, readonly string[]>> = {
  de: ['Brauerei {n}', 'Privatbrauerei {n}', 'Brauhaus zum {w}', 'Klosterbrauerei {w}', 'Brauerei {n} & Söhne'],
  nl: ['Brouwerij {n}', 'Brouwerij De {w}', 'Bierbrouwerij {w}'],
  fr: ['Brasserie {n}', 'Brasserie {w}', 'Brasserie artisanale {w}'],
  cz: ['Pivovar {w}', 'Minipivovar {n}', 'Rodinný pivovar {n}'],
  it: ['Birrificio {n}', 'Birrificio {w}', 'Birrificio artigianale {w}'],
  es: ['Cervecería {n}', 'Cervecería {w}', 'Cervecería artesanal {w}'],
  da: ['{w} Bryghus', 'Bryghuset {n}', 'Bryggeriet {w}'],
  ja: ['{w} Beer Works', '{w} Brewing', '{w} Jibiiru'],
};

/** Local words for {@link LOCAL_BREWERY_PATTERNS}, per language (French ones with their article). */
export const LOCAL_WORDS: Readonly<Record<Exclude<PlaceLanguage, 'en'>, readonly string[]>> = {
  de: ['Löwen', 'Hirsch', 'Adler', 'Schwan', 'Stern', 'Krone', 'Linde', 'Eiche', 'Falken', 'Bären', 'Ochsen', 'Rose'],
  nl: ['Molen', 'Hoorn', 'Arend', 'Leeuw', 'Ster', 'Kroon', 'Zwaan', 'Kat', 'Vos', 'Dolle Hond', 'Drie Eiken'],
  fr: ['de la Gare', 'de la Vallée', 'de la Forge', 'de la Chouette', "de l'Abbaye", 'de la Source', 'du Lion', 'du Moulin', 'du Château', 'du Loup'],
  cz: ['Lev', 'Kohout', 'Medvěd', 'Zlatý Klas', 'Hvězda', 'Sokol'],
  it: ['Lupo', 'Orso', 'Gallo', 'Ponte', 'Torre', 'Luna', 'Sole', 'Volpe'],
  es: ['El Lobo', 'La Luna', 'El Sol', 'La Sirena', 'El Toro', 'La Piedra'],
  da: ['Ravn', 'Ulv', 'Fyr', 'Hav', 'Skov', 'Mølle'],
  ja: ['Tsuru', 'Sakura', 'Hinode', 'Kawa', 'Yuki', 'Hoshi', 'Matsu'],
};

/** First words of beer names (`Hazy Lantern IPA`). */
export const BEER_FIRST_WORDS = [
  'Hop', 'Hoppy', 'Dark', 'Midnight', 'Morning', 'Summer', 'Winter', 'Autumn', 'Spring', 'Harvest', 'Golden',
  'Amber', 'Ruby', 'Black', 'Pale', 'Old', 'Big', 'Double', 'Wild', 'Hazy', 'Crisp', 'Smoky', 'Velvet',
  'Thunder', 'Storm', 'Sunset', 'Sunrise', 'Lazy', 'Dancing', 'Howling', 'Lucky', 'Rusty', 'Iron', 'Copper',
  'Silver', 'Red', 'Blue', 'Sticky', 'Northern', 'Coastal', 'Mountain', 'River', 'Prairie', 'Desert',
  'Frozen', 'Burning', 'Hidden', 'Secret', 'Drifting', 'Wandering', 'Bitter', 'Sweet', 'Salty', 'Foggy',
] as const;

/** Second words of beer names. */
export const BEER_SECOND_WORDS = [
  'Trail', 'Creek', 'Ridge', 'Peak', 'Canyon', 'Harbor', 'Dog', 'Cat', 'Goat', 'Monk', 'Pilgrim', 'Rider',
  'Ranger', 'Miner', 'Logger', 'Sailor', 'Pirate', 'Wizard', 'Giant', 'Dragon', 'Raven', 'Owl', 'Moose',
  'Bear', 'Fox', 'Mule', 'Bison', 'Trout', 'Otter', 'Lantern', 'Anvil', 'Hammer', 'Barrel', 'Compass', 'Moon',
  'Sun', 'Star', 'Comet', 'Cloud', 'Wave', 'Tide', 'Fog', 'Ember', 'Ghost', 'Saint', 'Sinner', 'Friar',
  'Abbot', 'Baron', 'Duke', 'Jester', 'Knight', 'Bandit', 'Nomad', 'Hermit', 'Prophet', 'Ferryman',
] as const;

/** Malts for beer descriptions. */
export const MALTS = ['pale malt', 'crystal malt', 'Munich malt', 'chocolate malt', 'roasted barley', 'wheat', 'rye', 'flaked oats', 'Vienna malt', 'pilsner malt', 'caramel malt', 'smoked malt'] as const;
/** Hop varieties for beer descriptions (long-established variety names). */
export const HOPS = ['Cascade', 'Centennial', 'Saaz', 'Hallertau', 'Fuggle', 'East Kent Goldings', 'Tettnang', 'Chinook', 'Willamette', 'Northern Brewer', 'Columbus', 'Perle'] as const;
/** Flavour notes. */
export const FLAVOURS = ['caramel', 'toffee', 'citrus', 'grapefruit', 'pine', 'biscuit', 'bread crust', 'roasted coffee', 'dark chocolate', 'banana', 'clove', 'honey', 'dried fruit', 'stone fruit', 'pepper', 'vanilla', 'lemon', 'tropical fruit', 'toasted nuts'] as const;
/** When seasonal beers are sold. */
export const SEASONS = ['all year round', 'in the summer months', 'from October to February', 'in spring', 'for the holidays', 'on draft only', 'in 22 oz bottles'] as const;

/** Beer description sentences; `{colour}` follows the beer's SRM, `{style}` its style. */
export const BEER_TEXTS = [
  'Brewed with {malt} and {hop} hops.', 'Pours a {colour} colour with a {head} head.', 'Notes of {flavour} and {flavour2}.',
  'A classic {style}, brewed the traditional way.', 'Available {season}.', 'Dry-hopped with {hop} for a fresh aroma.',
  'Finishes clean with a hint of {flavour}.', 'Our take on a {style}, with a little more {malt}.',
  'Best served at cellar temperature.', 'Won a silver medal at a regional festival.', 'Aged for {months} months before release.',
  'Unfiltered and naturally carbonated.', 'A favourite of our brewers.',
] as const;

/** Head descriptions. */
export const HEADS = ['thin white', 'creamy white', 'thick off-white', 'tan', 'rocky', 'lasting', 'light beige'] as const;

/** Brewery description sentences. */
export const BREWERY_TEXTS = [
  'Founded in {year} by {founder}.', 'A small family brewery brewing {count} beers year-round and a rotating list of seasonals.',
  'The taproom is open Thursday to Sunday.', 'Brewery tours run every Saturday afternoon.',
  'We brew with local water and, where we can, local grain.', 'Housed in a former {building}.',
  'Our brewpub serves food made to go with our beer.', 'Brewing has happened on this site since {oldYear}.',
  'The brewhouse was expanded in {year2} to keep up with demand.', 'Look for our beers on draft around {city}.',
] as const;

/** Former uses of brewery buildings. */
export const BUILDINGS = ['railway depot', 'textile mill', 'fire station', 'bank', 'dairy', 'cinema', 'garage', 'warehouse', 'monastery', 'schoolhouse'] as const;

/** Beer colour words by SRM threshold: the first entry whose bound is above the SRM applies. */
export const SRM_COLOURS = [
  [4, 'pale straw'], [7, 'golden'], [11, 'amber'], [17, 'copper'], [25, 'brown'], [Infinity, 'black'],
] as const;

/** Geocoder accuracy labels of brewery `geo`. */
export const BREWERY_GEO_ACCURACY = ['ROOFTOP', 'RANGE_INTERPOLATED', 'GEOMETRIC_CENTER', 'APPROXIMATE'] as const;
