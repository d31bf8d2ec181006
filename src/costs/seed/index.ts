// Seed data of the cost domain: plain data over leaf files only, so the control-database migration can
// import it without loading the cost module (db must not depend on costs at runtime).
export { CATALOG_CURRENCY, CATALOG_SEED, ILLUSTRATIVE_SOURCE } from './catalog.seed.ts';
export { DIVISION_SENSITIVITY, LOCATION_SEED, LOCATION_SOURCE, SEEDED_DIVISIONS } from './locations.seed.ts';
