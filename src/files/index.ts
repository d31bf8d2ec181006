export { FileService, type FilePage, type FileListeners, type EnqueueAnalyses } from './file.service.ts';
export { FileRepository, createdAtOfId, type FileRecord } from './file.repository.ts';
export { LocalBlobStore } from './blob-store.ts';
export { DRAWING_FORMATS, READABLE_FORMATS, type DrawingFormat } from './file-type.ts';
export * from './files.errors.ts';
export { ANALYSIS_STATUSES, FILE_STATUSES, type AnalysisStatus, type FileStatus } from './file-status.ts';
export {
  AnalysisService,
  type DrawingEngine,
  type DrawingInput,
  type PreviewRequest,
  type AnalysisListeners,
  type QueueAnalysis,
} from './analysis.service.ts';
export { AnalysisRepository, type AnalysisRecord } from './analysis.repository.ts';
export {
  fileUploadedEvent,
  analysisCompletedEvent,
  fileEventFields,
  type NewDomainEvent,
} from './file-events.ts';
export { LayerMappingRepository, type LayerMappingRecord } from './layer-mapping.repository.ts';
export {
  fileJson,
  analysisJson,
  fileListJson,
  analysisViewJson,
  DEFAULT_FILE_LIST,
  type FileJson,
  type FileListQuery,
} from './file.views.ts';
export {
  FileCachePolicy,
  fileListKey,
  fileMetadataKey,
  analysisKey,
  previewKey,
  geometryKey,
} from './file-cache.policy.ts';
export { LayerMappingService } from './layer-mapping.service.ts';
export { TakeoffAdjustmentService, type AdjustmentRequest } from './takeoff-adjustment.service.ts';
export type { TakeoffAdjustment } from './takeoff-adjustment.repository.ts';
export {
  MEASUREMENT_ITEMS,
  MEASUREMENT_TOOLS,
  measuredQuantity,
  type MeasurementTool,
} from './manual-measurement.ts';
export { createFiles, type Files, type FilesModuleDeps } from './files.module.ts';
