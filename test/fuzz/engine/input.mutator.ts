// Mutations of fuzz inputs: byte-level (bit flips, insert, delete, copy, splice) and token-level for the text
// formats (DXF group-code pairs, STEP lines and numbers), from a seeded generator so a run can be repeated.

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

/** How inputs of a target are shaped, so token-level mutations know what a token is. */
export type InputShape = 'dxf' | 'step' | 'binary';

/** Values that break number parsers and bounds checks. */
const ODD_NUMBERS = [
  '0',
  '-1',
  '1e308',
  '-1e308',
  '1e-320',
  'NaN',
  'Infinity',
  '4294967296',
  '2147483647',
  '-0',
  '9'.repeat(40),
  '0.5',
  '1e6',
  '',
  ' ',
  'x',
];
/** Group codes the DXF reader gives a meaning. */
const DXF_CODES = [
  0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 40, 41, 42, 43, 44, 50, 51, 62, 66, 70, 71,
  72, 73, 74, 75, 76, 90, 91, 92, 93, 94, 95, 96, 97, 210, 220, 230, 330, 1001, 1071, -1, 999,
];

/** Mutates inputs of one shape, splicing in corpus entries and tokens of its dictionary. */
export class Mutator {
  constructor(
    private readonly random: Random,
    private readonly shape: InputShape,
    private readonly dictionary: readonly string[],
    private readonly maxLength: number,
  ) {}

  /** One to four stacked mutations of `input`; `other` is another corpus entry to splice from. */
  mutate(input: Uint8Array, other: Uint8Array): Uint8Array {
    let out = input;
    const rounds = 1 + this.random.below(4);
    for (let i = 0; i < rounds; i++) {
      const textual = this.shape !== 'binary' && this.random.next() < 0.6;
      out = textual ? this.mutateText(out) : this.mutateBytes(out, other);
    }
    return out.length > this.maxLength ? out.subarray(0, this.maxLength) : out;
  }

  private mutateBytes(input: Uint8Array, other: Uint8Array): Uint8Array {
    const r = this.random;
    const at = r.below(input.length + 1);
    switch (r.below(7)) {
      case 0: {
        if (input.length === 0) return input;
        const out = input.slice();
        const i = r.below(out.length);
        out[i] = out[i]! ^ (1 << r.below(8));
        return out;
      }
      case 1: {
        if (input.length === 0) return input;
        const out = input.slice();
        out[r.below(out.length)] = r.pick([0, 0xff, 0x7f, 0x80, 10, 13, 48, 45, 46, 101, 32]);
        return out;
      }
      case 2:
        return concat(input.subarray(0, at), randomBytes(r, 1 + r.below(8)), input.subarray(at));
      case 3:
        return concat(input.subarray(0, at), input.subarray(at + 1 + r.below(64)));
      case 4: {
        const from = r.below(input.length + 1);
        const chunk = input.subarray(from, from + 1 + r.below(256));
        return concat(input.subarray(0, at), chunk, input.subarray(at));
      }
      case 5: {
        const from = r.below(other.length + 1);
        return concat(input.subarray(0, at), other.subarray(from, from + 1 + r.below(1024)));
      }
      default:
        return concat(input.subarray(0, at), encode(r.pick(this.dictionary)), input.subarray(at));
    }
  }

  private mutateText(input: Uint8Array): Uint8Array {
    const lines = new TextDecoder('latin1').decode(input).split('\n');
    const mutated = this.shape === 'dxf' ? this.mutateDxfPairs(lines) : this.mutateStepLines(lines);
    return encode(mutated.join('\n'));
  }

  /** DXF is (group code, value) line pairs: mutate whole pairs, codes or values. */
  private mutateDxfPairs(lines: string[]): string[] {
    const r = this.random;
    const pairs = Math.floor(lines.length / 2);
    const p = 2 * r.below(Math.max(pairs, 1));
    const out = lines.slice();
    switch (r.below(7)) {
      case 0:
        out.splice(p, 2);
        break;
      case 1:
        out.splice(2 * r.below(pairs + 1), 0, ...lines.slice(p, p + 2 * (1 + r.below(8))));
        break;
      case 2:
        out[p] = String(r.pick(DXF_CODES));
        break;
      case 3:
        out[p + 1] = r.pick(ODD_NUMBERS);
        break;
      case 4:
        out[p + 1] = numberNear(r, out[p + 1] ?? '0');
        break;
      case 5: {
        const q = 2 * r.below(Math.max(pairs, 1));
        [out[p], out[p + 1], out[q], out[q + 1]] = [out[q]!, out[q + 1]!, out[p]!, out[p + 1]!];
        break;
      }
      default:
        out.splice(p, 0, ...r.pick(this.dictionary).split('\n'));
    }
    return out;
  }

  /** STEP (IFC) is one entity a line: mutate lines, numbers and #references. */
  private mutateStepLines(lines: string[]): string[] {
    const r = this.random;
    const i = r.below(lines.length);
    const out = lines.slice();
    const line = out[i] ?? '';
    switch (r.below(5)) {
      case 0:
        out.splice(i, 1);
        break;
      case 1:
        out.splice(r.below(out.length + 1), 0, line);
        break;
      case 2:
        out[i] = replaceNth(r, line, /-?\d+(\.\d+)?(E[-+]?\d+)?/gi, () => r.pick(ODD_NUMBERS));
        break;
      case 3:
        out[i] = replaceNth(r, line, /#\d+/g, () => `#${r.pick([0, 1, 2, 99999999, r.below(500)])}`);
        break;
      default:
        out.splice(i, 0, r.pick(this.dictionary));
    }
    return out;
  }
}

function numberNear(r: Random, text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return r.pick(ODD_NUMBERS);
  return String(r.pick([n + 1, n - 1, -n, n * 1000, n / 1000, n * 2 ** 31, Math.round(n)]));
}

function replaceNth(r: Random, line: string, pattern: RegExp, replacement: () => string): string {
  const matches = [...line.matchAll(pattern)];
  if (matches.length === 0) return line;
  const m = r.pick(matches);
  return line.slice(0, m.index) + replacement() + line.slice(m.index + m[0].length);
}

function randomBytes(r: Random, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => r.below(256));
}

function encode(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
