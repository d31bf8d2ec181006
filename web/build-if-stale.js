#!/usr/bin/env node
// Builds the web app into web/dist when the build is missing or older than its sources (`npm start` runs this
// first, so a newcomer needs no extra step). The sources' SHA-256 is kept in dist/.source-hash; `--force`
// builds anyway. Without Vite installed (npm ci --omit=dev) an existing build is served as it is.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = join(webDir, '..');
const distDir = join(webDir, 'dist');
const stampFile = join(distDir, '.source-hash');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** One hash over every input of the build: sources, config and the locked tool versions. */
function sourceHash() {
  const inputs = [
    ...filesUnder(join(webDir, 'src')),
    join(webDir, 'index.html'),
    join(webDir, 'vite.config.ts'),
    join(repoDir, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(repoDir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

const hash = sourceHash();
const built = existsSync(join(distDir, 'index.html'));
if (built && !process.argv.includes('--force') && existsSync(stampFile)) {
  if (readFileSync(stampFile, 'utf8').trim() === hash) process.exit(0);
}

let vite;
try {
  vite = await import('vite');
} catch {
  process.stderr.write(
    built
      ? 'web app: sources changed but Vite is not installed (npm ci without --omit=dev); serving the old build\n'
      : 'web app: not built and Vite is not installed (npm ci without --omit=dev); the API starts without it\n',
  );
  process.exit(0);
}
process.stderr.write(`web app: ${built ? 'sources changed, rebuilding' : 'building'} web/dist …\n`);
const started = performance.now();
await vite.build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stampFile, `${hash}\n`);
process.stderr.write(`web app: built in ${Math.round(performance.now() - started)} ms\n`);
