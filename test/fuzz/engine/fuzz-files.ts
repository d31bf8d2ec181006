// The fuzz corpus and crash folders of the repository: test/fuzz/corpus/<target>/ and test/fuzz/crashes/<target>/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inputName, type FuzzFinding } from './fuzz.supervisor.ts';

const FUZZ_DIR = new URL('../', import.meta.url);

/** Folder of `target`'s corpus or findings. */
export function fuzzFolder(kind: 'corpus' | 'crashes', target: string): string {
  return fileURLToPath(new URL(`${kind}/${target}/`, FUZZ_DIR));
}

/** The seed corpus of `target`: the whole DXF analysis starts from the DXF reader's corpus. */
export function corpusFolder(target: string): string {
  return fuzzFolder('corpus', target === 'dxf-analysis' ? 'dxf' : target);
}

/** Every file of a folder (none when it does not exist), sorted by name so runs repeat. */
export function readInputs(folder: string): Array<{ name: string; bytes: Uint8Array }> {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${folder}${name}`)) }));
}

/** Writes `input` into `folder` named by its kind and hash; returns the file name. */
export function writeInput(folder: string, prefix: string, input: Uint8Array): string {
  mkdirSync(folder, { recursive: true });
  const name = `${prefix}-${inputName(input)}`;
  writeFileSync(`${folder}${name}`, input);
  return name;
}

/** A finding's file: its input, named by its kind (crash-, hang-, memory-). */
export function writeFinding(target: string, finding: FuzzFinding): string {
  return writeInput(fuzzFolder('crashes', target), finding.kind, finding.input);
}
