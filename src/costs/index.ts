/** Public API of the cost domain: catalog, locations, estimator, similarity, exports, schemas and errors. */
export { buildCatalog, findMaterial, validateCatalogMaterial, type Catalog } from './catalog.ts';
export * from './costs.errors.ts';
export * from './seed/index.ts';
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
export { linesFromAnalysis } from './analysis-lines.ts';
export { BatchService, type BatchAction, type BatchItem, type BatchPorts } from './batch.service.ts';
export { CostDataRepository, DEFAULT_MARKUP, type MaterialInput } from './cost-data.repository.ts';
export {
  buildSnapshot,
  CostDataService,
  type CachedBody,
  type CostDataSnapshot,
} from './cost-data.service.ts';
export { costEstimatedEvent, materialCosts, type CostEvent } from './estimate-events.ts';
export {
  EstimateRepository,
  type EstimateRecord,
  type EstimateSummary,
  type NeighbourRow,
} from './estimate.repository.ts';
export {
  EstimateService,
  type AnalysedFile,
  type EstimateJob,
  type LoadAnalysedFile,
  type SimilarHit,
} from './estimate.service.ts';
export * from './costs-api.schemas.ts';
export { BatchUsage } from './batch-usage.ts';
export { SHARED_PATHS, SURROGATE_KEYS, sharedRowsCache } from './cost-data-cache.policy.ts';
export { createCosts, type CostServices, type CostsModuleDeps } from './costs.module.ts';
