// What the IFC reader reports: elements by IFC class with summed quantities, and storeys.

/** One IFC class of `measurements.elements`. */
export interface IfcClassSummary {
  count: number;
  /** Quantity name → sum over the class's elements (SI: m, m², m³, kg). */
  quantities: Record<string, number>;
  /** Names of quantities computed from geometry for at least one element (not given by the model). */
  computed: string[];
  /** Type names (IfcWallType …) → elements of that type. */
  types: Record<string, number>;
  /** Material names → elements made of it. */
  materials: Record<string, number>;
}

/** One building storey and what it contains. */
export interface IfcStorey {
  name: string;
  /** Elevation in metres, as the model states it. */
  elevation: number | null;
  /** IFC class → elements contained in the storey. */
  elements: Record<string, number>;
}

/** `measurements.elements` and `measurements.storeys` of an IFC model. */
export interface IfcMeasurements {
  elements: Record<string, IfcClassSummary>;
  storeys: IfcStorey[];
}
