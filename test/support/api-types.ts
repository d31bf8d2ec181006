// The web app's API types, generated from the app's own OpenAPI document with openapi-typescript and
// formatted like the rest of the code. test/web/api-types.test.ts fails when web/src/api/schema.d.ts is
// stale; `npm run api-types` rewrites it.
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

/** Where the generated types live. */
export const API_TYPES_FILE = new URL('../../web/src/api/schema.d.ts', import.meta.url);

const HEADER = `// Generated from the API's OpenAPI document by openapi-typescript: do not edit.
// Regenerate with \`npm run api-types\` (test/web/api-types.test.ts fails while this file is stale).
`;

/** The TypeScript source of the document's types (`paths`, `components`, `operations`). */
export async function apiTypesSource(document: unknown): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const options = await resolveConfig(API_TYPES_FILE.pathname);
  return format(HEADER + astToString(ast), { ...options, filepath: API_TYPES_FILE.pathname });
}
