// Numbers, sizes, money and dates as people read them.

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A quantity with at most two decimals. */
export function formatNumber(value: number): string {
  return number.format(value);
}

/** An amount of money in `currency`. */
export function formatMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
}

/** A byte count in B, KB or MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A timestamp in the reader's locale. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** Units as written in a table. */
export function formatUnit(unit: string): string {
  return { m2: 'm²', m3: 'm³', ea: 'each' }[unit] ?? unit;
}
