import type { Selectable } from 'kysely';
import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { MeasurementTool } from './manual-measurement.ts';

/** A person's correction of a file's machine takeoff. */
export type TakeoffAdjustment =
  | (AdjustmentBase & { kind: 'exclude_line'; lineId: string })
  | (AdjustmentBase & { kind: 'exclude_entities'; lineId: string; handles: string[] })
  | (AdjustmentBase & {
      kind: 'measurement';
      tool: MeasurementTool;
      item: string;
      label: string;
      points: Array<[number, number]>;
      metresPerUnit: number;
      quantity: number;
      unit: string;
    });

/** What every adjustment records: which file, who made it and when. */
interface AdjustmentBase {
  id: string;
  fileId: string;
  /** `user:<email>` for a signed-in user, `key:<id>` for an API key. */
  createdBy: string;
  createdAt: Date;
}

/** An adjustment before it is stored. */
export type NewTakeoffAdjustment = TakeoffAdjustment extends infer A
  ? A extends TakeoffAdjustment
    ? Omit<A, 'createdAt'>
    : never
  : never;

type Row = Selectable<ShardTables['takeoff_adjustments']>;

function fromRow(row: Row): TakeoffAdjustment {
  const base = { id: row.id, fileId: row.file_id, createdBy: row.created_by, createdAt: row.created_at };
  if (row.kind === 'exclude_line') return { ...base, kind: 'exclude_line', lineId: row.line_id ?? '' };
  if (row.kind === 'exclude_entities') {
    return { ...base, kind: 'exclude_entities', lineId: row.line_id ?? '', handles: row.handles };
  }
  return {
    ...base,
    kind: 'measurement',
    tool: row.tool as MeasurementTool,
    item: row.item ?? '',
    label: row.label ?? '',
    points: (row.points ?? []) as Array<[number, number]>,
    metresPerUnit: row.metres_per_unit ?? 1,
    quantity: row.quantity ?? 0,
    unit: row.unit ?? '',
  };
}

/** Takeoff adjustments on the tenant's shard, oldest first. */
export class TakeoffAdjustmentRepository {
  constructor(private readonly router: ShardRouter) {}

  async list(tenantId: string, fileId: string): Promise<TakeoffAdjustment[]> {
    const rows = await this.router
      .forTenant(tenantId)
      .selectFrom('takeoff_adjustments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async create(tenantId: string, adjustment: NewTakeoffAdjustment): Promise<TakeoffAdjustment> {
    const measurement = adjustment.kind === 'measurement' ? adjustment : undefined;
    const row = await this.router
      .forTenant(tenantId)
      .insertInto('takeoff_adjustments')
      .values({
        tenant_id: tenantId,
        file_id: adjustment.fileId,
        id: adjustment.id,
        kind: adjustment.kind,
        line_id: adjustment.kind === 'measurement' ? null : adjustment.lineId,
        handles: adjustment.kind === 'exclude_entities' ? adjustment.handles : [],
        tool: measurement?.tool ?? null,
        item: measurement?.item ?? null,
        label: measurement?.label ?? null,
        points: measurement ? JSON.stringify(measurement.points) : null,
        metres_per_unit: measurement?.metresPerUnit ?? null,
        quantity: measurement?.quantity ?? null,
        unit: measurement?.unit ?? null,
        created_by: adjustment.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  /** Deletes one adjustment; false when the tenant's file has no such adjustment. */
  async delete(tenantId: string, fileId: string, id: string): Promise<boolean> {
    const result = await this.router
      .forTenant(tenantId)
      .deleteFrom('takeoff_adjustments')
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
