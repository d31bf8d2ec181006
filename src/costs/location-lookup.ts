/**
 * Location lookup tolerant of case, punctuation and region/country suffixes: "New York", "new york, ny",
 * "NEW-YORK NY", "New York, New York, USA" and the key "new-york-ny" all find the same row. Unknown names
 * raise UnknownLocationError (422) with the nearest names as suggestions.
 */
import { InvalidCostDataError, UnknownLocationError } from './costs.errors.ts';
import type { Location } from './costs.schemas.ts';
import { buildNameIndex, nearestInIndex, normalizeName, type NameIndex } from './text-match.ts';

/** How many suggestions an unknown location error carries. */
export const LOCATION_SUGGESTIONS = 5;

const REGION_NAMES: Readonly<Record<string, string>> = {
  AK: 'alaska',
  AZ: 'arizona',
  CA: 'california',
  CO: 'colorado',
  DC: 'district of columbia',
  FL: 'florida',
  GA: 'georgia',
  HI: 'hawaii',
  IL: 'illinois',
  LA: 'louisiana',
  MA: 'massachusetts',
  MD: 'maryland',
  MI: 'michigan',
  MN: 'minnesota',
  MO: 'missouri',
  NC: 'north carolina',
  NV: 'nevada',
  NY: 'new york',
  OR: 'oregon',
  PA: 'pennsylvania',
  TN: 'tennessee',
  TX: 'texas',
  UT: 'utah',
  WA: 'washington',
  ON: 'ontario',
  BC: 'british columbia',
  NSW: 'new south wales',
};

const COUNTRY_NAMES: Readonly<Record<string, string[]>> = {
  US: ['us', 'usa', 'united states', 'united states of america'],
  CA: ['ca', 'canada'],
  GB: ['gb', 'uk', 'united kingdom', 'england'],
  AU: ['au', 'australia'],
  MX: ['mx', 'mexico'],
};

/** Normal-form names → location, plus the display labels used for suggestions. */
export interface LocationIndex {
  /** Every accepted spelling (normal form) → its row. */
  readonly byName: ReadonlyMap<string, Location>;
  /** One entry per row: display label and the short forms suggestions are ranked by, prepared once. */
  readonly labels: NameIndex;
}

/** "New York, NY" / "London, GB": how a location is shown in suggestions. */
export function locationLabel(location: Location): string {
  return `${location.name}, ${location.region === '' ? location.country : location.region}`;
}

function spellings(location: Location): string[] {
  const bases = [location.name, ...location.aliases].map(normalizeName);
  const regions = ['', normalizeName(location.region), REGION_NAMES[location.region] ?? ''].filter(
    (region, i) => i === 0 || region !== '',
  );
  const countries = ['', ...(COUNTRY_NAMES[location.country] ?? [normalizeName(location.country)])];
  const forms = new Set([normalizeName(location.key)]);
  for (const base of bases) {
    for (const region of regions) {
      for (const country of countries)
        forms.add([base, region, country].filter((part) => part !== '').join(' '));
    }
  }
  return [...forms];
}

/** Indexes location rows; throws InvalidCostDataError if one spelling would name two locations. */
export function buildLocationIndex(rows: readonly Location[]): LocationIndex {
  const byName = new Map<string, Location>();
  const labels: Array<{ label: string; forms: string[] }> = [];
  for (const row of rows) {
    for (const form of spellings(row)) {
      const taken = byName.get(form);
      if (taken !== undefined && taken.key !== row.key) {
        throw new InvalidCostDataError(`"${form}" would name both ${taken.key} and ${row.key}.`, { form });
      }
      byName.set(form, row);
    }
    labels.push({
      label: locationLabel(row),
      forms: [row.name, ...row.aliases, `${row.name} ${row.region}`].map(normalizeName),
    });
  }
  return { byName, labels: buildNameIndex(labels) };
}

/** The row `name` designates; throws UnknownLocationError with the nearest names. */
export function findLocation(index: LocationIndex, name: string): Location {
  const found = index.byName.get(normalizeName(name));
  if (found !== undefined) return found;
  throw new UnknownLocationError(name, nearestInIndex(index.labels, name, LOCATION_SUGGESTIONS));
}
