export { createMetrics, registerGauge, type Metrics } from './metrics.ts';
export { loggerOptions, logAnsweredRequest } from './logger.ts';
export { readinessCheck, type ReadinessCheck } from './readiness.ts';
export { registerPlatformGauges } from './platform-gauges.ts';
