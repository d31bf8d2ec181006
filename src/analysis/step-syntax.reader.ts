// ISO 10303-21 (STEP) syntax of an IFC file, checked in JavaScript before web-ifc sees it: web-ifc's tokenizer
// takes malformed text without complaint and its geometry then reads past a line's end and never returns
// (test/fuzz/crashes/ifc/hang-*). Yields each instance's top-level attributes for the schema check.
import { DrawingAnalysisError } from './analysis.errors.ts';

/**
 * One entity instance of the DATA section. `kinds` has a letter per attribute as web-ifc numbers them
 * (derived `*` attributes left out): `L` a list, `$` unset, `V` any other value.
 */
export interface StepInstance {
  line: number;
  id: number;
  name: string;
  kinds: string;
}

/** Deepest list nesting taken (IFC nests four deep at most); deeper is refused, not recursed into. */
const MAX_DEPTH = 64;
const MAX_ID = 2 ** 31 - 1;
const HASH = 0x23; // #
const DOLLAR = 0x24; // $
const QUOTE = 0x27; // '
const DQUOTE = 0x22; // "
const LPAREN = 0x28;
const RPAREN = 0x29;
const STAR = 0x2a;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const SEMI = 0x3b;
const EQUALS = 0x3d;
const NEWLINE = 10;
const LATIN1 = new TextDecoder('latin1');

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === NEWLINE;

/** The instances of a STEP file whose syntax is sound; throws MALFORMED_DRAWING naming the line otherwise. */
export function readStepInstances(bytes: Uint8Array): StepInstance[] {
  return new StepScanner(bytes).file();
}

class StepScanner {
  private at = 0;
  private line = 1;

  constructor(private readonly bytes: Uint8Array) {}

  file(): StepInstance[] {
    if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.at = 3;
    this.statement('ISO-10303-21');
    this.statement('HEADER');
    while (!this.startsWith('ENDSEC')) this.entity();
    this.statement('ENDSEC');
    const instances: StepInstance[] = [];
    const ids = new Set<number>();
    do {
      this.word('DATA');
      if (this.peek() === LPAREN) this.list(0);
      this.expect(SEMI, "';'");
      while (this.peek() === HASH) {
        const instance = this.instance();
        // web-ifc keeps one of the two and its geometry then never returns (crashes/ifc/hang-2ea1e28784736386)
        if (ids.has(instance.id)) this.refuse(`defines #${instance.id} a second time`, instance.line);
        ids.add(instance.id);
        instances.push(instance);
      }
      this.statement('ENDSEC');
    } while (this.startsWith('DATA'));
    this.statement('END-ISO-10303-21');
    // web-ifc reads on past the terminator (crashes/ifc/hang-7c2a3b3fedb402fa)
    if (this.peek() !== -1) this.fail('the end of the file', this.peek());
    return instances;
  }

  private instance(): StepInstance {
    const line = this.line;
    this.at++;
    const id = this.number();
    this.expect(EQUALS, "'='");
    if (this.peek() === LPAREN) {
      // a complex instance (several partial entities): its layout is not one class's, so kinds stay empty
      this.at++;
      do this.entityBody(0);
      while (this.peek() !== RPAREN);
      this.at++;
      this.expect(SEMI, "';'");
      return { line, id, name: '', kinds: '' };
    }
    const { name, kinds } = this.entityBody(0);
    this.expect(SEMI, "';'");
    return { line, id, name, kinds };
  }

  /** A header entity: `NAME(...);`. */
  private entity(): void {
    this.entityBody(0);
    this.expect(SEMI, "';'");
  }

  private entityBody(depth: number): { name: string; kinds: string } {
    const name = this.keyword();
    return { name, kinds: this.list(depth) };
  }

  /** `( value, … )`; returns the kinds of its values. */
  private list(depth: number): string {
    if (depth >= MAX_DEPTH) this.fail(`lists nested deeper than ${MAX_DEPTH}`);
    this.expect(LPAREN, "'('");
    let kinds = '';
    if (this.peek() === RPAREN) {
      this.at++;
      return kinds;
    }
    for (;;) {
      kinds += this.value(depth);
      if (this.peek() === RPAREN) break;
      this.expect(COMMA, "',' or ')'");
    }
    this.at++;
    return kinds;
  }

  /** One attribute value; returns its kind letter ('' for a derived `*`). */
  private value(depth: number): string {
    const c = this.peek();
    if (c === LPAREN) {
      this.list(depth + 1);
      return 'L';
    }
    this.at++;
    if (c === DOLLAR) return '$';
    if (c === STAR) return '';
    if (c === HASH) this.number();
    else if (c === QUOTE) this.string();
    else if (c === DQUOTE) this.binary();
    else if (c === DOT) this.enumeration();
    else if (isDigit(c) || c === PLUS || c === MINUS) this.real();
    else if (isLetter(c)) {
      this.at--;
      this.entityBody(depth + 1); // a typed value, e.g. IFCLABEL('x')
    } else this.fail('an attribute value', c);
    return 'V';
  }

  /** An instance name's digits (after '#'), 1 to 2^31 - 1. */
  private number(): number {
    const start = this.at;
    while (isDigit(this.bytes[this.at] ?? 0)) this.at++;
    const digits = this.at - start;
    const n = digits > 0 && digits <= 10 ? Number(this.text(start)) : 0;
    if (n < 1 || n > MAX_ID) this.fail('an instance number from 1 to 2^31 - 1', this.bytes[start]);
    return n;
  }

  /** The rest of a number whose sign or first digit was read. */
  private real(): void {
    const digits = (): number => {
      const start = this.at;
      while (isDigit(this.bytes[this.at] ?? 0)) this.at++;
      return this.at - start;
    };
    const first = isDigit(this.bytes[this.at - 1] ?? 0) ? 1 : 0;
    if (first + digits() === 0) this.fail('a digit', this.bytes[this.at]);
    if (this.bytes[this.at] === DOT) {
      this.at++;
      digits();
    }
    const e = this.bytes[this.at];
    if (e === 69 || e === 101) {
      this.at++;
      if (this.bytes[this.at] === PLUS || this.bytes[this.at] === MINUS) this.at++;
      if (digits() === 0) this.fail('an exponent', this.bytes[this.at]);
    }
  }

  /** The rest of a '…' string ('' is a quote inside it). */
  private string(): void {
    for (;;) {
      const c = this.bytes[this.at++];
      if (c === undefined) this.fail('the end of a string');
      if (c === NEWLINE) this.line++;
      if (c === QUOTE) {
        if (this.bytes[this.at] !== QUOTE) return;
        this.at++;
      }
    }
  }

  private binary(): void {
    while (isHex(this.bytes[this.at] ?? 0)) this.at++;
    this.expect(DQUOTE, 'the end of a binary value');
  }

  private enumeration(): void {
    this.keyword(false);
    this.expect(DOT, "'.' after an enumeration");
  }

  private keyword(spaced = true): string {
    if (spaced) this.skip();
    const start = this.at;
    if (!isLetter(this.bytes[this.at] ?? 0)) this.fail('a name', this.bytes[this.at]);
    while (isLetter(this.bytes[this.at] ?? 0) || isDigit(this.bytes[this.at] ?? 0)) this.at++;
    return this.text(start);
  }

  /** `WORD;` */
  private statement(word: string): void {
    this.word(word);
    this.expect(SEMI, `';' after ${word}`);
  }

  private word(word: string): void {
    if (!this.startsWith(word)) this.fail(word, this.bytes[this.at]);
    this.at += word.length;
  }

  private startsWith(word: string): boolean {
    this.skip();
    for (let i = 0; i < word.length; i++) if (this.bytes[this.at + i] !== word.charCodeAt(i)) return false;
    const next = this.bytes[this.at + word.length] ?? 0;
    return !isLetter(next) && !isDigit(next) && next !== MINUS;
  }

  private expect(c: number, what: string): void {
    if (this.peek() !== c) this.fail(what, this.bytes[this.at]);
    this.at++;
  }

  /** The next byte after spaces and comments. */
  private peek(): number {
    this.skip();
    return this.bytes[this.at] ?? -1;
  }

  private skip(): void {
    for (;;) {
      const c = this.bytes[this.at] ?? 0;
      if (isSpace(c)) {
        if (c === NEWLINE) this.line++;
        this.at++;
      } else if (c === SLASH && this.bytes[this.at + 1] === STAR) {
        const end = indexOfCommentEnd(this.bytes, this.at + 2);
        if (end < 0) this.fail('the end of a comment');
        for (let i = this.at; i < end; i++) if (this.bytes[i] === NEWLINE) this.line++;
        this.at = end + 2;
      } else return;
    }
  }

  private text(start: number): string {
    return LATIN1.decode(this.bytes.subarray(start, this.at));
  }

  private fail(expected: string, found?: number): never {
    const what =
      found === undefined || found < 0
        ? 'the end of the file'
        : found >= 33 && found < 127
          ? `'${String.fromCharCode(found)}'`
          : `byte 0x${found.toString(16).padStart(2, '0')}`;
    this.refuse(`has ${what} where ${expected} belongs`);
  }

  private refuse(problem: string, line = this.line): never {
    throw new DrawingAnalysisError(
      'MALFORMED_DRAWING',
      `the IFC file is not valid STEP: line ${line} ${problem}`,
      {
        details: { line },
      },
    );
  }
}

function indexOfCommentEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === STAR && bytes[i + 1] === SLASH) return i;
  return -1;
}
