/**
 * Starter material catalog. Every price is labelled `illustrative`: round US-dollar figures of the order
 * of 2024 US national-average unit costs, chosen by the authors for demos and tests. They are NOT taken
 * from RSMeans or any other publication; operators replace them through the catalog upsert endpoint
 * (each upsert bumps `version`, and every estimate line records the version it was priced with).
 *
 * Units are the ones the takeoff engine emits (m, m2, m3, kg, ea); `material_unit_price` is the delivered
 * material and `installation_unit_cost` the labour plus equipment to install one unit.
 */
import { CSI_DIVISIONS } from '../csi-divisions.ts';
import type { CatalogMaterial, MaterialUnit } from '../costs.schemas.ts';

/** Currency of every seeded price. */
export const CATALOG_CURRENCY = 'USD';

/** What `source` says for a price that is not taken from a publication. */
export const ILLUSTRATIVE_SOURCE = 'illustrative';

function material(
  key: string,
  name: string,
  unit: MaterialUnit,
  division: string,
  prices: { material: number; installation: number; wastePct: number },
): CatalogMaterial {
  return {
    key,
    name,
    unit,
    division,
    division_name: CSI_DIVISIONS[division] ?? division,
    material_unit_price: prices.material,
    installation_unit_cost: prices.installation,
    currency: CATALOG_CURRENCY,
    waste_pct: prices.wastePct,
    version: 1,
    source: ILLUSTRATIVE_SOURCE,
  };
}

/** The seeded catalog rows, one per material the takeoff engine emits (and a few more may be added). */
export const CATALOG_SEED: readonly CatalogMaterial[] = Object.freeze([
  material('concrete', 'Ready-mix concrete, 30 MPa, placed and finished', 'm3', '03', {
    material: 185,
    installation: 95,
    wastePct: 5,
  }),
  material('rebar', 'Reinforcing steel bar, grade 60, cut, bent and tied', 'kg', '03', {
    material: 1.3,
    installation: 1.1,
    wastePct: 5,
  }),
  material('formwork', 'Formwork, plywood, erect and strip (contact area)', 'm2', '03', {
    material: 18,
    installation: 42,
    wastePct: 5,
  }),
  material('concrete_block', 'Concrete masonry unit, 200 mm, laid', 'ea', '04', {
    material: 2.1,
    installation: 3.2,
    wastePct: 5,
  }),
  material('brick', 'Face brick, standard modular, laid', 'ea', '04', {
    material: 0.65,
    installation: 1.05,
    wastePct: 5,
  }),
  material('mortar', 'Masonry mortar, type S, mixed', 'm3', '04', {
    material: 210,
    installation: 60,
    wastePct: 10,
  }),
  material('structural_steel', 'Structural steel sections, fabricated and erected', 'kg', '05', {
    material: 2.6,
    installation: 1.4,
    wastePct: 3,
  }),
  material('timber', 'Dimensional softwood lumber, framing', 'm3', '06', {
    material: 650,
    installation: 480,
    wastePct: 10,
  }),
  material('insulation', 'Thermal insulation batts, 150 mm', 'm2', '07', {
    material: 6.5,
    installation: 4.5,
    wastePct: 5,
  }),
  material('roofing', 'Membrane roofing, single ply, fully adhered', 'm2', '07', {
    material: 28,
    installation: 30,
    wastePct: 8,
  }),
  material('door', 'Interior door, hollow metal frame, hardware, hung', 'ea', '08', {
    material: 420,
    installation: 180,
    wastePct: 0,
  }),
  material('window', 'Window, aluminium, double glazed, 1.2 m x 1.2 m, set', 'ea', '08', {
    material: 480,
    installation: 220,
    wastePct: 0,
  }),
  material('glass', 'Glazing, insulated glass unit, 25 mm', 'm2', '08', {
    material: 85,
    installation: 55,
    wastePct: 3,
  }),
  material('drywall', 'Gypsum board, 12.5 mm, taped and finished (one face)', 'm2', '09', {
    material: 4.5,
    installation: 9.5,
    wastePct: 10,
  }),
  material('metal_stud', 'Non-load-bearing metal stud, 92 mm', 'm', '09', {
    material: 2.8,
    installation: 3.6,
    wastePct: 5,
  }),
  material('plaster', 'Gypsum plaster, two coats on masonry', 'm2', '09', {
    material: 5,
    installation: 22,
    wastePct: 8,
  }),
  material('floor_tile', 'Ceramic floor tile, thin-set', 'm2', '09', {
    material: 32,
    installation: 48,
    wastePct: 10,
  }),
  material('paint', 'Interior latex paint, primer and two coats', 'm2', '09', {
    material: 1.8,
    installation: 5.2,
    wastePct: 5,
  }),
  material('pipe', 'Copper water pipe, 20 mm, with fittings and hangers', 'm', '22', {
    material: 14,
    installation: 28,
    wastePct: 5,
  }),
  material('plumbing_fixture', 'Plumbing fixture (lavatory or WC), with trim, set', 'ea', '22', {
    material: 450,
    installation: 350,
    wastePct: 0,
  }),
]);
