/** Readiness of each dependency: true when it answered. */
export type ReadinessCheck = () => Promise<Record<string, { ok: boolean; error?: string }>>;

/** A readiness check that runs every probe at once; a probe that throws names its error. */
export function readinessCheck(probes: () => Record<string, () => Promise<unknown>>): ReadinessCheck {
  return async () => {
    const entries = await Promise.all(
      Object.entries(probes()).map(async ([name, probe]) => {
        const result = await probe().then(
          () => ({ ok: true }),
          (error: unknown) => ({ ok: false, error: (error as Error).message }),
        );
        return [name, result] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
}
