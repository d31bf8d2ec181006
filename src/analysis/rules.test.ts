import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arcVertices, pathArea, pathLength, transformPath, trs } from './geometry.math.ts';
import { classifyName, cleanLayerName, ELEMENT_CLASSES, globMatch } from './layer.classifier.ts';
import { splinePoints } from './spline.math.ts';
import { plainText, readLength, type UnitEvidence } from './unit-evidence.detector.ts';
import { decideUnits } from './units.normalizer.ts';
import { pairWalls } from './wall-pairing.matcher.ts';

const header = {
  insunits: undefined,
  measurement: undefined,
  dimlunit: undefined,
  extMin: undefined,
  extMax: undefined,
};

void describe('classification rules', () => {
  void it('reads NCS layer codes, including minor codes that make hatches and annotation', () => {
    const cases: Array<[string, string]> = [
      ['A-WALL', 'wall'],
      ['A-DOOR', 'door'],
      ['A-GLAZ', 'window'],
      ['S-COLS', 'column'],
      ['S-SLAB', 'slab'],
      ['P-PIPE', 'pipe'],
      ['S-BEAM', 'beam'],
      ['S-FNDN', 'footing'],
      ['A-ROOF', 'roof'],
      ['A-FLOR-STRS', 'stair'],
      ['A-FLOR-OTLN', 'slab'],
      ['A-FLOR-FIXT', 'plumbing_fixture'],
      ['A-STRS', 'stair'],
      ['A-WALL-PATT', 'finish'],
      ['A-DOOR-IDEN', 'annotation'],
      ['A-OPENING', 'door'],
      ['A-DOORS', 'door'],
      ['A-WALL-FULL', 'wall'],
      ['A-WALL-PRHT-E', 'wall'],
      ['AD-WALL', 'wall'],
      ['A_GLAZ_SILL', 'window'],
      ['A-GLAZ-IDEN', 'annotation'],
      ['A-FURN', 'furniture'],
      ['A-CLNG-GRID', 'finish'],
      ['S-WALL', 'wall'],
      ['S-GRID', 'annotation'],
      ['P-SANR-PIPE', 'pipe'],
      ['P-FIXT-EXST', 'plumbing_fixture'],
      ['P-DOMW-HOTW', 'pipe'],
      ['E-LITE-CLNG', 'electrical_fixture'],
      ['E-POWR-WALL', 'electrical_fixture'],
      ['E-LITE-CIRC', 'annotation'],
      ['M-HVAC-DUCT', 'duct'],
      ['M-CHIL-PIPE', 'pipe'],
      ['F-SPRN-PIPE', 'pipe'],
      ['C-TOPO', 'annotation'],
      ['WALL_0.40', 'wall'],
    ];
    for (const [name, cls] of cases) assert.equal(classifyName(name, 'layer', []).elementClass, cls, name);
  });

  void it('records the NCS code and status of the matched rule', () => {
    assert.deepEqual(classifyName('A-WALL-FULL-D', 'layer', []), {
      elementClass: 'wall',
      confidence: 0.85,
      rule: 'NCS layer code A-WALL-FULL (demolition)',
    });
    assert.equal(classifyName('A-WALL-EXST', 'layer', []).rule, 'NCS layer code A-WALL (existing)');
    assert.equal(classifyName('XY-WALL', 'layer', []).rule, 'layer name keyword "wall"');
  });

  void it('understands keywords in several languages, in layer and block names', () => {
    const cases: Array<[string, 'layer' | 'block', string]> = [
      ['Wände tragend', 'layer', 'wall'],
      ['MURS', 'layer', 'wall'],
      ['muro', 'layer', 'wall'],
      ['PUERTA', 'block', 'door'],
      ['Tür_90', 'block', 'door'],
      ['porte-fenêtre', 'block', 'door'],
      ['Fenster', 'layer', 'window'],
      ['VENTANA 120', 'block', 'window'],
      ['WC-01', 'block', 'plumbing_fixture'],
      ['Treppe', 'layer', 'stair'],
      ['colour', 'layer', 'unclassified'],
    ];
    for (const [name, kind, cls] of cases) assert.equal(classifyName(name, kind, []).elementClass, cls, name);
  });

  void it('lets a tenant mapping win, by exact name or glob, case-insensitively', () => {
    const mappings = [
      { pattern: 'MY-WALLS', elementClass: 'slab' as const },
      { pattern: 'x-*-glz', elementClass: 'window' as const },
    ];
    assert.equal(classifyName('my-walls', 'layer', mappings).elementClass, 'slab');
    assert.equal(classifyName('X-Level2-GLZ', 'layer', mappings).rule, 'tenant mapping "x-*-glz"');
    assert.ok(globMatch('A*', 'a-wall') && !globMatch('A', 'a-wall') && !globMatch('a.b', 'axb'));
    assert.ok(ELEMENT_CLASSES.includes('plumbing_fixture'));
  });

  void it('matches globs: `*` is any run of characters, everything else literal, case-insensitive', () => {
    const cases: Array<[string, string, boolean]> = [
      ['A-WALL', 'a-wall', true],
      ['A-WALL', 'a-wall-patt', false],
      ['*', '', true],
      ['*', 'anything', true],
      ['**', 'x', true],
      ['a*', 'A', true],
      ['*b', 'ab', true],
      ['*b', 'ba', false],
      ['a*b*c', 'aXbYc', true],
      ['a*b*c', 'aXbYcZ', false],
      ['a*a', 'a', false],
      ['*wall*', 'Level 2 Walls', true],
      ['a?c', 'abc', false],
      ['a?c', 'A?C', true],
      ['a.c*', 'abc', false],
      ['[a]*', '[A]-x', true],
      ['(x|y)+*', '(X|Y)+z', true],
      ['^$\\*', '^$\\end', true],
      ['Wände*', 'WÄNDE tragend', true],
    ];
    for (const [pattern, name, expected] of cases)
      assert.equal(globMatch(pattern, name), expected, `${pattern} ~ ${name}`);
  });

  void it('matches adversarial globs against long names without backtracking blow-up', () => {
    const manyStars = `${'*a'.repeat(100)}*b`;
    assert.equal(globMatch(manyStars, 'a'.repeat(10_000)), false);
    assert.equal(globMatch(manyStars, `${'a'.repeat(10_000)}b`), true);
    assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(30)), false);
    assert.equal(globMatch(`${'*'.repeat(100)}x`, 'y'.repeat(10_000)), false);
    const mappings = [{ pattern: manyStars, elementClass: 'slab' as const }];
    assert.equal(classifyName('a'.repeat(10_000), 'layer', mappings).elementClass, 'unclassified');
  });

  void it('cleans xref layer names', () => {
    assert.equal(cleanLayerName('xref-Name$0$A-WALL'), 'A-WALL');
    assert.equal(cleanLayerName('Site|A-DOOR'), 'A-DOOR');
    assert.equal(cleanLayerName('A-WALL'), 'A-WALL');
  });
});

void describe('units', () => {
  const sized = (size: number, more: Partial<UnitEvidence> = {}): UnitEvidence => ({
    size,
    doors: [],
    fixtures: [],
    textHeights: [],
    dimensions: [],
    ...more,
  });

  void it('keeps a believable declared unit and says why', () => {
    const u = decideUnits({ ...header, insunits: 4 }, sized(12_000));
    assert.deepEqual([u.name, u.metresPerUnit, u.conflict], ['millimetres', 0.001, null]);
    assert.match(u.reason, /INSUNITS=4/);
  });

  void it('guesses when the unit is missing or impossible', () => {
    assert.equal(decideUnits({ ...header, insunits: 0 }, sized(12_000)).name, 'millimetres');
    assert.equal(decideUnits({ ...header }, sized(40)).name, 'metres');
    assert.equal(decideUnits({ ...header, insunits: 7 }, sized(40)).name, 'metres');
    assert.equal(decideUnits({ ...header, insunits: 0, measurement: 0 }, sized(400)).name, 'inches');
  });

  void it('believes door swings, fixtures and dimensions over a wrong header, and says so', () => {
    const u = decideUnits(
      { ...header, insunits: 4 },
      sized(696, {
        doors: [24, 30, 32, 36, 36],
        fixtures: [{ kind: 'toilet', size: 28, range: { min: 0.55, max: 0.9 } }],
        textHeights: [6, 6, 9],
        dimensions: [{ measurement: 150, shown: `12'-6"`, metres: 150 * 0.0254, value: undefined }],
      }),
    );
    assert.equal(u.name, 'inches');
    assert.ok(u.confidence >= 0.7, `confidence ${u.confidence}`);
    assert.match(u.conflict ?? '', /INSUNITS=4 declares millimetres/);
    assert.deepEqual(
      u.votes.map((v) => [v.kind, v.agree, v.items]),
      [
        ['header', 0, 1],
        ['extents', 1, 1],
        ['doors', 5, 5],
        ['fixtures', 1, 1],
        ['text heights', 3, 3],
        ['dimensions', 1, 1],
      ],
    );
  });

  void it('tells feet from inches by a dimension that shows its unit', () => {
    const u = decideUnits(
      { ...header },
      sized(60, { dimensions: [{ measurement: 12.5, shown: `12'-6"`, metres: 3.81, value: undefined }] }),
    );
    assert.equal(u.name, 'feet');
  });

  void it('uses the per-file override, and reports evidence that disagrees', () => {
    const u = decideUnits({ ...header, insunits: 4 }, sized(12_000, { doors: [900, 800] }), 'in');
    assert.deepEqual([u.name, u.confidence, u.override], ['inches', 1, 'in']);
    assert.match(u.conflict ?? '', /points to millimetres/);
  });

  void it('reads shown lengths in feet-inches, inches, metric units and bare numbers', () => {
    assert.ok(Math.abs((readLength(`12'-6 1/2"`)?.metres ?? 0) - 150.5 * 0.0254) < 1e-9);
    assert.ok(Math.abs((readLength(`28"`)?.metres ?? 0) - 28 * 0.0254) < 1e-9);
    assert.ok(Math.abs((readLength('350 mm')?.metres ?? 0) - 0.35) < 1e-12);
    assert.deepEqual(readLength('1504,68'), { metres: undefined, value: 1504.68 });
    assert.equal(readLength('108°'), undefined);
    assert.equal(plainText('\\A1;{\\H0.7x;R1.08}'), 'R1.08');
    assert.equal(plainText('3\'-4\\S1/2;"'), `3'-4 1/2"`);
  });
});

void describe('geometry', () => {
  void it('measures bulge arcs and circles exactly', () => {
    const circle = arcVertices({ x: 1, y: 2 }, 3, 0, 2 * Math.PI);
    assert.ok(Math.abs(pathArea(circle) - Math.PI * 9) < 1e-9);
    assert.ok(Math.abs(pathLength(circle, true) - 6 * Math.PI) < 1e-9);
    const quarter = arcVertices({ x: 0, y: 0 }, 2, 0, Math.PI / 2);
    assert.ok(Math.abs(pathLength(quarter, false) - Math.PI) < 1e-9);
  });

  void it('keeps arcs through mirrors and samples them under non-uniform scale', () => {
    const quarter = arcVertices({ x: 0, y: 0 }, 1, 0, Math.PI / 2);
    const mirrored = transformPath(trs(0, 0, 0, -1, 1), quarter, false);
    assert.equal(mirrored.length, 2);
    assert.ok(Math.abs(pathLength(mirrored, false) - Math.PI / 2) < 1e-9);
    const stretched = transformPath(trs(0, 0, 0, 2, 1), quarter, false);
    assert.ok(stretched.length > 2);
    // Quarter of an ellipse with semi-axes 2 and 1: 2.4221 (elliptic integral).
    assert.ok(Math.abs(pathLength(stretched, false) - 2.4221) < 0.01);
  });

  void it('interpolates fit-point splines through their points', () => {
    const fit = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 0 },
    ];
    const pts = splinePoints({
      degree: 3,
      closed: false,
      controlPoints: [],
      knots: [],
      weights: undefined,
      fitPoints: fit,
      startTangent: undefined,
      endTangent: undefined,
    });
    for (const p of fit) assert.ok(pts.some((q) => Math.hypot(q.x - p.x, q.y - p.y) < 1e-9));
  });

  void it('pairs a wall interrupted by a door with its continuous partner and bridges the opening', () => {
    const faces = [
      { a: { x: 0, y: 0 }, b: { x: 10, y: 0 }, layer: 'W', handle: '1' },
      { a: { x: 0, y: 0.2 }, b: { x: 4, y: 0.2 }, layer: 'W', handle: '2' },
      { a: { x: 5, y: 0.2 }, b: { x: 10, y: 0.2 }, layer: 'W', handle: '3' },
    ];
    const pieces = pairWalls(faces);
    assert.deepEqual(
      pieces
        .map((p) => [
          Math.round(p.length * 1000) / 1000,
          p.thickness === undefined ? null : Math.round(p.thickness * 1000) / 1000,
          p.gap,
        ])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [1, 0.2, true],
        [4, 0.2, false],
        [5, 0.2, false],
      ],
      'two paired pieces and the bridged 1 m opening; no single line across the opening',
    );
  });
});

void describe('object coordinate systems', () => {
  void it('mirrors entities and inserts whose extrusion is -Z', async () => {
    const { readDxf } = await import('./dxf.reader.ts');
    const { expandDrawing } = await import('./block-expander.normalizer.ts');
    const { extentsOf } = await import('./measurements.calculator.ts');
    const { DEFAULT_LIMITS } = await import('./analysis.limits.ts');
    const text = [
      '0\nSECTION\n2\nBLOCKS\n0\nBLOCK\n2\nB\n10\n0\n20\n0',
      '0\nLINE\n8\n0\n10\n0\n20\n0\n11\n2\n21\n0',
      '0\nENDBLK\n0\nENDSEC\n0\nSECTION\n2\nENTITIES',
      '0\nARC\n8\nA\n10\n1\n20\n0\n40\n1\n50\n0\n51\n90\n230\n-1',
      '0\nINSERT\n8\nA\n2\nB\n10\n5\n20\n3\n230\n-1',
      '0\nENDSEC\n0\nEOF\n',
    ].join('\n');
    const drawing = readDxf(new TextEncoder().encode(text), DEFAULT_LIMITS);
    const expanded = expandDrawing(drawing, DEFAULT_LIMITS);
    const [arc, , line] = expanded.entities;
    assert.ok(arc?.geometry.kind === 'path' && line?.geometry.kind === 'path');
    // OCS x is world -x: the arc from (2,0)…(1,1) lands at (-2,0)…(-1,1); the insert at (-5,3) draws towards -x.
    const pts = (g: typeof arc.geometry) =>
      g.kind === 'path'
        ? g.vertices.map((v) => [Math.round(v.x * 1e9) / 1e9, Math.round(v.y * 1e9) / 1e9])
        : [];
    assert.deepEqual(
      pts(arc.geometry).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
      [
        [-2, 0],
        [-1, 1],
      ],
    );
    assert.deepEqual(pts(line.geometry), [
      [-5, 3],
      [-7, 3],
    ]);
    assert.deepEqual(extentsOf(expanded), { min: { x: -7, y: 0 }, max: { x: -1, y: 3 } });
  });
});
