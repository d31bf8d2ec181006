/**
 * Starter City Cost Index table: 36 cities (31 US, 5 international) and the US national average.
 *
 * Method (City Cost Index, as in the published RSMeans CCI): the US national average is 100 for every
 * division; a city's index says how much the same work costs there, so cost_B = cost_A × index_B / index_A,
 * and material and installation (labour + equipment) are indexed separately.
 *
 * Honest provenance: the numbers are ILLUSTRATIVE, written for this project and not copied from any
 * publication. For each city the authors chose one material level and one installation level from general
 * knowledge of relative building costs (union labour markets such as New York, San Francisco and Chicago
 * high; right-to-work southern markets low; island and remote markets high on material). Each division's
 * index is then derived by one documented rule:
 *
 *   index[division] = round1(100 + (level − 100) × sensitivity[division])
 *
 * with the sensitivities below (steel and openings are traded nationally, so their material index moves
 * least; masonry and concrete installation are the most local). International rows express cost in USD
 * relative to the US national average. Replace the table with licensed CCI data or the public-domain
 * US DoD Area Cost Factors (UFC 3-701-01) before quoting real work; bump `version` when you do.
 */
import type { CostIndex, Location } from '../costs.schemas.ts';

/** Divisions the seeded table covers (every division of the seeded catalog). */
export const SEEDED_DIVISIONS = ['03', '04', '05', '06', '07', '08', '09', '22'] as const;

/** How strongly each division's material and installation index follows the city level. */
export const DIVISION_SENSITIVITY: Readonly<Record<string, { material: number; installation: number }>> =
  Object.freeze({
    '03': { material: 1.2, installation: 1.05 },
    '04': { material: 1.1, installation: 1.1 },
    '05': { material: 0.6, installation: 1.0 },
    '06': { material: 0.9, installation: 1.0 },
    '07': { material: 0.8, installation: 1.05 },
    '08': { material: 0.7, installation: 0.95 },
    '09': { material: 0.9, installation: 1.0 },
    '22': { material: 0.8, installation: 1.1 },
  });

/** Label of every seeded location's `source`. */
export const LOCATION_SOURCE =
  'illustrative: own table modelled on the City Cost Index method (see locations.seed.ts)';

type CityLevel = [
  key: string,
  name: string,
  region: string,
  country: string,
  aliases: string[],
  m: number,
  i: number,
];

const CITY_LEVELS: readonly CityLevel[] = [
  [
    'us-national-average',
    'US National Average',
    '',
    'US',
    ['national average', 'national', 'us average'],
    100,
    100,
  ],
  ['new-york-ny', 'New York', 'NY', 'US', ['nyc', 'new york city', 'manhattan'], 104, 172],
  ['los-angeles-ca', 'Los Angeles', 'CA', 'US', ['la'], 102, 126],
  ['chicago-il', 'Chicago', 'IL', 'US', [], 101, 146],
  ['houston-tx', 'Houston', 'TX', 'US', [], 98, 68],
  ['phoenix-az', 'Phoenix', 'AZ', 'US', [], 99, 72],
  ['philadelphia-pa', 'Philadelphia', 'PA', 'US', ['philly'], 102, 138],
  ['san-antonio-tx', 'San Antonio', 'TX', 'US', [], 97, 63],
  ['san-diego-ca', 'San Diego', 'CA', 'US', [], 102, 118],
  ['dallas-tx', 'Dallas', 'TX', 'US', [], 98, 66],
  ['austin-tx', 'Austin', 'TX', 'US', [], 97, 65],
  ['san-francisco-ca', 'San Francisco', 'CA', 'US', ['sf'], 106, 165],
  ['seattle-wa', 'Seattle', 'WA', 'US', [], 104, 126],
  ['denver-co', 'Denver', 'CO', 'US', [], 101, 78],
  ['washington-dc', 'Washington', 'DC', 'US', ['washington dc', 'dc'], 100, 88],
  ['boston-ma', 'Boston', 'MA', 'US', [], 102, 136],
  ['nashville-tn', 'Nashville', 'TN', 'US', [], 98, 68],
  ['detroit-mi', 'Detroit', 'MI', 'US', [], 99, 105],
  ['portland-or', 'Portland', 'OR', 'US', [], 101, 108],
  ['las-vegas-nv', 'Las Vegas', 'NV', 'US', ['vegas'], 100, 105],
  ['atlanta-ga', 'Atlanta', 'GA', 'US', [], 99, 70],
  ['miami-fl', 'Miami', 'FL', 'US', [], 99, 72],
  ['minneapolis-mn', 'Minneapolis', 'MN', 'US', [], 100, 120],
  ['charlotte-nc', 'Charlotte', 'NC', 'US', [], 98, 60],
  ['kansas-city-mo', 'Kansas City', 'MO', 'US', [], 99, 100],
  ['st-louis-mo', 'St. Louis', 'MO', 'US', ['saint louis'], 99, 105],
  ['baltimore-md', 'Baltimore', 'MD', 'US', [], 100, 82],
  ['pittsburgh-pa', 'Pittsburgh', 'PA', 'US', [], 100, 100],
  ['new-orleans-la', 'New Orleans', 'LA', 'US', ['nola'], 99, 65],
  ['salt-lake-city-ut', 'Salt Lake City', 'UT', 'US', ['slc'], 99, 72],
  ['honolulu-hi', 'Honolulu', 'HI', 'US', [], 118, 125],
  ['anchorage-ak', 'Anchorage', 'AK', 'US', [], 114, 115],
  ['london-gb', 'London', '', 'GB', [], 112, 150],
  ['toronto-on', 'Toronto', 'ON', 'CA', [], 108, 120],
  ['vancouver-bc', 'Vancouver', 'BC', 'CA', [], 110, 115],
  ['sydney-nsw', 'Sydney', 'NSW', 'AU', [], 115, 135],
  ['mexico-city-cdmx', 'Mexico City', 'CDMX', 'MX', ['ciudad de mexico', 'cdmx'], 90, 30],
];

// Floor of 1: an index must stay positive however low a level is set.
const round1 = (value: number): number => Math.max(1, Math.round(value * 10) / 10);

function divisionIndex(level: CostIndex, division: string): CostIndex {
  const sensitivity = DIVISION_SENSITIVITY[division] ?? { material: 1, installation: 1 };
  return {
    material: round1(100 + (level.material - 100) * sensitivity.material),
    installation: round1(100 + (level.installation - 100) * sensitivity.installation),
  };
}

/** The seeded locations rows, derived from the levels above by the documented rule. */
export const LOCATION_SEED: readonly Location[] = Object.freeze(
  CITY_LEVELS.map(([key, name, region, country, aliases, material, installation]): Location => {
    const overall = { material, installation };
    return {
      key,
      name,
      region,
      country,
      aliases,
      overall,
      divisions: Object.fromEntries(
        SEEDED_DIVISIONS.map((division) => [division, divisionIndex(overall, division)]),
      ),
      version: 1,
      source: LOCATION_SOURCE,
    };
  }),
);
