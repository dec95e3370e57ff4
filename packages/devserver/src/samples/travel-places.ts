/**
 * Geography of the generated travel-sample: the three countries the real sample covers
 * (United States, United Kingdom, France) and, per country, "anchor" cities with rounded
 * public coordinates. Anchor cities hold the big airports, most hotels and landmarks;
 * the generator scatters smaller generated towns (see town-names.ts) around them, so
 * every town inherits a plausible state and time zone from its anchor.
 *
 * City names are unique across all three countries (no Portland, Maine next to Portland,
 * Oregon; no Birmingham, Alabama next to Birmingham, England), so `city` alone tells the
 * country in every query.
 */

/** A travel-sample country: its name as stored in documents, ISO 3166-1 codes, default IANA time zone, calling code. */
export interface TravelCountry {
  readonly name: 'United States' | 'United Kingdom' | 'France';
  readonly iso2: string;
  readonly iso3: string;
  readonly tz: string;
  readonly callingCode: string;
  /** Currency sign for hotel prices. */
  readonly currency: string;
}

/** The countries of the travel-sample, in the order documents enumerate them. */
export const TRAVEL_COUNTRIES = [
  { name: 'United States', iso2: 'US', iso3: 'USA', tz: 'America/New_York', callingCode: '1', currency: '$' },
  { name: 'United Kingdom', iso2: 'GB', iso3: 'GBR', tz: 'Europe/London', callingCode: '44', currency: '£' },
  { name: 'France', iso2: 'FR', iso3: 'FRA', tz: 'Europe/Paris', callingCode: '33', currency: '€' },
] as const satisfies readonly TravelCountry[];

/** Name of a travel-sample country. */
export type TravelCountryName = (typeof TRAVEL_COUNTRIES)[number]['name'];

/**
 * US anchor cities: `[city, state, lat, lon, elevation ft, IANA zone, hub 1–5, spread °]`.
 * `hub` sizes the city's share of airports, routes, hotels and landmarks; `spread` is how
 * far (in degrees of latitude) generated towns may lie from it — wide for Alaska, narrow
 * for islands so towns stay near land.
 */
export const US_ANCHORS = [
  ['New York', 'New York', 40.71, -74.01, 30, 'America/New_York', 5, 1.5],
  ['Newark', 'New Jersey', 40.74, -74.17, 20, 'America/New_York', 3, 1.0],
  ['Buffalo', 'New York', 42.89, -78.88, 600, 'America/New_York', 2, 2.0],
  ['Albany', 'New York', 42.65, -73.76, 150, 'America/New_York', 1, 1.5],
  ['Boston', 'Massachusetts', 42.36, -71.06, 20, 'America/New_York', 4, 1.2],
  ['Hartford', 'Connecticut', 41.76, -72.68, 40, 'America/New_York', 2, 0.8],
  ['Providence', 'Rhode Island', 41.82, -71.41, 20, 'America/New_York', 1, 0.5],
  ['Burlington', 'Vermont', 44.48, -73.21, 200, 'America/New_York', 1, 1.2],
  ['Concord', 'New Hampshire', 43.21, -71.54, 300, 'America/New_York', 1, 1.0],
  ['Bangor', 'Maine', 44.8, -68.77, 150, 'America/New_York', 1, 2.0],
  ['Philadelphia', 'Pennsylvania', 39.95, -75.17, 40, 'America/New_York', 4, 1.5],
  ['Pittsburgh', 'Pennsylvania', 40.44, -79.99, 1200, 'America/New_York', 3, 1.5],
  ['Wilmington', 'Delaware', 39.74, -75.55, 80, 'America/New_York', 1, 0.5],
  ['Baltimore', 'Maryland', 39.29, -76.61, 30, 'America/New_York', 3, 1.0],
  ['Washington', 'District of Columbia', 38.91, -77.04, 30, 'America/New_York', 4, 1.0],
  ['Richmond', 'Virginia', 37.54, -77.44, 150, 'America/New_York', 2, 2.0],
  ['Norfolk', 'Virginia', 36.85, -76.29, 10, 'America/New_York', 2, 1.0],
  ['Charlotte', 'North Carolina', 35.23, -80.84, 750, 'America/New_York', 4, 1.5],
  ['Raleigh', 'North Carolina', 35.78, -78.64, 300, 'America/New_York', 2, 1.5],
  ['Asheville', 'North Carolina', 35.6, -82.55, 2100, 'America/New_York', 1, 1.0],
  ['Charleston', 'South Carolina', 32.78, -79.93, 20, 'America/New_York', 2, 1.5],
  ['Atlanta', 'Georgia', 33.75, -84.39, 1000, 'America/New_York', 5, 2.0],
  ['Savannah', 'Georgia', 32.08, -81.09, 20, 'America/New_York', 1, 1.0],
  ['Miami', 'Florida', 25.76, -80.19, 10, 'America/New_York', 5, 1.0],
  ['Orlando', 'Florida', 28.54, -81.38, 100, 'America/New_York', 4, 1.5],
  ['Tampa', 'Florida', 27.95, -82.46, 20, 'America/New_York', 3, 1.0],
  ['Jacksonville', 'Florida', 30.33, -81.66, 20, 'America/New_York', 2, 1.5],
  ['Key West', 'Florida', 24.56, -81.78, 5, 'America/New_York', 1, 0.2],
  ['Cleveland', 'Ohio', 41.5, -81.69, 650, 'America/New_York', 3, 1.2],
  ['Columbus', 'Ohio', 39.96, -83.0, 800, 'America/New_York', 2, 1.5],
  ['Cincinnati', 'Ohio', 39.1, -84.51, 500, 'America/New_York', 3, 1.0],
  ['Detroit', 'Michigan', 42.33, -83.05, 600, 'America/Detroit', 4, 1.5],
  ['Grand Rapids', 'Michigan', 42.96, -85.67, 610, 'America/Detroit', 2, 2.0],
  ['Indianapolis', 'Indiana', 39.77, -86.16, 720, 'America/Indiana/Indianapolis', 2, 1.5],
  ['Louisville', 'Kentucky', 38.25, -85.76, 460, 'America/Kentucky/Louisville', 2, 1.5],
  ['Nashville', 'Tennessee', 36.16, -86.78, 550, 'America/Chicago', 3, 1.5],
  ['Memphis', 'Tennessee', 35.15, -90.05, 300, 'America/Chicago', 3, 1.5],
  ['Montgomery', 'Alabama', 32.37, -86.3, 250, 'America/Chicago', 2, 2.0],
  ['Jackson', 'Mississippi', 32.3, -90.18, 280, 'America/Chicago', 1, 2.0],
  ['New Orleans', 'Louisiana', 29.95, -90.07, 5, 'America/Chicago', 3, 1.5],
  ['Little Rock', 'Arkansas', 34.75, -92.29, 300, 'America/Chicago', 1, 2.0],
  ['Chicago', 'Illinois', 41.88, -87.63, 600, 'America/Chicago', 5, 2.0],
  ['Milwaukee', 'Wisconsin', 43.04, -87.91, 620, 'America/Chicago', 2, 1.0],
  ['Madison', 'Wisconsin', 43.07, -89.4, 860, 'America/Chicago', 1, 2.0],
  ['Minneapolis', 'Minnesota', 44.98, -93.27, 840, 'America/Chicago', 4, 2.5],
  ['Des Moines', 'Iowa', 41.59, -93.62, 950, 'America/Chicago', 2, 2.0],
  ['St. Louis', 'Missouri', 38.63, -90.2, 450, 'America/Chicago', 3, 1.5],
  ['Kansas City', 'Missouri', 39.1, -94.58, 900, 'America/Chicago', 3, 1.5],
  ['Wichita', 'Kansas', 37.69, -97.34, 1300, 'America/Chicago', 1, 2.5],
  ['Omaha', 'Nebraska', 41.26, -95.93, 1100, 'America/Chicago', 2, 2.5],
  ['Fargo', 'North Dakota', 46.88, -96.79, 900, 'America/Chicago', 1, 2.5],
  ['Sioux Falls', 'South Dakota', 43.55, -96.73, 1500, 'America/Chicago', 1, 2.5],
  ['Oklahoma City', 'Oklahoma', 35.47, -97.52, 1200, 'America/Chicago', 2, 2.0],
  ['Tulsa', 'Oklahoma', 36.15, -95.99, 700, 'America/Chicago', 1, 1.5],
  ['Dallas', 'Texas', 32.78, -96.8, 430, 'America/Chicago', 5, 2.5],
  ['Houston', 'Texas', 29.76, -95.37, 80, 'America/Chicago', 4, 2.0],
  ['San Antonio', 'Texas', 29.42, -98.49, 650, 'America/Chicago', 3, 2.0],
  ['Austin', 'Texas', 30.27, -97.74, 490, 'America/Chicago', 3, 1.5],
  ['El Paso', 'Texas', 31.76, -106.49, 3700, 'America/Denver', 2, 2.0],
  ['Denver', 'Colorado', 39.74, -104.99, 5280, 'America/Denver', 5, 2.0],
  ['Boulder', 'Colorado', 40.01, -105.27, 5400, 'America/Denver', 1, 0.8],
  ['Fort Collins', 'Colorado', 40.59, -105.08, 5000, 'America/Denver', 1, 1.0],
  ['Albuquerque', 'New Mexico', 35.08, -106.65, 5000, 'America/Denver', 2, 2.5],
  ['Santa Fe', 'New Mexico', 35.69, -105.94, 7000, 'America/Denver', 1, 1.0],
  ['Salt Lake City', 'Utah', 40.76, -111.89, 4200, 'America/Denver', 4, 2.5],
  ['Cheyenne', 'Wyoming', 41.14, -104.82, 6100, 'America/Denver', 1, 2.5],
  ['Billings', 'Montana', 45.78, -108.5, 3100, 'America/Denver', 1, 3.0],
  ['Bozeman', 'Montana', 45.68, -111.04, 4800, 'America/Denver', 1, 2.0],
  ['Boise', 'Idaho', 43.62, -116.2, 2700, 'America/Boise', 2, 2.5],
  ['Phoenix', 'Arizona', 33.45, -112.07, 1100, 'America/Phoenix', 4, 2.0],
  ['Tucson', 'Arizona', 32.22, -110.97, 2400, 'America/Phoenix', 2, 1.5],
  ['Las Vegas', 'Nevada', 36.17, -115.14, 2000, 'America/Los_Angeles', 4, 2.0],
  ['Reno', 'Nevada', 39.53, -119.81, 4500, 'America/Los_Angeles', 2, 2.0],
  ['Los Angeles', 'California', 34.05, -118.24, 300, 'America/Los_Angeles', 5, 1.0],
  ['Long Beach', 'California', 33.77, -118.19, 30, 'America/Los_Angeles', 2, 0.5],
  ['Burbank', 'California', 34.18, -118.31, 600, 'America/Los_Angeles', 2, 0.5],
  ['San Diego', 'California', 32.72, -117.16, 60, 'America/Los_Angeles', 4, 0.8],
  ['Palm Springs', 'California', 33.83, -116.55, 480, 'America/Los_Angeles', 1, 0.8],
  ['Santa Barbara', 'California', 34.42, -119.7, 50, 'America/Los_Angeles', 1, 0.6],
  ['Bakersfield', 'California', 35.37, -119.02, 400, 'America/Los_Angeles', 1, 1.0],
  ['Fresno', 'California', 36.74, -119.79, 300, 'America/Los_Angeles', 2, 1.0],
  ['Monterey', 'California', 36.6, -121.89, 50, 'America/Los_Angeles', 1, 0.5],
  ['San Jose', 'California', 37.34, -121.89, 80, 'America/Los_Angeles', 3, 0.6],
  ['San Francisco', 'California', 37.77, -122.42, 50, 'America/Los_Angeles', 5, 0.6],
  ['Oakland', 'California', 37.8, -122.27, 40, 'America/Los_Angeles', 3, 0.6],
  ['Santa Rosa', 'California', 38.44, -122.71, 160, 'America/Los_Angeles', 1, 0.6],
  ['Sacramento', 'California', 38.58, -121.49, 30, 'America/Los_Angeles', 2, 1.2],
  ['Redding', 'California', 40.59, -122.39, 500, 'America/Los_Angeles', 1, 1.2],
  ['Eureka', 'California', 40.8, -124.16, 40, 'America/Los_Angeles', 1, 0.6],
  ['Portland', 'Oregon', 45.52, -122.68, 50, 'America/Los_Angeles', 3, 1.5],
  ['Bend', 'Oregon', 44.06, -121.31, 3600, 'America/Los_Angeles', 1, 1.5],
  ['Seattle', 'Washington', 47.61, -122.33, 150, 'America/Los_Angeles', 4, 1.2],
  ['Spokane', 'Washington', 47.66, -117.43, 1900, 'America/Los_Angeles', 2, 2.0],
  ['Anchorage', 'Alaska', 61.22, -149.9, 100, 'America/Anchorage', 3, 5.0],
  ['Fairbanks', 'Alaska', 64.84, -147.72, 450, 'America/Anchorage', 2, 5.0],
  ['Nome', 'Alaska', 64.5, -165.41, 40, 'America/Nome', 1, 3.0],
  ['Juneau', 'Alaska', 58.3, -134.42, 20, 'America/Juneau', 1, 1.5],
  ['Honolulu', 'Hawaii', 21.31, -157.86, 10, 'Pacific/Honolulu', 4, 0.3],
  ['Hilo', 'Hawaii', 19.72, -155.09, 40, 'Pacific/Honolulu', 1, 0.4],
] as const;

/**
 * United Kingdom and France anchor cities: `[city, lat, lon, elevation ft, hub 1–5, spread °]`.
 * Their time zone is the country's (Europe/London, Europe/Paris), and travel-sample
 * documents outside the US carry no state.
 */
export const UK_ANCHORS = [
  ['London', 51.51, -0.13, 80, 5, 0.8],
  ['Manchester', 53.48, -2.24, 250, 4, 0.6],
  ['Birmingham', 52.49, -1.89, 450, 3, 0.6],
  ['Glasgow', 55.86, -4.25, 30, 3, 0.7],
  ['Edinburgh', 55.95, -3.19, 130, 3, 0.5],
  ['Bristol', 51.45, -2.59, 60, 2, 0.5],
  ['Liverpool', 53.41, -2.98, 80, 2, 0.4],
  ['Leeds', 53.8, -1.55, 200, 2, 0.5],
  ['Newcastle upon Tyne', 54.97, -1.61, 260, 2, 0.6],
  ['Belfast', 54.6, -5.93, 20, 2, 0.6],
  ['Cardiff', 51.48, -3.18, 30, 2, 0.5],
  ['Aberdeen', 57.15, -2.09, 200, 2, 0.6],
  ['Inverness', 57.48, -4.22, 30, 1, 1.0],
  ['Southampton', 50.9, -1.4, 40, 1, 0.4],
  ['Norwich', 52.63, 1.3, 100, 1, 0.5],
  ['Exeter', 50.72, -3.53, 100, 1, 0.5],
  ['Plymouth', 50.38, -4.14, 150, 1, 0.4],
  ['Penzance', 50.12, -5.54, 60, 1, 0.2],
  ['Cambridge', 52.21, 0.12, 50, 1, 0.4],
  ['Oxford', 51.75, -1.26, 200, 1, 0.4],
  ['York', 53.96, -1.08, 50, 1, 0.5],
  ['Nottingham', 52.95, -1.15, 150, 1, 0.4],
  ['Sheffield', 53.38, -1.47, 300, 1, 0.4],
  ['Lincoln', 53.23, -0.54, 60, 1, 0.5],
  ['Chester', 53.19, -2.89, 80, 1, 0.3],
  ['Brighton', 50.82, -0.14, 50, 1, 0.3],
  ['Bournemouth', 50.72, -1.88, 60, 1, 0.3],
  ['Bath', 51.38, -2.36, 100, 1, 0.3],
  ['Canterbury', 51.28, 1.08, 50, 1, 0.3],
  ['Dundee', 56.46, -2.97, 30, 1, 0.4],
  ['Swansea', 51.62, -3.94, 30, 1, 0.4],
  ['Carlisle', 54.89, -2.93, 100, 1, 0.5],
  ['Stornoway', 58.21, -6.39, 20, 1, 0.3],
  ['Kirkwall', 58.98, -2.96, 50, 1, 0.2],
] as const;

/** France anchor cities, same layout as {@link UK_ANCHORS}. */
export const FR_ANCHORS = [
  ['Paris', 48.86, 2.35, 120, 5, 1.0],
  ['Lyon', 45.76, 4.84, 550, 4, 0.8],
  ['Marseille', 43.3, 5.37, 30, 4, 0.5],
  ['Nice', 43.7, 7.27, 20, 4, 0.3],
  ['Toulouse', 43.6, 1.44, 480, 3, 0.8],
  ['Bordeaux', 44.84, -0.58, 60, 3, 0.8],
  ['Nantes', 47.22, -1.55, 60, 3, 0.7],
  ['Strasbourg', 48.57, 7.75, 470, 2, 0.5],
  ['Lille', 50.63, 3.06, 80, 2, 0.5],
  ['Montpellier', 43.61, 3.88, 90, 2, 0.5],
  ['Rennes', 48.11, -1.68, 100, 2, 0.7],
  ['Brest', 48.39, -4.49, 300, 1, 0.4],
  ['Biarritz', 43.48, -1.56, 250, 1, 0.4],
  ['Ajaccio', 41.93, 8.74, 20, 1, 0.2],
  ['Bastia', 42.7, 9.45, 30, 1, 0.2],
  ['Clermont-Ferrand', 45.78, 3.08, 1100, 1, 0.8],
  ['Limoges', 45.83, 1.26, 900, 1, 0.8],
  ['Perpignan', 42.7, 2.9, 140, 1, 0.4],
  ['Grenoble', 45.19, 5.72, 700, 1, 0.5],
  ['Dijon', 47.32, 5.04, 800, 1, 0.8],
  ['Metz', 49.12, 6.18, 600, 1, 0.6],
  ['Reims', 49.26, 4.03, 300, 1, 0.6],
  ['Rouen', 49.44, 1.1, 100, 1, 0.6],
  ['Caen', 49.18, -0.37, 200, 1, 0.5],
  ['Tours', 47.39, 0.69, 200, 1, 0.8],
  ['Poitiers', 46.58, 0.34, 400, 1, 0.7],
  ['Pau', 43.3, -0.37, 600, 1, 0.5],
  ['Avignon', 43.95, 4.81, 100, 1, 0.5],
  ['Calais', 50.95, 1.86, 20, 1, 0.3],
  ['La Rochelle', 46.16, -1.15, 30, 1, 0.4],
  ['Annecy', 45.9, 6.13, 1500, 1, 0.4],
  ['Chambéry', 45.56, 5.92, 900, 1, 0.4],
  ['Carcassonne', 43.21, 2.35, 400, 1, 0.6],
] as const;

/**
 * Airports per country. The proportions follow the real sample (mostly US, with Alaska
 * over-represented by its many small airfields); the total is "about 2 000".
 */
export const AIRPORTS_PER_COUNTRY = {
  'United States': 1562,
  'United Kingdom': 184,
  France: 222,
} as const satisfies Record<TravelCountryName, number>;

/** Neighbourhood labels used in hotel and landmark titles of big cities (`London/Riverside`). */
export const DISTRICTS = [
  'Old Town', 'Riverside', 'Harbourside', 'Downtown', 'North End', 'South Bank', 'West End', 'East Side',
  'Centre', 'University Quarter', 'Station Quarter', 'Market District', 'Waterfront', 'Hillside',
  'Cathedral Quarter', 'Arts District',
] as const;
