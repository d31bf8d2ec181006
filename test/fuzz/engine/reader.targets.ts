// The drawing readers as fuzz targets. A clean failure is the readers' own parse error (DrawingAnalysisError,
// which the API answers as 422); any other exception is a crash.
import { DrawingAnalysisError } from '../../../src/analysis/analysis.errors.ts';
import { DEFAULT_LIMITS } from '../../../src/analysis/analysis.limits.ts';
import { analyzeBytes } from '../../../src/analysis/analyze.pipeline.ts';
import { readDwg } from '../../../src/analysis/dwg.reader.ts';
import { readDxf } from '../../../src/analysis/dxf.reader.ts';
import { readIfc } from '../../../src/analysis/ifc.reader.ts';
import { readPdf } from '../../../src/analysis/pdf.reader.ts';
import type { InputShape } from './input.mutator.ts';

/** One reader under fuzzing. */
export interface ReaderTarget {
  /** Runs the reader on `bytes`; throws what the reader throws. */
  run: (bytes: Uint8Array) => unknown;
  /** Scripts whose blocks count as coverage. */
  covers: (url: string) => boolean;
  shape: InputShape;
  /** Tokens the mutator splices in. */
  dictionary: readonly string[];
}

const ANALYSIS = '/src/analysis/';

const DXF_TOKENS = [
  '0\nSECTION\n2\nENTITIES',
  '0\nENDSEC',
  '0\nEOF',
  '0\nSECTION\n2\nBLOCKS',
  '0\nSECTION\n2\nTABLES',
  '0\nSECTION\n2\nHEADER',
  '9\n$INSUNITS\n70\n4',
  '9\n$MEASUREMENT\n70\n1',
  '9\n$DIMLUNIT\n70\n4',
  '9\n$EXTMIN\n10\n0\n20\n0',
  '0\nLINE\n8\nA-WALL\n10\n0\n20\n0\n11\n1\n21\n0',
  '0\nLWPOLYLINE\n90\n2\n70\n1',
  '0\nPOLYLINE\n66\n1',
  '0\nVERTEX\n10\n1\n20\n1\n42\n1',
  '0\nSEQEND',
  '0\nARC\n10\n0\n20\n0\n40\n1\n50\n0\n51\n90',
  '0\nCIRCLE\n10\n0\n20\n0\n40\n1',
  '0\nINSERT\n2\nB\n10\n0\n20\n0\n41\n2\n50\n45',
  '0\nBLOCK\n2\nB\n10\n0\n20\n0',
  '0\nENDBLK',
  '0\nHATCH\n91\n1\n92\n2\n93\n4',
  '0\nHATCH\n91\n1\n92\n1\n93\n1\n72\n4\n94\n3\n73\n0\n95\n5\n96\n4',
  '0\nSPLINE\n71\n3\n72\n8\n73\n4',
  '0\nELLIPSE\n11\n1\n21\n0\n40\n0.5\n41\n0\n42\n6.28',
  '0\nTEXT\n1\nROOM 1',
  '0\nMTEXT\n1\n\\PKITCHEN',
  '0\nDIMENSION\n70\n0\n42\n1000',
  '0\nLAYER\n2\nA-DOOR\n70\n0\n62\n7',
  '0\nTABLE\n2\nLAYER',
  '0\nENDTAB',
  '0\nSOLID',
  '0\n3DFACE',
  '0\nPOINT',
  '8\nA-GLAZ',
  '8\nS-COLS',
  '2\nDOOR',
  '2\n*U1',
  '999\ncomment',
];
const STEP_TOKENS = [
  'ISO-10303-21;',
  'HEADER;',
  'ENDSEC;',
  'DATA;',
  'END-ISO-10303-21;',
  "FILE_SCHEMA(('IFC4'));",
  "#1=IFCWALL('0',$,$,$,$,#2,#3,$,$);",
  '#2=IFCLOCALPLACEMENT($,#4);',
  '#4=IFCAXIS2PLACEMENT3D(#5,$,$);',
  '#5=IFCCARTESIANPOINT((0.,0.,0.));',
  '#6=IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.);',
  "#7=IFCQUANTITYLENGTH('Length',$,$,5.,$);",
  "#8=IFCELEMENTQUANTITY('0',$,'Qto_WallBaseQuantities',$,$,(#7));",
  "#9=IFCRELDEFINESBYPROPERTIES('0',$,$,$,(#1),#8);",
  "#10=IFCBUILDINGSTOREY('0',$,'L1',$,$,#2,$,$,.ELEMENT.,3000.);",
  "#11=IFCRELCONTAINEDINSPATIALSTRUCTURE('0',$,$,$,(#1),#10);",
  '#12=IFCEXTRUDEDAREASOLID(#13,#4,#14,3000.);',
  '#13=IFCRECTANGLEPROFILEDEF(.AREA.,$,$,5000.,200.);',
  "#15=IFCDOOR('0',$,$,$,$,#2,$,$,2100.,900.,$,$,$);",
];
const PDF_TOKENS = [
  '%PDF-1.7',
  'obj',
  'endobj',
  'stream\n',
  '\nendstream',
  'xref',
  'trailer',
  'startxref',
  '%%EOF',
  '<<',
  '>>',
  '/Type /Page',
  '/Contents 4 0 R',
  '/Length 99999',
  '/Filter /FlateDecode',
  '/MediaBox [0 0 595 842]',
  '/Resources << /XObject << /X1 5 0 R >> >>',
  '/Subtype /Form',
  ' re f ',
  ' m 100 100 l S ',
  ' cm ',
  ' q ',
  ' Q ',
  ' Do ',
  ' BT /F1 12 Tf (SCALE 1:50) Tj ET ',
  '/OCProperties',
  '/OC /L1',
  ' 0 0 1e30 1e30 re ',
  '/Kids [3 0 R]',
];

/** Every fuzzed reader by name. */
export const READER_TARGETS: Record<string, ReaderTarget> = {
  dxf: {
    run: (bytes) => readDxf(bytes, DEFAULT_LIMITS),
    covers: (url) => url.includes(ANALYSIS),
    shape: 'dxf',
    dictionary: DXF_TOKENS,
  },
  /** The whole DXF analysis (reader, block expansion, units, takeoff): where odd geometry goes. */
  'dxf-analysis': {
    run: (bytes) => analyzeBytes({ bytes, filename: 'fuzz.dxf' }),
    covers: (url) => url.includes(ANALYSIS),
    shape: 'dxf',
    dictionary: DXF_TOKENS,
  },
  pdf: {
    run: (bytes) => readPdf(bytes, DEFAULT_LIMITS),
    covers: (url) => url.includes(ANALYSIS) || url.includes('pdfjs-dist'),
    shape: 'binary',
    dictionary: PDF_TOKENS,
  },
  ifc: {
    run: (bytes) => readIfc(bytes, DEFAULT_LIMITS),
    covers: (url) => url.includes(ANALYSIS),
    shape: 'step',
    dictionary: STEP_TOKENS,
  },
  dwg: {
    run: (bytes) => readDwg(bytes, DEFAULT_LIMITS),
    covers: (url) => url.includes(ANALYSIS),
    shape: 'binary',
    dictionary: ['AC1015', 'AC1018', 'AC1024', 'AC1032', '\0\0\0\0', '\xff\xff\xff\xff'],
  },
};

/** Whether `error` is a reader's own parse error rather than a crash. */
export function isCleanFailure(error: unknown): boolean {
  return error instanceof DrawingAnalysisError;
}
