// How the CLI leaves: stdout and stderr are asynchronous when they are pipes, so `process.exit` right after a big
// write would drop whatever the pipe had not taken yet; and a reader that leaves early (`… | head`) is normal.

/** Makes a reader that closes stdout or stderr early (EPIPE) end that output quietly instead of crashing. */
export function quietOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // the reader is gone: what is still to be written has nowhere to go; the command runs to its end
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/** Exits with `code` once everything written to stdout and stderr so far has been taken by their readers. */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  // writes finish in order: an empty one's callback runs when all before it are done (or have failed)
  return new Promise((resolve) => stream.write('', () => resolve()));
}
