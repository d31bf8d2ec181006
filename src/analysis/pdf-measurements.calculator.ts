// `measurements.pages` of a PDF: per page, the DXF/DWG measurements of its entities, in metres at the sheet's scale.
import type { ExpandedDrawing } from './block-expander.normalizer.ts';
import { measure, type LayerMeasurement } from './measurements.calculator.ts';
import type { SheetScale } from './pdf-scale.reader.ts';
import type { PdfPageInfo } from './pdf.reader.ts';

/** One page of `measurements.pages`. */
export interface PageMeasurement {
  page: number;
  vector: boolean;
  scale: SheetScale | null;
  /** Present when the sheet has notes of different scales: each note, where it is (PDF points), its paths. */
  viewports?: PdfPageInfo['viewports'];
  /** Total length of the stroked paths (metres at the sheet's scale; paper metres when `scale` is null). */
  length: number;
  layers: Record<string, LayerMeasurement>;
}

/** Measures each page's entities (their handles start with the page's prefix). */
export function measurePages(expanded: ExpandedDrawing, pages: readonly PdfPageInfo[]): PageMeasurement[] {
  return pages.map((p) => {
    const entities = expanded.entities.filter((e) => e.handle.startsWith(p.handlePrefix));
    const { layers } = measure({ entities, instances: [] }, 6);
    const length = Object.values(layers).reduce((s, l) => s + l.length, 0);
    return {
      page: p.page,
      vector: p.vector,
      scale: p.scale,
      ...(p.viewports ? { viewports: p.viewports } : {}),
      length,
      layers,
    };
  });
}
