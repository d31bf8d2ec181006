/** Public API of the cost domain: catalog, locations, estimator, similarity, exports, schemas and errors. */
export { buildCatalog, findMaterial, validateCatalogMaterial, type Catalog } from './catalog.ts';
export { CATALOG_CURRENCY, CATALOG_SEED, ILLUSTRATIVE_SOURCE } from './catalog.seed.ts';
export * from './costs.errors.ts';
export * from './costs.schemas.ts';
export { CSI_DIVISIONS, divisionName } from './csi-divisions.ts';
export {
  checkQuantity,
  linesFromMaterialMap,
  MAX_ESTIMATE_LINES,
  resolveMaterialQuantities,
  type EstimateLineInput,
} from './estimate-input.ts';
export { csvField, toCsv, toXlsx } from './estimate-export.ts';
export {
  estimateCost,
  ESTIMATOR_VERSION,
  roundMoney,
  roundRate,
  type EstimateRequest,
  type Markup,
} from './estimator.ts';
export {
  buildLocationIndex,
  findLocation,
  LOCATION_SUGGESTIONS,
  locationLabel,
  type LocationIndex,
} from './location-lookup.ts';
export { DIVISION_SENSITIVITY, LOCATION_SEED, LOCATION_SOURCE, SEEDED_DIVISIONS } from './locations.seed.ts';
export { MATERIAL_ALIASES, resolveMaterialName } from './material-aliases.ts';
export {
  cosineSimilarity,
  cosineToDistance,
  CUBE_MAX_DIMENSIONS,
  distanceToCosine,
  OTHER_LOCATION_WEIGHT,
  rankSimilar,
  sharedMaterials,
  SIMILARITY_BASIS,
  SIMILARITY_BASIS_VERSION,
  similarityScore,
  toCubeLiteral,
  toVector,
  type SimilarCandidate,
} from './similarity.ts';
