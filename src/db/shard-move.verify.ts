import { sql, type Kysely } from 'kysely';
import { keyAfter, tenantTableChecksum, type TableChecksum } from './shard-move.copy.ts';
import { paced, type MovePace } from './shard-move.pace.ts';
import { columnList, keyList, type TenantTable } from './shard-move.tables.ts';

/** Keys after `after` up to `upTo` (JSON objects by key column; null: unbounded), and the source's sum there. */
interface KeyRange {
  after: string | null;
  upTo: string | null;
  sum?: TableChecksum;
}

/** A key range whose rows differ between the two sides. */
export interface RangeMismatch {
  table: string;
  after: string | null;
  upTo: string | null;
  source: TableChecksum;
  target: TableChecksum;
}

/**
 * Compares a tenant's rows on source and target by key range, so little of it is left for the fence. Each
 * table is split into ranges of about `pageRows` source rows, each compared once while the tenant still writes
 * (counts and checksums on both sides at once). A range stays to be compared again when it differed or when the
 * change log later applies a key in it (`touched`): every source change after a comparison reaches the target
 * through the log, so a range compared equal and untouched since is still equal. Inside the fence only the
 * ranges still pending are compared, a number bounded by the write rate, not by the tenant's size.
 */
export class MoveVerifier {
  readonly #ranges = new Map<string, KeyRange[]>();
  readonly #pending = new Map<string, Set<number>>();

  constructor(
    private readonly source: Kysely<unknown>,
    private readonly target: Kysely<unknown>,
    private readonly tables: readonly TenantTable[],
    private readonly tenantId: string,
  ) {}

  /** Splits every table into key ranges and compares each range once, at `pace`. */
  async compareAll(pace: MovePace): Promise<void> {
    for (const table of this.tables) {
      const ranges: KeyRange[] = [];
      this.#ranges.set(table.name, ranges);
      this.#pending.set(table.name, new Set());
      for (let after: string | null = null; ;) {
        const upTo = await this.#upperKey(table, after, pace.pageRows);
        ranges.push({ after, upTo });
        await paced(pace, () => this.#compare(table, ranges.length - 1));
        if (upTo === null) break;
        after = upTo;
      }
    }
  }

  /** Marks the ranges holding these keys (applied from the change log) to be compared again. */
  async touched(keysByTable: ReadonlyMap<string, unknown[]>): Promise<void> {
    for (const [name, keys] of keysByTable) {
      const table = this.tables.find((t) => t.name === name);
      const ranges = this.#ranges.get(name);
      if (!table || !ranges || keys.length === 0) continue;
      const uppers = ranges.flatMap((range) => (range.upTo === null ? [] : [range.upTo]));
      if (uppers.length === 0) {
        this.#pending.get(name)!.add(0);
        continue;
      }
      // a key's range is the number of ranges whose upper key is below it
      const { rows } = await sql<{ range: number }>`
        SELECT DISTINCT (SELECT count(*)::int FROM json_populate_recordset(NULL::${sql.id(name)}, ${`[${uppers.join(',')}]`}::json) h
          WHERE ${keyList(table, 'h.')} < ${keyList(table, 'k.')}) AS range
        FROM json_populate_recordset(NULL::${sql.id(name)}, ${JSON.stringify(keys)}::json) k`.execute(
        this.source,
      );
      for (const { range } of rows) this.#pending.get(name)!.add(range);
    }
  }

  /** How many ranges are still to be compared. */
  pending(): number {
    return [...this.#pending.values()].reduce((sum, set) => sum + set.size, 0);
  }

  /**
   * Compares every pending range again, one after another at `pace`, or all at once when there is no pace
   * (inside the fence, where few are left and time counts); returns those that still differ.
   */
  async comparePending(pace?: MovePace): Promise<RangeMismatch[]> {
    const pending = this.tables.flatMap((table) =>
      [...(this.#pending.get(table.name) ?? [])].sort((a, b) => a - b).map((index) => ({ table, index })),
    );
    const compare = ({ table, index }: { table: TenantTable; index: number }) => this.#compare(table, index);
    if (!pace) return (await Promise.all(pending.map(compare))).filter((mismatch) => mismatch !== undefined);
    const mismatches: RangeMismatch[] = [];
    for (const range of pending) {
      const mismatch = await paced(pace, () => compare(range));
      if (mismatch) mismatches.push(mismatch);
    }
    return mismatches;
  }

  /** Rows and checksum of each table with rows, summed over its ranges as last compared equal. */
  totals(): Array<{ table: string } & TableChecksum> {
    return this.tables
      .map((table) => {
        const ranges = this.#ranges.get(table.name) ?? [];
        const rows = ranges.reduce((sum, range) => sum + (range.sum?.rows ?? 0), 0);
        const checksum = ranges.reduce((sum, range) => sum + BigInt(range.sum?.checksum ?? 0), 0n);
        return { table: table.name, rows, checksum: checksum.toString() };
      })
      .filter((sum) => sum.rows > 0);
  }

  /** Compares one range on both sides at once; equal, it is no longer pending. */
  async #compare(table: TenantTable, index: number): Promise<RangeMismatch | undefined> {
    const range = this.#ranges.get(table.name)![index]!;
    const [source, target] = await Promise.all([
      tenantTableChecksum(this.source, table, this.tenantId, range),
      tenantTableChecksum(this.target, table, this.tenantId, range),
    ]);
    if (source.rows === target.rows && source.checksum === target.checksum) {
      range.sum = source;
      this.#pending.get(table.name)!.delete(index);
      return undefined;
    }
    this.#pending.get(table.name)!.add(index);
    return { table: table.name, after: range.after, upTo: range.upTo, source, target };
  }

  /** The key `rows` rows after `after` on the source (null: fewer are left, the range is the last). */
  async #upperKey(table: TenantTable, after: string | null, rows: number): Promise<string | null> {
    const { rows: found } = await sql<{ key: string }>`
      SELECT json_build_object(${sql.raw(table.key.map((c) => `'${c}', "${c}"`).join(', '))})::text AS key
      FROM ${sql.id(table.name)} WHERE tenant_id = ${this.tenantId} ${keyAfter(table, after)}
      ORDER BY ${columnList({ ...table, columns: table.key })} OFFSET ${rows - 1} LIMIT 1`.execute(
      this.source,
    );
    return found[0]?.key ?? null;
  }
}
