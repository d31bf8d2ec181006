import type { ColumnType } from 'kysely';
import type { Migration } from '../migrator.ts';

/**
 * Shard databases: people's corrections of a file's machine takeoff. The analysis result is never rewritten;
 * an estimate of the file prices the machine lines with these applied, so both stay visible side by side.
 */
export const adjustmentsShardMigrations: Migration[] = [
  {
    id: '601_takeoff_adjustments',
    sql: `
      -- kind 'exclude_line': line_id left out; 'exclude_entities': line_id scaled by the share of its sources
      -- kept (handles); 'measurement': a manual quantity (tool, item, points in drawing units, metres_per_unit).
      CREATE TABLE takeoff_adjustments (
        tenant_id uuid NOT NULL,
        file_id uuid NOT NULL,
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('exclude_line', 'exclude_entities', 'measurement')),
        line_id text,
        handles text[] NOT NULL DEFAULT '{}',
        tool text CHECK (tool IN ('line', 'polyline', 'area', 'count')),
        item text,
        label text,
        points jsonb,
        metres_per_unit double precision,
        quantity double precision,
        unit text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, file_id, id)
      );
    `,
  },
];

/** Kysely types of the adjustments table (merged into `ShardTables`). */
export interface AdjustmentTables {
  takeoff_adjustments: {
    tenant_id: string;
    file_id: string;
    id: string;
    kind: string;
    line_id: string | null;
    handles: string[];
    tool: string | null;
    item: string | null;
    label: string | null;
    /** `[[x, y], …]` in drawing units. */
    points: ColumnType<number[][] | null, string | null, string | null>;
    metres_per_unit: number | null;
    quantity: number | null;
    unit: string | null;
    created_by: string;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
}
