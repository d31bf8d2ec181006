// Layer and block names → element class: tenant overrides, then AIA/NCS layer codes, then multilingual keywords.
import { matchNcs } from './ncs-layer.classifier.ts';

/** Every element class the takeoff knows (the lead builds the API schema from this list). */
export const ELEMENT_CLASSES = [
  'wall',
  'slab',
  'footing',
  'column',
  'beam',
  'roof',
  'door',
  'window',
  'stair',
  'plumbing_fixture',
  'electrical_fixture',
  'pipe',
  'duct',
  'finish',
  'furniture',
  'annotation',
  'unclassified',
] as const;

/** One of {@link ELEMENT_CLASSES}. */
export type ElementClass = (typeof ELEMENT_CLASSES)[number];

/** A tenant's mapping: exact layer/block name or glob with `*`, case-insensitive. */
export interface LayerMapping {
  pattern: string;
  elementClass: ElementClass;
}

/** The class of a name with how sure we are and which rule said so. */
export interface Classification {
  elementClass: ElementClass;
  confidence: number;
  rule: string;
}

/** Keywords per class in English, German, French, Spanish, Italian, Portuguese, Dutch; most specific classes first. */
const KEYWORDS: Array<[ElementClass, string[]]> = [
  ['door', ['door', 'tür', 'tuer', 'türe', 'porte', 'puerta', 'porta', 'deur']],
  [
    'window',
    ['window', 'fenster', 'fenêtre', 'fenetre', 'ventana', 'finestra', 'janela', 'raam', 'glazing', 'glaz'],
  ],
  [
    'plumbing_fixture',
    [
      'toilet',
      'sink',
      'basin',
      'lavabo',
      'bathtub',
      'shower',
      'urinal',
      'bidet',
      'waschbecken',
      'dusche',
      'inodoro',
      'ducha',
      'sanitary',
      'sanitär',
      'sanitario',
      'plumbing',
      'fixture',
      'wc',
      'lav',
      'lavatory',
      'tub',
      'vanity',
    ],
  ],
  [
    'electrical_fixture',
    [
      'light',
      'luminaire',
      'lighting',
      'outlet',
      'receptacle',
      'socket',
      'switch',
      'leuchte',
      'steckdose',
      'electrical',
      'elec',
      'eléctrico',
      'electrico',
    ],
  ],
  ['duct', ['duct', 'hvac', 'ductwork', 'lüftung', 'lueftung', 'gaine', 'ducto', 'conducto']],
  ['stair', ['stair', 'treppe', 'escalier', 'escalera', 'scala']],
  [
    'column',
    ['column', 'stütze', 'stuetze', 'poteau', 'columna', 'pilar', 'pilier', 'colonna', 'col', 'cols'],
  ],
  ['beam', ['beam', 'träger', 'traeger', 'poutre', 'viga', 'trave']],
  [
    'footing',
    ['footing', 'foundation', 'fundament', 'fondation', 'cimentacion', 'cimentación', 'zapata', 'fondazione'],
  ],
  ['roof', ['roof', 'dach', 'toit', 'toiture', 'techo', 'cubierta', 'tejado', 'tetto', 'telhado']],
  [
    'slab',
    [
      'slab',
      'floor',
      'boden',
      'decke',
      'dalle',
      'plancher',
      'losa',
      'forjado',
      'piso',
      'solaio',
      'laje',
      'vloer',
    ],
  ],
  [
    'wall',
    [
      'wall',
      'wand',
      'wände',
      'mauer',
      'mur',
      'murs',
      'muro',
      'muros',
      'pared',
      'paredes',
      'tabique',
      'parete',
      'parede',
      'muur',
      'partition',
      'cloison',
    ],
  ],
  ['pipe', ['pipe', 'piping', 'rohr', 'leitung', 'tuyau', 'tubería', 'tuberia', 'tubo', 'drain']],
  [
    'furniture',
    [
      'furniture',
      'furn',
      'sofa',
      'chair',
      'desk',
      'bed',
      'table',
      'mesa',
      'silla',
      'cama',
      'mueble',
      'muebles',
      'möbel',
      'moebel',
      'mobilier',
      'equipment',
      'equip',
      'appliance',
    ],
  ],
  ['finish', ['hatch', 'finish', 'tile', 'fliesen', 'carrelage', 'azulejo', 'texture', 'pattern', 'patt']],
  [
    'annotation',
    [
      'dim',
      'dims',
      'dimension',
      'text',
      'texte',
      'anno',
      'annotation',
      'note',
      'notes',
      'defpoints',
      'title',
      'grid',
      'axis',
      'names',
      'label',
      'viewport',
      'vport',
      'cota',
      'cotas',
      'bemassung',
      'topo',
      'topography',
      'contour',
      'projection',
      'nivel',
      'overhead',
    ],
  ],
];

/** Keywords of at most this length must be a whole word (so `col` does not match `colour`). */
const SHORT_KEYWORD = 3;

/** `xref-Name$0$A-WALL` → `A-WALL`, `Name|A-WALL` → `A-WALL`; other names unchanged. */
export function cleanLayerName(raw: string): string {
  const bound = raw.replace(/^.*\$\d+\$/, '');
  const pipe = bound.lastIndexOf('|');
  return (pipe >= 0 ? bound.slice(pipe + 1) : bound).trim();
}

/** Classifies a layer or block name; overrides win, then NCS codes (layers only), then keywords. */
export function classifyName(
  name: string,
  kind: 'layer' | 'block',
  overrides: readonly LayerMapping[],
): Classification {
  const override = overrides.find((m) => globMatch(m.pattern, name));
  if (override)
    return {
      elementClass: override.elementClass,
      confidence: 1,
      rule: `tenant mapping "${override.pattern}"`,
    };
  const clean = kind === 'layer' ? cleanLayerName(name) : name;
  if (clean !== name) {
    const cleanOverride = overrides.find((m) => globMatch(m.pattern, clean));
    if (cleanOverride)
      return {
        elementClass: cleanOverride.elementClass,
        confidence: 1,
        rule: `tenant mapping "${cleanOverride.pattern}"`,
      };
  }
  const ncs = kind === 'layer' ? matchNcs(clean) : undefined;
  if (ncs) {
    const status = ncs.status ? ` (${ncs.status})` : '';
    return {
      elementClass: ncs.elementClass,
      confidence: ncs.status === 'demolition' ? 0.85 : 0.95,
      rule: `NCS layer code ${ncs.code}${status}`,
    };
  }
  const lower = clean.toLowerCase();
  const words = lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (const [elementClass, keywords] of KEYWORDS) {
    const hit = keywords.find((k) => (k.length <= SHORT_KEYWORD ? words.includes(k) : lower.includes(k)));
    if (hit)
      return {
        elementClass,
        confidence: kind === 'layer' ? 0.8 : 0.75,
        rule: `${kind} name keyword "${hit}"`,
      };
  }
  return { elementClass: 'unclassified', confidence: 0, rule: 'no rule matched' };
}

/**
 * Case-insensitive match of an exact name or a `*` glob (`*` is any run of characters, every other
 * character is literal), in O(pattern × name) time whatever the pattern: greedy, and on a mismatch it
 * only retries from the last `*` (a regex with one `.*` per star backtracks exponentially).
 */
export function globMatch(pattern: string, name: string): boolean {
  const glob = pattern.toLowerCase();
  const text = name.toLowerCase();
  if (!glob.includes('*')) return glob === text;
  let g = 0;
  let t = 0;
  let lastStar = -1;
  let starText = 0;
  while (t < text.length) {
    if (glob[g] === '*') {
      lastStar = g++;
      starText = t;
    } else if (g < glob.length && glob[g] === text[t]) {
      g++;
      t++;
    } else if (lastStar >= 0) {
      // The last star swallows one more character; earlier stars never need to change.
      g = lastStar + 1;
      t = ++starText;
    } else return false;
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}
