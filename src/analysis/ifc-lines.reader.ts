// Typed access to the lines (entity instances) of an open web-ifc model, references followed by hand.

/** The part of web-ifc's API this module uses. */
export interface IfcLineSource {
  GetTypeCodeFromName(name: string): number;
  GetLineIDsWithType(id: number, type: number): { size(): number; get(i: number): number };
  GetLine(id: number, expressId: number, flatten?: boolean): Record<string, unknown>;
  GetLineType(id: number, expressId: number): number;
  GetNameFromTypeCode(type: number): string;
}

/** A reference attribute as web-ifc returns it unflattened. */
export interface IfcRef {
  type: number;
  value: number;
}

/** Most reference hops followed when resolving materials: a reference cycle ends here. */
const MAX_HOPS = 16;
const REF = 5;

/** Lines of one model; never flattens, so a reference cycle in the file cannot recurse. */
export class IfcLines {
  constructor(
    private readonly api: IfcLineSource,
    private readonly modelId: number,
  ) {}

  /** Express ids of the instances of exactly this class (e.g. `IfcWall`). */
  idsOf(ifcClass: string): number[] {
    const code = this.api.GetTypeCodeFromName(ifcClass.toUpperCase());
    if (!code) return [];
    const v = this.api.GetLineIDsWithType(this.modelId, code);
    return Array.from({ length: v.size() }, (_, i) => v.get(i));
  }

  get(id: number): Record<string, unknown> {
    return this.api.GetLine(this.modelId, id, false) ?? {};
  }

  /** The class name in IFC spelling (`IfcElementQuantity`), or '' for an unknown id. */
  className(id: number): string {
    return this.api.GetNameFromTypeCode(this.api.GetLineType(this.modelId, id)) ?? '';
  }

  str(v: unknown): string | undefined {
    const value = (v as { value?: unknown } | null | undefined)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  num(v: unknown): number | undefined {
    const value = (v as { value?: unknown } | null | undefined)?.value ?? v;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  ref(v: unknown): number | undefined {
    const r = v as IfcRef | null | undefined;
    return r && r.type === REF && typeof r.value === 'number' ? r.value : undefined;
  }

  refs(v: unknown): number[] {
    return Array.isArray(v)
      ? v.flatMap((r) => (this.ref(r) === undefined ? [] : [this.ref(r) as number]))
      : [];
  }

  /** Names of the materials behind a material select (layer sets, lists, constituents, profiles, usages). */
  materialNames(id: number | undefined): string[] {
    const out = new Set<string>();
    const visit = (at: number | undefined, hops: number): void => {
      if (at === undefined || hops > MAX_HOPS) return;
      const line = this.get(at);
      const cls = this.className(at).toLowerCase();
      if (cls === 'ifcmaterial') {
        const name = this.str(line.Name);
        if (name) out.add(name);
        return;
      }
      const next = [
        this.ref(line.ForLayerSet),
        this.ref(line.ForProfileSet),
        this.ref(line.Material),
        ...this.refs(line.MaterialLayers),
        ...this.refs(line.Materials),
        ...this.refs(line.MaterialConstituents),
        ...this.refs(line.MaterialProfiles),
      ];
      for (const n of next) visit(n, hops + 1);
    };
    visit(id, 0);
    return [...out];
  }
}
