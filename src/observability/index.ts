export { createMetrics, registerGauge, type Metrics } from './metrics.ts';
export { loggerOptions } from './logger.ts';
