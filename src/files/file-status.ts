// The one source of the file and analysis lifecycle states: the Kysely column types, the API's TypeBox
// unions and (checked by test/db/status-checks.test.ts) the SQL CHECK constraints derive from these lists.

/** File lifecycle states, in lifecycle order. */
export const FILE_STATUSES = ['uploaded', 'processing', 'analyzed', 'failed'] as const;
/** A file lifecycle state. */
export type FileStatus = (typeof FILE_STATUSES)[number];

/** Analysis lifecycle states, in lifecycle order. */
export const ANALYSIS_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
/** An analysis lifecycle state. */
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];
