import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  fileJson,
  fileListJson,
  fileListKey,
  fileMetadataKey,
  InvalidUploadError,
  type FileService,
} from '../files/index.ts';
import type { AppCache } from '../cache/index.ts';
import { replyCached } from './cache-headers.ts';
import { ErrorSchema, FileSchema, IdParams, errorResponses } from './schemas.ts';

const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(FileSchema.properties.status),
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'only files whose name contains this text (any case)',
      }),
    ),
    created_from: Type.Optional(Type.String({ format: 'date-time' })),
    created_to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

/** Upload, list, read, download and delete drawing files. */
export const fileRoutes: FastifyPluginAsyncTypebox<{ files: FileService; cache: AppCache }> = async (
  app,
  { files, cache },
) => {
  app.post(
    '/api/files/upload',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Upload a drawing (multipart field `file`: .dwg, .dxf, .pdf, .ifc)',
        tags: ['files'],
        consumes: ['multipart/form-data'],
        response: {
          200: FileSchema,
          413: ErrorSchema,
          415: ErrorSchema,
          507: ErrorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw new InvalidUploadError('expected multipart/form-data with a `file` field');
      const part = await request.file().catch((error: unknown) => {
        throw new InvalidUploadError(`malformed multipart body: ${(error as Error).message}`);
      });
      if (!part || part.fieldname !== 'file') {
        part?.file.resume();
        throw new InvalidUploadError('the multipart body has no `file` field');
      }
      try {
        const caller = request.auth;
        const userId = caller.kind === 'user' ? caller.session.userId : undefined;
        return fileJson(await files.upload(caller.tenantId, part.filename, part.file, userId));
      } catch (error) {
        part.file.resume(); // drain what was not read so the connection stays usable
        throw error;
      }
    },
  );

  app.get(
    '/api/files',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "List the tenant's files, newest first (cursor pagination)",
        tags: ['files'],
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(FileSchema),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      const key = fileListKey(tenantId, request.query);
      return replyCached(request, reply, cache, key, () => fileListJson(files, tenantId, request.query), {
        cacheClass: 'private',
      });
    },
  );

  app.get(
    '/api/files/:id',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'File metadata',
        tags: ['files'],
        params: IdParams,
        response: { 200: FileSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      const key = fileMetadataKey(tenantId, request.params.id);
      return replyCached(
        request,
        reply,
        cache,
        key,
        async () => fileJson(await files.get(tenantId, request.params.id)),
        {
          cacheClass: 'private',
        },
      );
    },
  );

  app.get(
    '/api/files/:id/content',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: { summary: 'Download the original bytes', tags: ['files'], params: IdParams },
    },
    async (request, reply) => {
      const { file, stream } = await files.content(request.auth.tenantId, request.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`)
        .header('etag', `"${file.sha256}"`)
        .header('cache-control', 'private, max-age=60')
        .send(stream);
    },
  );

  app.delete(
    '/api/files/:id',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Delete a file, its analysis and its bytes',
        tags: ['files'],
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await files.delete(request.auth.tenantId, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
