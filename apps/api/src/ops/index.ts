export { healthRouter } from './health-router';
export { createApiMetrics, STEP_DURATION_BUCKETS_SECONDS } from './metrics';
export type { ApiMetrics } from './metrics';
export { bullBoardRouter, BULL_BOARD_PATH } from './bull-board';
