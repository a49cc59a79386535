export { companyBody, decodeServerMessages, DEFAULT_AUTH, startTestSim, TestSim } from './test-client';
export type { CallOptions, CallResult, Json } from './test-client';
