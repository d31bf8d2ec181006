// IFC project units → SI factors, and quantity values (IfcQuantityLength/Area/Volume/Count/Weight) in SI.
import type { IfcLines } from './ifc-lines.reader.ts';

/** Factors from the model's units to SI (m, m², m³, kg). */
export interface UnitScales {
  length: number;
  area: number;
  volume: number;
  mass: number;
  /** How the model declared them, for the result's `units.reason`. */
  declared: string;
}

const PREFIX: Record<string, number> = {
  EXA: 1e18,
  PETA: 1e15,
  TERA: 1e12,
  GIGA: 1e9,
  MEGA: 1e6,
  KILO: 1e3,
  HECTO: 1e2,
  DECA: 1e1,
  DECI: 1e-1,
  CENTI: 1e-2,
  MILLI: 1e-3,
  MICRO: 1e-6,
  NANO: 1e-9,
};

const KINDS = { LENGTHUNIT: 'length', AREAUNIT: 'area', VOLUMEUNIT: 'volume', MASSUNIT: 'mass' } as const;
const POWER = { length: 1, area: 2, volume: 3, mass: 1 } as const;

/** The project's unit assignment (the one IfcProject points at), SI when absent. */
export function unitScales(lines: IfcLines): UnitScales {
  const scales: UnitScales = { length: 1, area: 1, volume: 1, mass: 1, declared: '' };
  const project = lines.idsOf('IfcProject')[0];
  const assignment = project === undefined ? undefined : lines.ref(lines.get(project).UnitsInContext);
  const named: string[] = [];
  for (const u of assignment === undefined ? [] : lines.refs(lines.get(assignment).Units)) {
    const unit = unitOf(lines, u, 0);
    if (!unit) continue;
    scales[unit.kind] = unit.factor;
    named.push(`${unit.kind} ${unit.name}`);
  }
  scales.declared = named.join(', ') || 'none declared (SI assumed)';
  return scales;
}

/** `[name, value in SI]` of a physical quantity, or undefined for other kinds (time, …). */
export function quantityValue(lines: IfcLines, id: number, units: UnitScales): [string, number] | undefined {
  const q = lines.get(id);
  const name = lines.str(q.Name);
  if (!name) return undefined;
  const own = lines.ref(q.Unit);
  const ownFactor = own === undefined ? undefined : unitOf(lines, own, 0)?.factor;
  const pick = (key: string, scale: number): [string, number] | undefined => {
    const v = lines.num(q[key]);
    return v === undefined ? undefined : [name, v * (ownFactor ?? scale)];
  };
  return (
    pick('LengthValue', units.length) ??
    pick('AreaValue', units.area) ??
    pick('VolumeValue', units.volume) ??
    pick('WeightValue', units.mass) ??
    pick('CountValue', 1)
  );
}

function unitOf(
  lines: IfcLines,
  id: number,
  depth: number,
): { kind: keyof typeof POWER; factor: number; name: string } | undefined {
  if (depth > 4) return undefined;
  const u = lines.get(id);
  const type = (u.UnitType as { value?: string } | undefined)?.value;
  const kind = type ? KINDS[type as keyof typeof KINDS] : undefined;
  if (!kind) return undefined;
  const cls = lines.className(id);
  if (cls === 'IfcSIUnit') {
    const prefix = (u.Prefix as { value?: string } | null | undefined)?.value;
    const name = (u.Name as { value?: string } | undefined)?.value ?? '';
    // the SI base unit of mass is the kilogram, but IFC names it GRAM with a KILO prefix
    const base = kind === 'mass' ? 1e-3 : 1;
    const factor = (prefix ? (PREFIX[prefix] ?? 1) : 1) ** POWER[kind] * base;
    return { kind, factor, name: `${prefix ?? ''}${name}`.toLowerCase() };
  }
  if (cls === 'IfcConversionBasedUnit') {
    const measure = lines.ref(u.ConversionFactor);
    if (measure === undefined) return undefined;
    const m = lines.get(measure);
    const value = lines.num(m.ValueComponent);
    const inner = lines.ref(m.UnitComponent);
    const innerFactor = inner === undefined ? 1 : (unitOf(lines, inner, depth + 1)?.factor ?? 1);
    if (value === undefined) return undefined;
    return { kind, factor: value * innerFactor, name: lines.str(u.Name) ?? 'converted' };
  }
  return undefined;
}
