// Generated from the API's OpenAPI document by openapi-typescript: do not edit.
// Regenerate with `npm run api-types` (test/web/api-types.test.ts fails while this file is stale).
export interface paths {
  '/api/admin/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key (effective at once) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/cache-stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cache hits and misses, overall and per kind */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              kinds: {
                [key: string]: {
                  hitRate: number;
                  hits: number;
                  misses: number;
                };
              };
              overall: {
                hitRate: number;
                hits: number;
                misses: number;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/materials/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Insert or replace a catalog material (operator); bumps its version */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          key: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currency: string;
            division: string;
            division_name: string;
            installation_unit_cost: number;
            material_unit_price: number;
            name: string;
            source: string;
            unit: 'm' | 'm2' | 'm3' | 'kg' | 't' | 'l' | 'ea';
            waste_pct: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              currency: string;
              division: string;
              division_name: string;
              installation_unit_cost: number;
              key: string;
              material_unit_price: number;
              name: string;
              source: string;
              unit: 'm' | 'm2' | 'm3' | 'kg' | 't' | 'l' | 'ea';
              version: number;
              waste_pct: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/slow-queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The statements with the worst mean time on the control database and every shard */
    get: {
      parameters: {
        query: {
          limit: number;
          min_mean_ms: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              rows: {
                calls: number;
                mean_ms: number;
                query: string;
                rows: number;
                /** @description `control`, `shard_0`, … */
                shard: string;
                total_ms: number;
              }[];
              /** @description Databases without statement statistics (pg_stat_statements not preloaded), and why */
              unavailable: {
                reason: string;
                shard: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/slow-queries/reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Forget the statement statistics of the control database and every shard */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              reset: string[];
              /** @description Databases without statement statistics (pg_stat_statements not preloaded), and why */
              unavailable: {
                reason: string;
                shard: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List tenants with their shard placement */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                name: string;
                /** @description the shard database holding the tenant’s data */
                shard: number;
                tenantId: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a tenant and its first API key (shown once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKey: string;
              keyId: string;
              name: string;
              tenantId: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/tenants/{id}/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create another API key for a tenant (shown once), acting as `role` (default owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            role?: 'viewer' | 'estimator' | 'owner';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKey: string;
              keyId: string;
              role: 'viewer' | 'estimator' | 'owner';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/tenants/{id}/quotas': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A tenant's quotas (limit and use of each) and the limits set for it */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              own: {
                [key: string]: number;
              };
              quotas: {
                [key: string]: {
                  limit: number;
                  used: number;
                };
              };
              tenantId: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set a tenant's own limits (a number) or return them to the default (null); effective at once in every process */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            analysis_backlog?: null | number;
            automation_rules?: null | number;
            batch_ids_per_day?: null | number;
            event_streams?: null | number;
            events_per_minute?: null | number;
            files?: null | number;
            stored_bytes?: null | number;
            uploads_per_day?: null | number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              own: {
                [key: string]: number;
              };
              quotas: {
                [key: string]: {
                  limit: number;
                  used: number;
                };
              };
              tenantId: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/admin/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Usage of every tenant on every shard, from the analytics views (`refresh=true` refreshes them first) */
    get: {
      parameters: {
        query: {
          refresh: boolean;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                avg_processing_ms: number | null;
                cost_estimates: {
                  /** @description Total per CSI division */
                  by_division: {
                    [key: string]: number;
                  };
                  currency: string;
                  estimates: number;
                  installation_cost: number;
                  location_key: string;
                  material_cost: number;
                  month: string;
                  total: number;
                }[];
                estimates: number;
                estimates_total: number;
                file_count: number;
                last_estimate_at: string | null;
                last_upload_at: string | null;
                months: {
                  analyses_completed: number;
                  analyses_failed: number;
                  bytes: number;
                  dwg_files: number;
                  dxf_files: number;
                  ifc_files: number;
                  month: string;
                  p50_analysis_ms: number | null;
                  p95_analysis_ms: number | null;
                  pdf_files: number;
                  uploads: number;
                }[];
                /** @description When the views these numbers come from were last refreshed (the oldest of them) */
                refreshed_at: string | null;
                shard: string;
                /** Format: uuid */
                tenant_id: string;
                total_bytes: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's API keys, revoked ones included (owners only; never the secrets) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                createdAt: string;
                /** Format: uuid */
                id: string;
                name: string | null;
                prefix: string;
                revokedAt: string | null;
                role: 'viewer' | 'estimator' | 'owner';
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API key for the tenant (owners only; the secret is shown once), acting as `role` */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            role?: 'viewer' | 'estimator' | 'owner';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKey: string;
              keyId: string;
              role: 'viewer' | 'estimator' | 'owner';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of the tenant's API keys (owners only; effective at once in every process) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password: sets the session cookie and returns the CSRF token */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              csrfToken: string;
              user: {
                email: string;
                /** Format: uuid */
                id: string;
                role: 'viewer' | 'estimator' | 'owner';
                /** Format: uuid */
                tenantId: string;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: ends the session (in every server process) and clears the cookie */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user and the CSRF token of the session cookie (401 when not signed in) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              csrfToken: string;
              user: {
                email: string;
                /** Format: uuid */
                id: string;
                role: 'viewer' | 'estimator' | 'owner';
                /** Format: uuid */
                tenantId: string;
              };
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's rules, newest first */
    get: {
      parameters: {
        query: {
          limit: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                actions: unknown[];
                consecutive_failures: number;
                /** Format: date-time */
                created_at: string;
                description: string | null;
                disabled_reason: string | null;
                /** Format: uuid */
                id: string;
                is_active: boolean;
                last_triggered_at: string | null;
                name: string;
                next_run_at: string | null;
                trigger_conditions: unknown;
                trigger_settings: unknown;
                trigger_type: string;
                /** Format: date-time */
                updated_at: string;
                version: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Create a rule (returns its webhook secret once)
     * @description The seed shape: {name, description, trigger_type, trigger_settings?, trigger_conditions, actions, is_active?}; PUT also needs the `version` read. Invalid rules get 422 INVALID_RULE with `path` naming the node.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: unknown[];
              consecutive_failures: number;
              /** Format: date-time */
              created_at: string;
              description: string | null;
              disabled_reason: string | null;
              /** Format: uuid */
              id: string;
              is_active: boolean;
              last_triggered_at: string | null;
              name: string;
              next_run_at: string | null;
              trigger_conditions: unknown;
              trigger_settings: unknown;
              trigger_type: string;
              /** Format: date-time */
              updated_at: string;
              version: number;
            } & {
              webhook_secret: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One rule */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: unknown[];
              consecutive_failures: number;
              /** Format: date-time */
              created_at: string;
              description: string | null;
              disabled_reason: string | null;
              /** Format: uuid */
              id: string;
              is_active: boolean;
              last_triggered_at: string | null;
              name: string;
              next_run_at: string | null;
              trigger_conditions: unknown;
              trigger_settings: unknown;
              trigger_type: string;
              /** Format: date-time */
              updated_at: string;
              version: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /**
     * Replace a rule (409 when `version` is stale)
     * @description The seed shape: {name, description, trigger_type, trigger_settings?, trigger_conditions, actions, is_active?}; PUT also needs the `version` read. Invalid rules get 422 INVALID_RULE with `path` naming the node.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: unknown[];
              consecutive_failures: number;
              /** Format: date-time */
              created_at: string;
              description: string | null;
              disabled_reason: string | null;
              /** Format: uuid */
              id: string;
              is_active: boolean;
              last_triggered_at: string | null;
              name: string;
              next_run_at: string | null;
              trigger_conditions: unknown;
              trigger_settings: unknown;
              trigger_type: string;
              /** Format: date-time */
              updated_at: string;
              version: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    /** Delete a rule */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Disable a rule */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: unknown[];
              consecutive_failures: number;
              /** Format: date-time */
              created_at: string;
              description: string | null;
              disabled_reason: string | null;
              /** Format: uuid */
              id: string;
              is_active: boolean;
              last_triggered_at: string | null;
              name: string;
              next_run_at: string | null;
              trigger_conditions: unknown;
              trigger_settings: unknown;
              trigger_type: string;
              /** Format: date-time */
              updated_at: string;
              version: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enable a rule */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              actions: unknown[];
              consecutive_failures: number;
              /** Format: date-time */
              created_at: string;
              description: string | null;
              disabled_reason: string | null;
              /** Format: uuid */
              id: string;
              is_active: boolean;
              last_triggered_at: string | null;
              name: string;
              next_run_at: string | null;
              trigger_conditions: unknown;
              trigger_settings: unknown;
              trigger_type: string;
              /** Format: date-time */
              updated_at: string;
              version: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Run history: event, match trace, actions with every attempt */
    get: {
      parameters: {
        query: {
          before?: string;
          limit: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                actions: {
                  attempt_history: {
                    attempt: number;
                    duration_ms: number;
                    error: unknown;
                    ok: boolean;
                    response_body: string | null;
                    response_status: number | null;
                    started_at: string;
                  }[];
                  attempts: number;
                  idempotency_key: string;
                  index: number;
                  last_error: unknown;
                  next_attempt_at: string | null;
                  result: unknown;
                  status: string;
                  type: string;
                }[];
                causation: unknown;
                created_at: string;
                duration_ms: number | null;
                event: unknown;
                finished_at: string | null;
                id: string;
                matched: boolean;
                rule_id: string;
                status: string;
                trace: unknown;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/runs/{runId}/actions/{index}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a dead action again (409 unless it is dead) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          index: number;
          runId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              attempt: number;
              /** @enum {string} */
              status: 'queued';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Dry run against a sample event: match and trace, nothing stored or sent */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            causation_depth?: number;
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              blocked: string | null;
              matched: boolean;
              trace: unknown;
              would_run: unknown[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-rules/{id}/webhook-secret/rotate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue a new webhook secret; for 24 h messages are signed with both the new and the previous one */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              webhook_secret: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/automation-triggers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every trigger a rule can listen to: its fields, their types and the operators each allows
     * @description Built from the tables rules are validated against. Aliases (the seed names such as file_size, filename) are accepted in conditions and saved as the documented field.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** @description events are about one file: file actions apply */
                about_file: boolean;
                description: string;
                fields: {
                  /** @description accepted names, saved as `field` */
                  aliases: string[];
                  /** @description * stands for one plain name segment, e.g. a material */
                  field: string;
                  operators: {
                    operator:
                      | 'equals'
                      | 'not_equals'
                      | 'in'
                      | 'contains'
                      | 'starts_with'
                      | 'greater_than'
                      | 'greater_than_or_equal'
                      | 'less_than'
                      | 'less_than_or_equal'
                      | 'between'
                      | 'exists';
                    value: 'scalar' | 'string' | 'number' | 'boolean' | 'scalar_list' | 'number_pair';
                  }[];
                  type: 'string' | 'number' | 'boolean' | 'string_array' | 'any';
                }[];
                settings: unknown | null;
                /** @description the trigger_type; custom:<name> stands for every custom event type */
                type: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/batch/process-files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue analysis and/or estimates for up to 500 files; answers per id (queued, not_found) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @default [
             *       "analyze"
             *     ]
             */
            actions: ('analyze' | 'estimate')[];
            file_ids: string[];
            location?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                actions: string[];
                file_id: string;
                status: 'queued' | 'not_found' | 'error';
              }[];
              not_found: number;
              queued: number;
              queued_today: {
                [key: string]: number;
              } | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cost-estimates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's estimates, newest first (cursor pagination) */
    get: {
      parameters: {
        query: {
          /** @description `next_cursor` of the previous page */
          cursor?: string;
          limit: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                created_at: string;
                currency: string;
                file_id: string | null;
                /** Format: uuid */
                id: string;
                installation_cost: number;
                location: string;
                material_cost: number;
                total: number;
              }[];
              next_cursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Price a file's completed analysis ({file_id, location}) or a raw map ({materials, location}); quantities in catalog units */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currency?: string;
            /** Format: uuid */
            file_id?: string;
            location: string;
            materials?: {
              [key: string]: number;
            };
          } & (unknown | unknown);
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              currency: string;
              direct_cost: number;
              divisions: {
                division: string;
                division_name: string;
                installation_cost: number;
                installation_factor: number;
                line_count: number;
                material_cost: number;
                material_factor: number;
                total: number;
              }[];
              estimator_version: number;
              file_id: string | null;
              /** Format: uuid */
              id: string;
              installation_cost: number;
              lines: {
                adjusted_installation_unit_cost: number;
                adjusted_material_unit_price: number;
                catalog_version: number;
                division: string;
                division_name: string;
                installation_cost: number;
                installation_factor: number;
                installation_unit_cost: number;
                material: string;
                material_cost: number;
                material_factor: number;
                material_unit_price: number;
                name: string;
                quantity: number;
                quantity_with_waste: number;
                source_ref: string;
                total: number;
                unit: string;
                waste_pct: number;
              }[];
              location: {
                country: string;
                key: string;
                name: string;
                region: string;
                version: number;
              };
              material_cost: number;
              overhead: number;
              overhead_pct: number;
              profit: number;
              profit_pct: number;
              quantities: {
                [key: string]: number;
              };
              total: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cost-estimates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One estimate with its lines and division subtotals */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              currency: string;
              direct_cost: number;
              divisions: {
                division: string;
                division_name: string;
                installation_cost: number;
                installation_factor: number;
                line_count: number;
                material_cost: number;
                material_factor: number;
                total: number;
              }[];
              estimator_version: number;
              file_id: string | null;
              /** Format: uuid */
              id: string;
              installation_cost: number;
              lines: {
                adjusted_installation_unit_cost: number;
                adjusted_material_unit_price: number;
                catalog_version: number;
                division: string;
                division_name: string;
                installation_cost: number;
                installation_factor: number;
                installation_unit_cost: number;
                material: string;
                material_cost: number;
                material_factor: number;
                material_unit_price: number;
                name: string;
                quantity: number;
                quantity_with_waste: number;
                source_ref: string;
                total: number;
                unit: string;
                waste_pct: number;
              }[];
              location: {
                country: string;
                key: string;
                name: string;
                region: string;
                version: number;
              };
              material_cost: number;
              overhead: number;
              overhead_pct: number;
              profit: number;
              profit_pct: number;
              quantities: {
                [key: string]: number;
              };
              total: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cost-estimates/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the estimate as an xlsx workbook (Summary, Lines) or CSV */
    get: {
      parameters: {
        query: {
          format: 'xlsx' | 'csv';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description the xlsx workbook or CSV file */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': unknown;
            'text/csv': unknown;
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
            'text/csv': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
            'text/csv': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
            'text/csv': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
            'text/csv': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cost-estimates/search-similar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The tenant's most similar estimates (cosine of log-scaled material vectors; same location preferred) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default 10 */
            limit: number;
            location: string;
            materials: {
              [key: string]: number;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                cosine: number;
                /** Format: date-time */
                created_at: string;
                currency: string;
                /** Format: uuid */
                estimate_id: string;
                /** @description location key of the estimate */
                location: string;
                same_location: boolean;
                /** @description cosine × (1 if same location else 0.9) */
                score: number;
                shared_materials: string[];
                total: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/cost-settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's overhead and profit percent */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              overhead_pct: number;
              profit_pct: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Set the tenant's overhead and profit percent */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            overhead_pct: number;
            profit_pct: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              overhead_pct: number;
              profit_pct: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Submit the tenant's own event (custom:<name>) for its rules; Idempotency-Key deduplicated for 24 h
     * @description data: at most EVENT_MAX_BYTES of JSON (413 EVENT_TOO_LARGE). A type no enabled rule listens to counts against EVENT_CUSTOM_TYPES_MAX distinct types per tenant (422 EVENT_TYPE_LIMIT).
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          'idempotency-key'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              duplicate: boolean;
              event_id: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events/file-uploaded': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Seed alias: announce the upload of one of the tenant's files ({file_id}) to its file_uploaded rules */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              event_id: string;
              /** @enum {string} */
              status: 'accepted';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's domain events, live (text/event-stream) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the tenant's files, newest first (cursor pagination) */
    get: {
      parameters: {
        query: {
          created_from?: string;
          created_to?: string;
          cursor?: string;
          limit: number;
          /** @description only files whose name contains this text (any case) */
          name?: string;
          status?: 'uploaded' | 'processing' | 'analyzed' | 'failed';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                created_at: string;
                /** Format: uuid */
                file_id: string;
                filename: string;
                format: string;
                notes: string | null;
                processing_ms: number | null;
                sha256: string;
                size_bytes: number;
                status: 'uploaded' | 'processing' | 'analyzed' | 'failed';
                status_label: string | null;
                tags: string[];
                /** Format: date-time */
                updated_at: string;
              }[];
              next_cursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** File metadata */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              /** Format: uuid */
              file_id: string;
              filename: string;
              format: string;
              notes: string | null;
              processing_ms: number | null;
              sha256: string;
              size_bytes: number;
              status: 'uploaded' | 'processing' | 'analyzed' | 'failed';
              status_label: string | null;
              tags: string[];
              /** Format: date-time */
              updated_at: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a file, its analysis and its bytes */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/analysis': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The takeoff of a file: pending, processing, completed (with result) or failed (with the reading error) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              attempts: number;
              completed_at: string | null;
              duration_ms: number | null;
              error: {
                code: string;
                message: string;
              } | null;
              /** Format: uuid */
              file_id: string;
              options: {
                [key: string]: unknown;
              };
              result: unknown;
              started_at: string | null;
              status: 'pending' | 'processing' | 'completed' | 'failed';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/analysis/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-run the analysis (after layer mapping changes, or with another storey height) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description metres */
            storey_height?: number;
            /** @description the drawing unit of this file, overriding its header and the evidence */
            units?: 'in' | 'ft' | 'mm' | 'cm' | 'm';
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              attempts: number;
              completed_at: string | null;
              duration_ms: number | null;
              error: {
                code: string;
                message: string;
              } | null;
              /** Format: uuid */
              file_id: string;
              options: {
                [key: string]: unknown;
              };
              result: unknown;
              started_at: string | null;
              status: 'pending' | 'processing' | 'completed' | 'failed';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the original bytes */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/geometry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The plan as JSON: entities (handle h, layer l, class c, insert n, kind k, integer coordinates d from origin in step units), layers, classes, inserts */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/preview.svg': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The drawing as SVG, classified elements coloured, with a legend */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/takeoff-adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The file's takeoff adjustments (oldest first) and what manual measurements may add to */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                created_at: string;
                /** @description `user:<email>` or `key:<api key id>` */
                created_by: string;
                handles: string[];
                /** Format: uuid */
                id: string;
                item: string | null;
                kind: 'exclude_line' | 'exclude_entities' | 'measurement';
                label: string | null;
                line_id: string | null;
                metres_per_unit: number | null;
                points: number[][];
                quantity: number | null;
                tool: 'line' | 'polyline' | 'area' | 'count' | null;
                unit: string | null;
              }[];
              /** @description what a manual measurement may add to, with the unit it is measured in */
              measurement_items: {
                item:
                  | 'wall.concrete.area_net'
                  | 'wall.masonry.area_net'
                  | 'wall.block.area_net'
                  | 'wall.drywall.area_net'
                  | 'slab.area'
                  | 'column.perimeter'
                  | 'beam.length'
                  | 'roof.area'
                  | 'finish.area.manual'
                  | 'door.count'
                  | 'window.count'
                  | 'window.area'
                  | 'plumbing_fixture.count'
                  | 'pipe.length';
                unit: 'm' | 'm2' | 'ea';
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Correct the takeoff: exclude a line or entities, or add a manual measurement */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json':
            | {
                /** @enum {string} */
                kind: 'exclude_line';
                /** @description a takeoff line id of the analysis */
                line_id: string;
              }
            | {
                handles: string[];
                /** @enum {string} */
                kind: 'exclude_entities';
                /** @description a takeoff line id of the analysis */
                line_id: string;
              }
            | {
                /** @description the takeoff item the measurement adds to (it is priced like the machine lines) */
                item:
                  | 'wall.concrete.area_net'
                  | 'wall.masonry.area_net'
                  | 'wall.block.area_net'
                  | 'wall.drywall.area_net'
                  | 'slab.area'
                  | 'column.perimeter'
                  | 'beam.length'
                  | 'roof.area'
                  | 'finish.area.manual'
                  | 'door.count'
                  | 'window.count'
                  | 'window.area'
                  | 'plumbing_fixture.count'
                  | 'pipe.length';
                /** @enum {string} */
                kind: 'measurement';
                label?: string;
                /** @description metres per drawing unit: the drawing's own, or a calibration from a known distance */
                metres_per_unit: number;
                points: number[][];
                tool: 'line' | 'polyline' | 'area' | 'count';
              };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              /** @description `user:<email>` or `key:<api key id>` */
              created_by: string;
              handles: string[];
              /** Format: uuid */
              id: string;
              item: string | null;
              kind: 'exclude_line' | 'exclude_entities' | 'measurement';
              label: string | null;
              line_id: string | null;
              metres_per_unit: number | null;
              points: number[][];
              quantity: number | null;
              tool: 'line' | 'polyline' | 'area' | 'count' | null;
              unit: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/{id}/takeoff-adjustments/{adjustmentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Undo one takeoff adjustment */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          adjustmentId: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/files/upload': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Upload a drawing (multipart field `file`: .dwg, .dxf, .pdf, .ifc) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              /** Format: uuid */
              file_id: string;
              filename: string;
              format: string;
              notes: string | null;
              processing_ms: number | null;
              sha256: string;
              size_bytes: number;
              status: 'uploaded' | 'processing' | 'analyzed' | 'failed';
              status_label: string | null;
              tags: string[];
              /** Format: date-time */
              updated_at: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        507: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/layer-mappings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's layer mappings */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              mappings: {
                element_class:
                  | 'wall'
                  | 'slab'
                  | 'footing'
                  | 'column'
                  | 'beam'
                  | 'roof'
                  | 'door'
                  | 'window'
                  | 'stair'
                  | 'plumbing_fixture'
                  | 'electrical_fixture'
                  | 'pipe'
                  | 'duct'
                  | 'finish'
                  | 'furniture'
                  | 'annotation'
                  | 'unclassified';
                /** @description layer or block name, `*` wildcards, case-insensitive */
                pattern: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    /** Replace the layer mappings (they win over built-in rules in later analyses) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            mappings: {
              element_class:
                | 'wall'
                | 'slab'
                | 'footing'
                | 'column'
                | 'beam'
                | 'roof'
                | 'door'
                | 'window'
                | 'stair'
                | 'plumbing_fixture'
                | 'electrical_fixture'
                | 'pipe'
                | 'duct'
                | 'finish'
                | 'furniture'
                | 'annotation'
                | 'unclassified';
              /** @description layer or block name, `*` wildcards, case-insensitive */
              pattern: string;
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              mappings: {
                element_class:
                  | 'wall'
                  | 'slab'
                  | 'footing'
                  | 'column'
                  | 'beam'
                  | 'roof'
                  | 'door'
                  | 'window'
                  | 'stair'
                  | 'plumbing_fixture'
                  | 'electrical_fixture'
                  | 'pipe'
                  | 'duct'
                  | 'finish'
                  | 'furniture'
                  | 'annotation'
                  | 'unclassified';
                /** @description layer or block name, `*` wildcards, case-insensitive */
                pattern: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/material-catalog': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The material catalog (shared by all tenants; public, cacheable, ETag) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              currency: string;
              items: {
                currency: string;
                division: string;
                division_name: string;
                installation_unit_cost: number;
                key: string;
                material_unit_price: number;
                name: string;
                source: string;
                unit: 'm' | 'm2' | 'm3' | 'kg' | 't' | 'l' | 'ea';
                version: number;
                waste_pct: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/material-locations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Locations with their City Cost Index per CSI division (public, cacheable, ETag) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                aliases: string[];
                country: string;
                divisions: {
                  [key: string]: {
                    installation: number;
                    material: number;
                  };
                };
                key: string;
                name: string;
                overall: {
                  installation: number;
                  material: number;
                };
                region: string;
                source: string;
                version: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling tenant and its quotas (limit and current use of each); the API key or the signed-in user, and the role */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              keyId?: string;
              name: string;
              quotas: {
                [key: string]: {
                  limit: number;
                  used: number;
                };
              };
              role: 'viewer' | 'estimator' | 'owner';
              tenantId: string;
              user?: {
                email: string;
                /** Format: uuid */
                id: string;
                role: 'viewer' | 'estimator' | 'owner';
                /** Format: uuid */
                tenantId: string;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Notifications, newest first */
    get: {
      parameters: {
        query: {
          before?: string;
          limit: number;
          unread: boolean;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                created_at: string;
                /** Format: uuid */
                id: string;
                message: string;
                read: boolean;
                read_at: string | null;
                rule_id: string | null;
                run_id: string | null;
                title: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark a notification read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              created_at: string;
              /** Format: uuid */
              id: string;
              message: string;
              read: boolean;
              read_at: string | null;
              rule_id: string | null;
              run_id: string | null;
              title: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download a report an export_report action stored */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling tenant's usage: files, bytes, processing time, estimates, per month (refreshed every few minutes) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              avg_processing_ms: number | null;
              cost_estimates: {
                /** @description Total per CSI division */
                by_division: {
                  [key: string]: number;
                };
                currency: string;
                estimates: number;
                installation_cost: number;
                location_key: string;
                material_cost: number;
                month: string;
                total: number;
              }[];
              estimates: number;
              estimates_total: number;
              file_count: number;
              last_estimate_at: string | null;
              last_upload_at: string | null;
              months: {
                analyses_completed: number;
                analyses_failed: number;
                bytes: number;
                dwg_files: number;
                dxf_files: number;
                ifc_files: number;
                month: string;
                p50_analysis_ms: number | null;
                p95_analysis_ms: number | null;
                pdf_files: number;
                uploads: number;
              }[];
              /** @description When the views these numbers come from were last refreshed (the oldest of them) */
              refreshed_at: string | null;
              shard: string;
              /** Format: uuid */
              tenant_id: string;
              total_bytes: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tenant's users (owners only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: date-time */
                createdAt: string;
                disabled: boolean;
                email: string;
                /** Format: uuid */
                id: string;
                role: 'viewer' | 'estimator' | 'owner';
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    /** Add a user to the tenant with a first password (owners only; 409 when the email is taken) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            password: string;
            role: 'viewer' | 'estimator' | 'owner';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              email: string;
              /** Format: uuid */
              id: string;
              role: 'viewer' | 'estimator' | 'owner';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a user's role or disable them (owners only): disabling ends their sessions at once; a tenant keeps one enabled owner (409) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            disabled?: boolean;
            role?: 'viewer' | 'estimator' | 'owner';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: date-time */
              createdAt: string;
              disabled: boolean;
              email: string;
              /** Format: uuid */
              id: string;
              role: 'viewer' | 'estimator' | 'owner';
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              error: string;
              message: string;
              statusCode: number;
            } & {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
