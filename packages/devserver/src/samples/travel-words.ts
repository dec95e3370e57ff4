/**
 * Vocabulary of the generated travel-sample: airline names and fleets, airport name
 * patterns, hotel and landmark names, and the sentence fragments hotel descriptions,
 * reviews and landmark texts are assembled from. All our own; templates use `{name}`
 * placeholders filled by `fill()` in sample-format.ts.
 */

/** First words of airline names (`Meridian Airways`). Chosen to avoid well-known carriers' names. */
export const AIRLINE_WORDS = [
  'Atlantic', 'Pacific', 'Coastal', 'Northern', 'Southern', 'Central', 'Blue', 'Silver', 'Golden', 'Crimson',
  'Sky', 'Sun', 'Star', 'Cloud', 'Horizon', 'Summit', 'Eagle', 'Falcon', 'Condor', 'Heron', 'Albatross',
  'Swift', 'Meridian', 'Polar', 'Island', 'Harbour', 'Prairie', 'Canyon', 'Alpine', 'Channel', 'Liberty',
  'Pioneer', 'Compass', 'Aurora', 'Zephyr', 'Mistral', 'Sirocco', 'Azure', 'Emerald', 'Sapphire', 'Orbit',
  'Vector', 'Nimbus', 'Cirrus', 'Breeze', 'Celtic', 'Pennine', 'Cascade', 'Sierra', 'Ozark', 'Gulf', 'Bay',
  'Lakes', 'Valley', 'Highland', 'Riviera', 'Provence', 'Breton', 'Kestrel', 'Osprey', 'Pelican', 'Lark',
  'Comet', 'Beacon', 'Skylark', 'Tradewind', 'Jetstream', 'Monarch', 'Regent', 'Crown', 'Anchor', 'Capital',
] as const;

/** Last words of airline names. */
export const AIRLINE_KINDS = [
  'Airlines', 'Airways', 'Air', 'Aviation', 'Express', 'Connect', 'Jet', 'Wings', 'Shuttle', 'Air Lines',
  'Aero', 'Skyways', 'Air Charter', 'Commuter', 'Air Transport', 'Air Service', 'Regional',
] as const;

/**
 * IATA aircraft type codes (an industry-standard vocabulary): each airline flies a
 * handful, and each route's `equipment` lists one to three of its airline's types.
 */
export const AIRCRAFT_TYPES = [
  '319', '320', '321', '32A', '32B', '733', '734', '735', '737', '738', '739', '73G', '73H', '73W', '752',
  '753', '757', '762', '763', '764', '767', '772', '773', '777', '77W', '788', '789', '330', '332', '333',
  '343', '346', '380', '744', '747', 'CR2', 'CR7', 'CR9', 'CRJ', 'ER3', 'ER4', 'ERD', 'ERJ', 'E70', 'E75',
  'E90', 'E95', 'DH1', 'DH3', 'DH4', 'DH8', 'AT4', 'AT5', 'AT7', 'SF3', 'BEH', 'CNA', '100', 'M80', 'M83',
  'M88', 'M90', '717',
] as const;

/** Airport name patterns; `{city}` is the airport's city, `{n}` a surname. */
export const AIRPORT_PATTERNS = [
  '{city} Intl', '{city} Regional', '{city} Municipal', '{n} Field', '{city} Airport', '{city} County',
  '{n} Memorial', '{city} Executive', '{city} Airpark', '{city} Seaplane Base', '{n} Airfield',
] as const;

/** Names of the second and third airport of a big city. */
export const SECONDARY_AIRPORT_PATTERNS = ['{city} Downtown', '{n} Field', '{city} Executive', '{city} {n} Intl', '{city} City'] as const;

/** Words of hotel names in English-speaking cities. */
export const HOTEL_WORDS = [
  'Grand', 'Royal', 'Old', 'Little', 'Golden', 'Silver', 'Blue', 'Green', 'Crown', 'Regal', 'Sunny', 'Bay',
  'Harbour', 'Park', 'Garden', 'Riverside', 'Hillside', 'Lakeside', 'Seaside', 'Country', 'City', 'Central',
  'Station', 'Castle', 'Abbey', 'Manor', 'Cedar', 'Oak', 'Willow', 'Rose', 'Lavender', 'Ivy', 'Orchard',
  'Meadow', 'Heritage', 'Victoria', 'Albert', 'Kings', 'Queens', 'Majestic', 'Imperial', 'Sunset',
  'Coastal', 'Mountain', 'Valley', 'Forest', 'Lantern', 'Compass', 'Anchor', 'Wayfarer',
] as const;

/** Kinds of lodging, the last word(s) of English hotel names. */
export const HOTEL_KINDS = [
  'Hotel', 'Hotel', 'Hotel', 'Inn', 'Inn', 'Lodge', 'House', 'Guest House', 'Motel', 'Suites', 'Hostel',
  'Bed & Breakfast', 'Resort', 'Arms', 'Court', 'Hall', 'Cottage', 'Retreat',
] as const;

/** French hotel name patterns; `{m}` a masculine noun, `{f}` a feminine one. */
export const FR_HOTEL_PATTERNS = ['Hôtel du {m}', 'Hôtel de la {f}', 'Auberge du {m}', 'Le Relais de la {f}', 'Hôtel Beau {m}', 'Hôtel {n}', 'La Maison du {m}'] as const;
/** Masculine nouns for French names. */
export const FR_NOUNS_M = ['Parc', 'Port', 'Château', 'Lac', 'Moulin', 'Commerce', 'Centre', 'Marché', 'Soleil', 'Théâtre', 'Palais', 'Pont', 'Cloître', "Lion d'Or", 'Cheval Blanc', 'Rivage', 'Vieux Quartier'] as const;
/** Feminine nouns for French names. */
export const FR_NOUNS_F = ['Gare', 'Poste', 'Place', 'Plage', 'Tour', 'Paix', 'Cathédrale', 'Fontaine', 'Forêt', 'Colline', 'Vallée', 'Mer'] as const;

/** Common nouns for shop, garden and venue names. */
export const PLACE_NOUNS = [
  'Harbour', 'Riverside', 'Market', 'Castle', 'Abbey', 'Mill', 'Bridge', 'Station', 'Jubilee', 'Meadow',
  'Orchard', 'Lighthouse', 'Quay', 'Heritage', 'Crown', 'Lantern', 'Beacon', 'Cornerstone', 'Willow',
  'Hawthorn', 'Chestnut', 'Kingfisher', 'Heron', 'Swan', 'Greenway', 'Hilltop', 'Sunrise', 'Pioneer',
] as const;

/** Pub-name adjectives, animals and objects (`The Crooked Stag`, `The Otter & Lantern`). */
export const PUB_ADJECTIVES = ['Red', 'Black', 'White', 'Golden', 'Green', 'Blue', 'Old', 'Jolly', 'Royal', 'Laughing', 'Sleeping', 'Crooked', 'Wandering', 'Three', 'Silver', 'Merry', 'Flying'] as const;
/** See {@link PUB_ADJECTIVES}. */
export const PUB_ANIMALS = ['Lion', 'Horse', 'Swan', 'Stag', 'Bull', 'Hart', 'Fox', 'Hound', 'Bear', 'Eagle', 'Dragon', 'Boar', 'Cockerel', 'Pheasant', 'Otter', 'Badger', 'Raven', 'Goose', 'Pike', 'Ram'] as const;
/** See {@link PUB_ADJECTIVES}. */
export const PUB_OBJECTS = ['Anchor', 'Crown', 'Plough', 'Bell', 'Compass', 'Barrel', 'Lantern', 'Kettle', 'Harp', 'Feathers', 'Wheatsheaf', 'Anvil', 'Tankard', 'Key'] as const;

/** Food words for restaurant names. */
export const FOODS = ['Noodle', 'Taco', 'Pizza', 'Burger', 'Crêpe', 'Curry', 'Sushi', 'Dumpling', 'Bagel', 'Pasta', 'Grill', 'Smokehouse', 'Fish & Chips', 'Bakery', 'Creamery', 'Oyster', 'Chowder', 'Barbecue'] as const;

/** Museum topics. */
export const MUSEUM_TOPICS = ['Modern Art', 'Natural History', 'Science', 'Transport', 'Local History', 'Maritime History', 'Photography', 'Toys', 'Textiles', 'Railways', 'Archaeology', 'Clocks'] as const;

/** Architectural periods for landmark texts. */
export const ERAS = ['Gothic', 'Georgian', 'Victorian', 'Art Deco', 'Romanesque', 'Renaissance', 'Baroque', 'Neoclassical', 'Tudor', 'modernist'] as const;

/** Dishes for restaurant texts and reviews. */
export const DISHES = ['seafood platter', 'slow-cooked lamb', 'wood-fired pizza', 'onion soup', 'fish tacos', 'Sunday roast', 'duck confit', 'vegetable curry', 'clam chowder', 'apple pie', 'cheese board', 'brisket', 'mussels', 'crab cakes', 'pancakes'] as const;

/** Landmark activities and their shares of the landmarks (weights). */
export const ACTIVITY_WEIGHTS = { see: 36, eat: 30, do: 12, drink: 10, buy: 8, listing: 4 } as const;

/** Landmark activity, as stored in `activity`. */
export type Activity = keyof typeof ACTIVITY_WEIGHTS;

/**
 * Landmark name templates per activity, English-speaking cities. Placeholders: `{city}`,
 * `{n}` surname, `{p}` place noun, `{a}`/`{b}`/`{o}` pub adjective/animal/object,
 * `{food}`, `{topic}`, `{first}` given name.
 */
export const LANDMARK_NAMES: Readonly<Record<Activity, readonly string[]>> = {
  see: ['{city} Cathedral', '{n} Museum', '{p} Gardens', '{city} Castle', 'Old Town Hall', '{n} Memorial', '{p} Bridge', "St {first}'s Church", '{city} Art Gallery', '{p} Lighthouse', '{n} House', '{p} Park', '{p} Viewpoint', '{city} Museum of {topic}', 'The {p} Monument'],
  eat: ["{n}'s", 'The {a} {b}', 'Café {p}', '{p} Bistro', "{n}'s Diner", '{p} Kitchen', '{a} {food}', '{food} House', '{first} & {n}'],
  drink: ['The {a} {b}', 'The {b} & {o}', '{p} Tap', "{n}'s Bar", '{p} Wine Bar', 'The {o}', '{p} Brewery Tap'],
  do: ['{city} Golf Club', '{p} Climbing Centre', '{p} Cinema', '{city} Ice Rink', '{p} Bike Hire', '{p} Theatre', '{p} Swimming Pool', '{city} Walking Tours', '{p} Boat Trips'],
  buy: ['{p} Market', '{n} Books', '{n} & Sons', '{p} Antiques', '{city} Farmers Market', '{p} Gallery Shop', '{n} Records'],
  listing: ['{p} Guest House', '{n} Apartments', '{p} Campsite', '{p} Holiday Cottages'],
};

/** French landmark name templates; `{m}`/`{f}` French nouns, `{saint}` a given name. */
export const FR_LANDMARK_NAMES: Readonly<Record<Activity, readonly string[]>> = {
  see: ['Musée du {m}', 'Église Saint-{first}', 'Château de {city}', 'Jardin de la {f}', 'Pont du {m}', 'Cathédrale de {city}', 'Place du {m}', 'Musée {n}'],
  eat: ['Chez {first}', 'Le {m}', 'Brasserie du {m}', 'La Table de la {f}', 'Crêperie {n}', 'Bistrot {n}'],
  drink: ['Bar du {m}', 'Café de la {f}', 'Le Comptoir {n}', 'Cave {n}'],
  do: ['Golf de {city}', 'Piscine du {m}', 'Cinéma Le {m}', 'Théâtre de la {f}', 'Location de vélos {n}'],
  buy: ['Marché du {m}', 'Librairie {n}', 'Fromagerie {n}', 'Boulangerie {n}', 'Antiquités de la {f}'],
  listing: ['Gîte du {m}', 'Camping de la {f}', 'Chambres d’hôtes {n}'],
};

/** Sentences of landmark `content`, per activity. */
export const LANDMARK_TEXTS: Readonly<Record<Activity, readonly string[]>> = {
  see: ['A fine example of {era} architecture.', 'Free entry on the first Sunday of the month.', 'The views from the top are worth the climb.', 'Guided tours run every hour in summer.', 'Allow at least an hour to see everything.', 'The collection covers {topic} from the earliest times to the present day.', 'Best visited early, before the coach parties arrive.', 'Closed on Mondays.', 'The grounds are open until dusk.'],
  eat: ['Known for its {dish}.', 'Good value set lunch menu.', 'Book ahead at weekends.', 'Vegetarian options are marked on the menu.', 'Portions are generous.', 'Friendly staff and a relaxed atmosphere.', 'The terrace is popular on sunny days.', 'Cash only.'],
  drink: ['A good range of local beers on tap.', 'Live music on Friday nights.', 'Quiz night every Tuesday.', 'A cosy fire in winter.', 'Dogs welcome.', 'Serves food until 9PM.'],
  do: ['Equipment can be hired on site.', 'Open all year, weather permitting.', 'Suitable for families with young children.', 'Booking is recommended in the holidays.', 'Lessons for beginners on weekend mornings.'],
  buy: ['Open Tuesday to Saturday.', 'Local produce and crafts.', 'Prices are fair and the owner knows the stock well.', 'A treasure trove for collectors.', 'Busy on market day.'],
  listing: ['Rooms are simple but clean.', 'A short walk from the town centre.', 'Minimum stay of two nights in season.', 'Breakfast is available on request.'],
};

/** Sentences of hotel descriptions. */
export const HOTEL_TEXTS = [
  'A family-run hotel in a quiet street close to the centre.', 'Rooms overlook the {view}.', 'All rooms have private bathrooms.',
  'A short walk from the {place}.', 'Recently refurbished throughout.', 'Parking is available nearby.', 'The restaurant serves local dishes.',
  'Popular with walkers and cyclists.', 'Some rooms are up steep stairs.', 'Breakfast is served in the conservatory.',
  'The bar stays open late.', 'Good transport links to the airport.', 'A converted {era} building with plenty of character.',
  'Family rooms sleep up to four.', 'Wheelchair accessible rooms on the ground floor.',
] as const;

/** Places hotels are near, for descriptions and directions. */
export const NEARBY_PLACES = ['main railway station', 'bus station', 'town hall', 'harbour', 'cathedral', 'market square', 'university', 'airport', 'beach', 'old town', 'river', 'park'] as const;

/** Views from hotel rooms. */
export const VIEWS = ['sea', 'river', 'park', 'old town', 'hills', 'harbour', 'gardens', 'square', 'lake'] as const;

/** Hotel direction templates (`directions` when not null). */
export const DIRECTION_TEXTS = ['{n} minutes walk from the {place}', 'Opposite the {place}', 'Near the {place}', 'Take exit {n} off the ring road', 'Follow signs for the {place}', 'Behind the {place}'] as const;

/** Check-in and check-out times as hotels write them (free text in the real sample too). */
export const CHECKIN_TIMES = ['2PM', '3PM', '14:00', '15:00', 'Noon', 'After 2PM', 'from 3PM', '4PM'] as const;
/** See {@link CHECKIN_TIMES}. */
export const CHECKOUT_TIMES = ['11AM', 'Noon', '10:00', '11:00', '10AM', 'before noon', '12:00', '10:30'] as const;

/** Review sentences by tone: `good` for ratings of 4–5, `bad` for 1–2, both mixed for 3. */
export const REVIEW_TEXTS = {
  good: [
    'We had a wonderful stay.', 'The staff could not have been more helpful.', 'Our room was spotless and very comfortable.',
    'Breakfast was excellent, with plenty of choice.', 'Great location for exploring the {place}.', 'The beds were really comfortable.',
    'Would definitely stay here again.', 'Excellent value for money.', 'The view of the {view} from our room was stunning.',
    'Quiet at night despite being central.', 'Check-in was quick and friendly.', 'Loved the {dish} in the restaurant.',
  ],
  bad: [
    'The room was smaller than the photos suggested.', 'It was noisy until late at night.', 'The shower barely worked.',
    'Breakfast was disappointing.', 'Staff seemed uninterested.', 'Overpriced for what you get.', 'The carpet had seen better days.',
    'Parking was a nightmare.', 'Wi-Fi kept dropping out.', 'We waited forty minutes to check in.',
  ],
} as const;

/** Rating keys of hotel reviews, in the order documents list them. */
export const RATING_KEYS = ['Service', 'Cleanliness', 'Overall', 'Value', 'Location', 'Rooms'] as const;

/** Accuracy labels of hotel and landmark `geo` (geocoder vocabulary). */
export const GEO_ACCURACY = ['ROOFTOP', 'RANGE_INTERPOLATED', 'APPROXIMATE'] as const;
