// The US National CAD Standard (AIA) layer names: discipline, major group, minor groups and status,
// e.g. `A-WALL-FULL-E`, `AD-DOOR`, `P-SANR-PIPE`, `E-LITE-CLNG`, `S-COLS`, `A-FLOR-STRS`.
import type { ElementClass } from './layer.classifier.ts';

/** A parsed NCS layer name with the class it means. */
export interface NcsMatch {
  elementClass: ElementClass;
  code: string;
  /** Human words for the status field when present (`existing`, `demolition` …). */
  status: string | undefined;
}

/** Discipline designators (first letter; a second letter such as AD, AE, AI modifies it). */
const DISCIPLINES = new Set(['A', 'C', 'E', 'F', 'G', 'I', 'L', 'M', 'P', 'Q', 'S', 'T', 'V']);

/** Major groups that mean the same in every discipline. */
const COMMON: Record<string, ElementClass> = {
  WALL: 'wall',
  DOOR: 'door',
  GLAZ: 'window',
  WIND: 'window',
  OPEN: 'door',
  FLOR: 'slab',
  SLAB: 'slab',
  DECK: 'slab',
  FNDN: 'footing',
  FOOT: 'footing',
  PILE: 'footing',
  PIER: 'footing',
  COLS: 'column',
  COLM: 'column',
  BEAM: 'beam',
  JOIS: 'beam',
  BRAC: 'beam',
  ROOF: 'roof',
  STRS: 'stair',
  STAI: 'stair',
  FIXT: 'plumbing_fixture',
  PLMB: 'plumbing_fixture',
  PFIX: 'plumbing_fixture',
  PIPE: 'pipe',
  SANR: 'pipe',
  DOMW: 'pipe',
  STRM: 'pipe',
  VENT: 'pipe',
  GASS: 'pipe',
  CLNG: 'finish',
  PATT: 'finish',
  FINI: 'finish',
  FURN: 'furniture',
  EQPM: 'furniture',
  CASE: 'furniture',
  ANNO: 'annotation',
  DIMS: 'annotation',
  TEXT: 'annotation',
  GRID: 'annotation',
  SYMB: 'annotation',
  IDEN: 'annotation',
  NOTE: 'annotation',
  TTLB: 'annotation',
  AREA: 'annotation',
  DETL: 'annotation',
  ELEV: 'annotation',
  SECT: 'annotation',
  TOPO: 'annotation',
  PROP: 'annotation',
};

/** Major groups whose meaning depends on the discipline. */
const BY_DISCIPLINE: Record<string, Record<string, ElementClass>> = {
  E: {
    LITE: 'electrical_fixture',
    POWR: 'electrical_fixture',
    LTNG: 'electrical_fixture',
    FIRE: 'electrical_fixture',
    COMM: 'electrical_fixture',
    DEVC: 'electrical_fixture',
    EQPM: 'electrical_fixture',
  },
  M: {
    HVAC: 'duct',
    DUCT: 'duct',
    EXHS: 'duct',
    HOTW: 'pipe',
    CHIM: 'duct',
    CHIL: 'pipe',
    STEM: 'pipe',
    REFG: 'pipe',
    CWTR: 'pipe',
    HWTR: 'pipe',
  },
  F: { SPRN: 'pipe', PROT: 'pipe', STAN: 'pipe' },
  P: { EQPM: 'plumbing_fixture', FIRE: 'pipe', ACID: 'pipe', WATR: 'pipe' },
  T: { COMM: 'electrical_fixture', DATA: 'electrical_fixture' },
  S: { WALL: 'wall', GRDB: 'footing' },
};

/** Minor groups that override the major group (`A-WALL-PATT` is a wall hatch, `A-FLOR-STRS` stairs). */
const MINOR: Record<string, ElementClass> = {
  PATT: 'finish',
  IDEN: 'annotation',
  TEXT: 'annotation',
  DIMS: 'annotation',
  NOTE: 'annotation',
  NPLT: 'annotation',
  SYMB: 'annotation',
  ANNO: 'annotation',
  CIRC: 'annotation',
};
/** Minor groups under A-FLOR (floor plan information), by what they draw. */
const FLOOR_MINOR: Record<string, ElementClass> = {
  OTLN: 'slab',
  STRS: 'stair',
  HRAL: 'stair',
  RAIL: 'stair',
  FIXT: 'plumbing_fixture',
  TPTN: 'furniture',
  CASE: 'furniture',
  EVTR: 'furniture',
  WDWK: 'furniture',
  SPCL: 'furniture',
  LEVL: 'annotation',
};
/** Status field values: one letter (NCS 5) or four (older AIA CAD layer guidelines). */
const STATUS: Record<string, string> = {
  N: 'new',
  NEWW: 'new',
  E: 'existing',
  EXST: 'existing',
  D: 'demolition',
  DEMO: 'demolition',
  F: 'future',
  FUTR: 'future',
  T: 'temporary',
  TEMP: 'temporary',
  M: 'to move',
  MOVE: 'to move',
  X: 'not in contract',
  NICN: 'not in contract',
};

/**
 * Parses an NCS layer name. Fields are separated by `-`, `_`, `.` or spaces; the major group is the
 * first four letters of the second field (so `A-OPENING` and `A-DOORS` read as OPEN and DOOR), later
 * four-letter fields are minor groups, and a one-letter or NEWW/EXST/DEMO-like field is the status.
 */
export function matchNcs(name: string): NcsMatch | undefined {
  const fields = name
    .toUpperCase()
    .split(/[-_. ]+/)
    .filter(Boolean);
  const discipline = fields[0] ?? '';
  if (!/^[A-Z]{1,2}$/.test(discipline) || !DISCIPLINES.has(discipline[0] ?? '')) return undefined;
  const major = /^[A-Z]{4}/.exec(fields[1] ?? '')?.[0];
  if (!major) return undefined;
  const letter = discipline[0] ?? '';
  const byMajor = BY_DISCIPLINE[letter]?.[major] ?? COMMON[major];
  if (!byMajor) return undefined;
  const rest = fields.slice(2);
  const statusField = rest.find((f) => STATUS[f] !== undefined && (f.length === 1 || f.length === 4));
  const minors = rest.filter((f) => f !== statusField && /^[A-Z0-9]{4}$/.test(f));
  let elementClass = byMajor;
  for (const minor of minors) {
    const byMinor = (major === 'FLOR' ? FLOOR_MINOR[minor] : undefined) ?? MINOR[minor];
    if (byMinor) {
      elementClass = byMinor;
      break;
    }
  }
  const code = [discipline, major, ...minors].join('-');
  return {
    elementClass,
    code,
    status: statusField ? STATUS[statusField] : discipline[1] === 'D' ? 'demolition' : undefined,
  };
}
