export { createMetrics, registerGauge, type Metrics } from './metrics.ts';
export { loggerOptions, logAnsweredRequest } from './logger.ts';
export { readinessCheck, type ReadinessCheck } from './readiness.ts';
export { registerPlatformGauges } from './platform-gauges.ts';
export { registerReplicaGauges } from './replica-gauges.ts';
export { metricsSource, METRICS_REQUEST, METRICS_RESPONSE } from './cluster-metrics.ts';
