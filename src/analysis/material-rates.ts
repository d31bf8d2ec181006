// Seeded consumption rates: element quantity → catalog materials. Edit here; names match the cost catalog.
//
// Each rule applies to takeoff line items whose id matches `item` (exact, or a prefix ending in '.'),
// and multiplies the item's quantity by `rate` to give `material` in the catalog unit. Rates are net: waste
// is added once, by the estimator, from each catalog material's waste %. Sources: common estimating
// handbooks' rules of thumb, rounded:
//   concrete 1 m³/m³; rebar: walls 80 kg/m³, slabs 100 kg/m³, columns 150 kg/m³, footings 60 kg/m³;
//   formwork: walls both faces (2 m²/m² of face), slab soffit 1 m²/m², footing sides ≈ 2 m² per m³;
//   brick: 0.2 m solid wall ≈ 118 bricks/m² of face (two 102.5 mm leaves at ~59/m²),
//   mortar ≈ 0.05 m³/m² of face at 0.2 m; concrete block (390×190 face): 12.5 ea/m², mortar 0.01 m³/m²;
//   drywall partition: boards both faces (2 m²/m²), metal studs at 600 mm plus tracks ≈ 2.4 m/m²,
//   cavity insulation 1 m²/m²; plaster and paint both faces of masonry (2 m²/m²), paint on drywall 2 m²/m²;
//   floor tile 1 m²/m²; roofing +10 % for laps (material that is installed, not waste), roof insulation
//   1 m²/m²; glass 80 % of window opening area; pipe 1 m/m.

/** Catalog names and units, exactly as the cost catalog spells them. */
export const MATERIAL_CATALOG = {
  concrete: 'm3',
  rebar: 'kg',
  formwork: 'm2',
  structural_steel: 'kg',
  brick: 'ea',
  concrete_block: 'ea',
  mortar: 'm3',
  drywall: 'm2',
  metal_stud: 'm',
  timber: 'm3',
  glass: 'm2',
  insulation: 'm2',
  door: 'ea',
  window: 'ea',
  pipe: 'm',
  floor_tile: 'm2',
  plaster: 'm2',
  paint: 'm2',
  roofing: 'm2',
  plumbing_fixture: 'ea',
} as const;

/** A catalog material name. */
export type MaterialName = keyof typeof MATERIAL_CATALOG;

/** One consumption rate. */
export interface MaterialRate {
  item: string;
  material: MaterialName;
  rate: number;
}

/** The seeded table. */
export const MATERIAL_RATES: readonly MaterialRate[] = [
  { item: 'wall.concrete.volume', material: 'concrete', rate: 1 },
  { item: 'wall.concrete.volume', material: 'rebar', rate: 80 },
  { item: 'wall.concrete.area_net', material: 'formwork', rate: 2 },
  { item: 'wall.masonry.area_net', material: 'brick', rate: 118 },
  { item: 'wall.masonry.area_net', material: 'mortar', rate: 0.05 },
  { item: 'wall.masonry.area_net', material: 'plaster', rate: 2 },
  { item: 'wall.masonry.area_net', material: 'paint', rate: 2 },
  { item: 'wall.block.area_net', material: 'concrete_block', rate: 12.5 },
  { item: 'wall.block.area_net', material: 'mortar', rate: 0.01 },
  { item: 'wall.block.area_net', material: 'plaster', rate: 2 },
  { item: 'wall.block.area_net', material: 'paint', rate: 2 },
  { item: 'wall.drywall.area_net', material: 'drywall', rate: 2 },
  { item: 'wall.drywall.area_net', material: 'metal_stud', rate: 2.4 },
  { item: 'wall.drywall.area_net', material: 'insulation', rate: 1 },
  { item: 'wall.drywall.area_net', material: 'paint', rate: 2 },
  { item: 'slab.volume', material: 'concrete', rate: 1 },
  { item: 'slab.volume', material: 'rebar', rate: 100 },
  { item: 'slab.area', material: 'formwork', rate: 1 },
  { item: 'footing.volume', material: 'concrete', rate: 1 },
  { item: 'footing.volume', material: 'rebar', rate: 60 },
  { item: 'footing.volume', material: 'formwork', rate: 2 },
  { item: 'column.volume', material: 'concrete', rate: 1 },
  { item: 'column.volume', material: 'rebar', rate: 150 },
  { item: 'column.perimeter', material: 'formwork', rate: 3 },
  { item: 'beam.length', material: 'structural_steel', rate: 36 },
  { item: 'roof.area', material: 'roofing', rate: 1.1 },
  { item: 'roof.area', material: 'insulation', rate: 1 },
  { item: 'roof.area', material: 'timber', rate: 0.03 },
  { item: 'finish.area.', material: 'floor_tile', rate: 1 },
  { item: 'door.count', material: 'door', rate: 1 },
  { item: 'window.count', material: 'window', rate: 1 },
  { item: 'window.area', material: 'glass', rate: 0.8 },
  { item: 'plumbing_fixture.count', material: 'plumbing_fixture', rate: 1 },
  { item: 'pipe.length', material: 'pipe', rate: 1 },
];
