export { createMetrics, registerGauge, type Metrics } from './metrics.ts';
export { loggerOptions, logAnsweredRequest } from './logger.ts';
