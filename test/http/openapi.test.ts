import { test } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestApp } from '../support/test-app.ts';

type Json = Record<string, unknown>;

/** Every Schema Object of the document, named by where it sits (parameters, bodies, responses, components). */
function schemaObjects(document: Json): Array<[string, Json]> {
  const found: Array<[string, Json]> = [];
  const inContent = (content: unknown, at: string) => {
    for (const [type, media] of Object.entries((content ?? {}) as Record<string, Json>)) {
      if (media.schema !== undefined) found.push([`${at} ${type}`, media.schema as Json]);
    }
  };
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (operation.parameters ?? []) as Json[])
        found.push([`${at} ${String(p.name)}`, p.schema as Json]);
      inContent((operation.requestBody as Json | undefined)?.content, `${at} body`);
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
        inContent(response.content, `${at} ${status}`);
      }
    }
  }
  const components = (document.components as Json | undefined)?.schemas as Record<string, Json> | undefined;
  for (const [name, schema] of Object.entries(components ?? {})) found.push([`components.${name}`, schema]);
  return found;
}

/** Paths of keys that exist in OpenAPI 3.0 only and mean nothing in a 3.1 document. */
function openapi30Keywords(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(key === 'nullable' ? [`${at}.${key}`] : []),
    ...openapi30Keywords(child, `${at}.${key}`),
  ]);
}

test('the OpenAPI document served at /docs/json is valid', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const response = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
  assert.equal(response.statusCode, 200, response.body);
  const document = response.json<Json>();

  await t.test('it is the app’s own document, OpenAPI 3.1, with the API’s routes', () => {
    assert.deepEqual(document, ctx.app.swagger());
    assert.equal(document.openapi, '3.1.0');
    const paths = document.paths as Json;
    for (const path of ['/api/files/upload', '/api/cost-estimates', '/api/automation-rules']) {
      assert.ok(Object.hasOwn(paths, path), `${path} documented`);
    }
  });

  await t.test('swagger-parser validates it (OpenAPI schema and spec rules)', async () => {
    // validate() dereferences in place: give it a copy
    await SwaggerParser.validate(structuredClone(document) as never);
  });

  await t.test('every Schema Object is valid JSON Schema 2020-12, without 3.0-only keywords', () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas = schemaObjects(document);
    assert.ok(schemas.length > 100, `found ${schemas.length} schemas`);
    const invalid = schemas
      .filter(([, schema]) => !ajv.validateSchema(schema))
      .map(([at]) => `${at}: ${ajv.errorsText(ajv.errors)}`);
    assert.deepEqual(invalid, []);
    assert.deepEqual(openapi30Keywords(document), []);
  });
});
