import type { Config } from './config.ts';
import type { DrawingAnalyzer } from './files/index.ts';
import { AppError } from './shared/app-error.ts';

/** The drawing analyzer used by the analysis job (placeholder until the takeoff engine is wired). */
export function drawingAnalyzer(_config: Readonly<Config>): DrawingAnalyzer {
  return async () => {
    throw new AppError('READER_PENDING', 422, 'drawing reader not wired yet');
  };
}
