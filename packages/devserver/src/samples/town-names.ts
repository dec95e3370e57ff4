/**
 * Parts of generated town names, one set per travel-sample country. Towns are built as
 * root + suffix (`Ashford`, `Beauville`) or with a patterned prefix (`Fort …`,
 * `Saint-…`, `… -sur-Loire`), giving thousands of distinct, country-flavoured names from a
 * few short lists. Any resemblance to a real town is the nature of the patterns.
 */
import type { Prng } from './prng';
import type { TravelCountryName } from './travel-places';
import { LAST_NAMES } from './people-words';

/** US roots, joined directly to a suffix (`Oak` + `dale`). */
const US_ROOTS = [
  'Oak', 'Maple', 'Cedar', 'Ash', 'Elm', 'Pine', 'Spring', 'Green', 'Fair', 'Clear', 'Stone', 'River',
  'Lake', 'Hill', 'Brook', 'Red', 'White', 'Silver', 'Gold', 'Rock', 'Sand', 'Bridge', 'Mill', 'Glen',
  'Hazel', 'Lin', 'Mar', 'Ben', 'Frank', 'Clay', 'Ham', 'Mid', 'West', 'East', 'North', 'South',
  'Wood', 'Deer', 'Fox', 'Bear', 'Eagle', 'Hawk', 'Crow', 'Birch', 'Willow', 'Laurel', 'Ivy', 'Rose',
  'Sum', 'Win', 'Lex', 'Mor', 'Car', 'Dal', 'Ever', 'High', 'Long', 'Plain', 'Prairie', 'Bay',
] as const;
const US_SUFFIXES = ['ville', 'ton', 'field', 'wood', 'dale', 'burg', 'port', 'ford', 'land', 'view', 'mont', 'boro', 'ridge', 'haven'] as const;
/** Two-word US patterns; `{n}` is a surname, `{r}` a root. */
const US_PATTERNS = ['Fort {n}', 'Port {n}', 'Mount {n}', 'Lake {n}', 'New {n}', '{n} Springs', '{n} Falls', '{n} City', '{n} Junction', '{n} Creek', '{r} Valley', '{r} Harbor', '{n} Landing', '{n} Crossing'] as const;

const UK_ROOTS = [
  'Ash', 'Brad', 'Brom', 'Chal', 'Dun', 'Farn', 'Gran', 'Hal', 'Kings', 'Lang', 'Marl', 'Nor', 'Pen',
  'Ros', 'Salt', 'Tun', 'Wal', 'Wen', 'Whit', 'Ald', 'Bex', 'Cran', 'Dray', 'Eas', 'Hart', 'Kel', 'Lud',
  'Mel', 'Ock', 'Pad', 'Rad', 'Sher', 'Stan', 'Thorn', 'Ux', 'Wey', 'Yar', 'Ber', 'Cal', 'Dor', 'Ever',
  'Hen', 'Kin', 'Lyn', 'Mor', 'Pol', 'Sed', 'Tre', 'Wick', 'Bur', 'Chip', 'Fen', 'Holm', 'Lox',
] as const;
const UK_SUFFIXES = ['ton', 'bury', 'ford', 'ham', 'ley', 'wick', 'by', 'field', 'stead', 'worth', 'mouth', 'borough', 'well', 'hurst', 'minster', 'combe'] as const;
/** Two-word UK patterns; `{t}` is a root + suffix town. */
const UK_PATTERNS = ['Great {t}', 'Little {t}', 'Market {t}', '{t} Magna', 'Upper {t}', 'Lower {t}', '{t} on Sea', 'North {t}', 'Long {t}'] as const;

const FR_ROOTS = [
  'Beau', 'Mont', 'Roche', 'Belle', 'Clair', 'Fontaine', 'Char', 'Mar', 'Val', 'Bois', 'Pont', 'Ber',
  'Lan', 'Mor', 'Sau', 'Ver', 'Cha', 'Mau', 'Lu', 'Gre', 'Cour', 'Fleur', 'Mire', 'Sou', 'Ro', 'Vil',
  'Bri', 'Tor', 'Lor', 'Per', 'Aube', 'Ger', 'Cor', 'Dam', 'Esc', 'Fon',
] as const;
const FR_SUFFIXES = ['ville', 'court', 'ac', 'y', 'mont', 'lieu', 'bourg', 'ières', 'ange', 'argues', 'ençon'] as const;
const FR_SAINTS = [
  'Martin', 'Pierre', 'Jean', 'Denis', 'Étienne', 'Laurent', 'Michel', 'Germain', 'André', 'Georges',
  'Paul', 'Jacques', 'Julien', 'Nicolas', 'Quentin', 'Rémy', 'Malo', 'Omer', 'Brieuc', 'Gilles', 'Hilaire', 'Vincent',
] as const;
const FR_RIVERS = ['Loire', 'Seine', 'Marne', 'Saône', 'Rhône', 'Garonne', 'Dordogne', 'Oise', 'Aisne', 'Meuse', 'Cher', 'Lot', 'Tarn', 'Vienne', 'Indre', 'Yonne', 'Mer'] as const;
/** Place-name heads that take a hyphenated second part (`La Ferté-Beauville`), articles included so genders are right. */
const FR_HEADS = ['Le Chêne', 'Le Vallon', 'Le Moulin', 'Le Plessis', 'Le Mesnil', 'Le Châtelet', 'Le Breuil', 'La Ferté', 'La Chapelle', 'La Roche', 'Les Essarts', 'Villeneuve'] as const;

/** A `root + suffix` word such as `Oakdale` or `Ashbury`. */
function compound(rng: Prng, roots: readonly string[], suffixes: readonly string[]): string {
  const root = rng.pick(roots);
  const suffix = rng.pick(suffixes);
  // Avoid doubled letters at the seam that read as typos (`Glenn` + `nville`).
  return root.endsWith(suffix.charAt(0)) ? root + suffix.slice(1) : root + suffix;
}

/** One candidate town name for `country` (not yet checked for uniqueness). */
export function townName(rng: Prng, country: TravelCountryName): string {
  switch (country) {
    case 'United States': {
      if (rng.chance(0.55)) return compound(rng, US_ROOTS, US_SUFFIXES);
      const pattern = rng.pick(US_PATTERNS);
      return pattern.replace('{n}', rng.pick(LAST_NAMES)).replace('{r}', rng.pick(US_ROOTS));
    }
    case 'United Kingdom': {
      const town = compound(rng, UK_ROOTS, UK_SUFFIXES);
      return rng.chance(0.75) ? town : rng.pick(UK_PATTERNS).replace('{t}', town);
    }
    case 'France': {
      const roll = rng.float();
      if (roll < 0.45) return compound(rng, FR_ROOTS, FR_SUFFIXES);
      if (roll < 0.6) return `Saint-${rng.pick(FR_SAINTS)}`;
      if (roll < 0.7) return `Saint-${rng.pick(FR_SAINTS)}-sur-${rng.pick(FR_RIVERS)}`;
      if (roll < 0.85) return `${compound(rng, FR_ROOTS, FR_SUFFIXES)}-sur-${rng.pick(FR_RIVERS)}`;
      return `${rng.pick(FR_HEADS)}-${compound(rng, FR_ROOTS, FR_SUFFIXES)}`;
    }
  }
}
