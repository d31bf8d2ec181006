// Base quantities of an IFC element computed from its mesh, named as the Qto_*BaseQuantities sets name them.
import type { MeshFigures } from './ifc-geometry.calculator.ts';
import type { IfcElement } from './ifc.reader.ts';

/** Which family of base quantities an IFC class gets. */
type Family = 'wall' | 'slab' | 'space' | 'opening' | 'filling' | 'column' | 'linear' | 'solid';

const FAMILY: Record<string, Family> = {
  IfcWall: 'wall',
  IfcWallStandardCase: 'wall',
  IfcWallElementedCase: 'wall',
  IfcCurtainWall: 'wall',
  IfcSlab: 'slab',
  IfcSlabStandardCase: 'slab',
  IfcRoof: 'slab',
  IfcPlate: 'slab',
  IfcCovering: 'slab',
  IfcSpace: 'space',
  IfcOpeningElement: 'opening',
  IfcDoor: 'filling',
  IfcWindow: 'filling',
  IfcColumn: 'column',
  IfcBeam: 'linear',
  IfcMember: 'linear',
  IfcRailing: 'linear',
};

/** An opening's area in the face of its host: its volume over its depth through the host (a slab's or a wall's). */
function openingArea(o: MeshFigures): number {
  return o.mainFaceDepth > 0 ? o.volume / o.mainFaceDepth : 0;
}

/** Quantities of `e` from its geometry (m, m², m³); `openings` gives the openings that void it. */
export function computedQuantities(
  e: IfcElement,
  openings: ReadonlyMap<number, IfcElement>,
): Record<string, number> {
  const m = e.mesh;
  const family = FAMILY[e.ifcClass] ?? 'solid';
  if (family === 'filling' && e.overall) {
    const { width, height } = e.overall;
    // the opening it fills knows the true shape (a round window is not width × height)
    const filled = e.fills === undefined ? undefined : openings.get(e.fills)?.mesh;
    return { Width: width, Height: height, Area: filled ? openingArea(filled) : width * height };
  }
  if (!m) return {};
  const voided = e.openings.reduce((s, id) => {
    const o = openings.get(id)?.mesh;
    return s + (o ? openingArea(o) : 0);
  }, 0);
  switch (family) {
    case 'wall': {
      const width = m.mainFaceDepth;
      return {
        Length: m.sideLength,
        Height: m.height,
        Width: width,
        NetSideArea: m.sideArea,
        GrossSideArea: m.sideArea + voided,
        NetVolume: m.volume,
        GrossVolume: m.volume + voided * width,
      };
    }
    case 'slab': {
      const width = m.mainFaceDepth;
      return {
        Width: width,
        NetArea: m.mainFaceArea,
        GrossArea: m.mainFaceArea + voided,
        NetVolume: m.volume,
        GrossVolume: m.volume + voided * width,
      };
    }
    // the floor as modelled: finishes and reductions that net it down are not in the geometry
    case 'space':
      return { Height: m.height, GrossFloorArea: m.downArea, NetVolume: m.volume };
    case 'opening':
    case 'filling':
      return { Width: m.alongAxis, Height: m.height, Area: openingArea(m) };
    case 'column':
      return {
        Length: m.height,
        NetVolume: m.volume,
        GrossVolume: m.volume,
        CrossSectionArea: m.height > 0 ? m.volume / m.height : 0,
      };
    case 'linear':
      return {
        Length: m.principalLength,
        NetVolume: m.volume,
        GrossVolume: m.volume,
        CrossSectionArea: m.principalLength > 0 ? m.volume / m.principalLength : 0,
      };
    case 'solid':
      return { NetVolume: m.volume, GrossVolume: m.volume };
  }
}
