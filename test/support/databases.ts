import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The admin URL of the PostgreSQL server tests may create databases on (set by test/run.js). */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

/** Creates `count` fresh, empty databases for one test file; `drop` removes them. */
export async function createTestDatabases(count: number): Promise<{ urls: string[]; drop(): Promise<void> }> {
  const admin = testServerUrl();
  const names = Array.from({ length: count }, (_, i) => `cai_test_${randomBytes(5).toString('hex')}_${i}`);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of names) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const urlFor = (name: string) => {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    urls: names.map(urlFor),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        for (const name of names) await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
