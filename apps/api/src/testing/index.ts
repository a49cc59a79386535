export { startTestApi, companyBody, dumpRedis, scanKeys, TEST_TOKEN, SECOND_TOKEN, BOARD_USER, BOARD_PASSWORD, TEST_SECRET_KEY } from './test-api';
export type { TestApi, TestResponse, RequestOptions } from './test-api';
export { openSse } from './sse-client';
export type { SseEvent, SseConnection } from './sse-client';
export { setCompanyStatus, setStep, finishRun } from './worker-sim';
