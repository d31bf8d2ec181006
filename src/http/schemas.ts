import { Type } from '@sinclair/typebox';

import { FILE_STATUSES } from '../files/index.ts';

/** The error shape, for OpenAPI. */
export const ErrorSchema = Type.Object(
  { statusCode: Type.Integer(), code: Type.String(), error: Type.String(), message: Type.String() },
  { $id: 'Error', additionalProperties: true },
);

/** A path parameter that must be a UUID. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Standard error responses for tenant routes. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
  429: ErrorSchema,
};

/** A file as the API shows it. */
export const FileSchema = Type.Object({
  file_id: Type.String({ format: 'uuid' }),
  filename: Type.String(),
  format: Type.String(),
  size_bytes: Type.Integer(),
  sha256: Type.String(),
  status: Type.Union(FILE_STATUSES.map((status) => Type.Literal(status))),
  status_label: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  notes: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  processing_ms: Type.Union([Type.Integer(), Type.Null()]),
});
