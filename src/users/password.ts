import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): memory-hard, so a stolen hash
 * costs a GPU as much memory per guess as it costs us. Hashing runs on libuv's thread pool, off the event loop.
 */
const OPTIONS: Options = {
  // `Algorithm.Argon2id` (2): a `const enum` in the package's types, absent at run time
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** The PHC string (`$argon2id$v=19$m=…`) of a password: salt and parameters included. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. Without a stored hash (no such user) a decoy hash is checked
 * instead, so an unknown email takes as long as a wrong password and does not reveal who has an account.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    decoy ??= hashPassword('decoy password, never a real one');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
