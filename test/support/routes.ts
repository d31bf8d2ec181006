/**
 * Every (method, full path) the app routes, read from `printRoutes({ commonPrefix: false })`, whose tree
 * prints a child route by its path below its parent's (`/api/files` then `/:id`); wildcard routes (static
 * docs files) left out.
 */
export function registeredRoutes(printed: string): Array<{ method: string; path: string }> {
  const parents: string[] = [];
  return printed.split('\n').flatMap((line) => {
    const match = /^([\s│]*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!match) return [];
    const depth = match[1]!.length / 4;
    const path = `${parents[depth - 1] ?? ''}${match[2]!}`;
    parents[depth] = path;
    parents.length = depth + 1;
    if (match[3] === undefined || path.includes('*')) return [];
    return match[3].split(', ').map((method) => ({ method, path }));
  });
}
