export { companyBody, decodeServerMessages, DEFAULT_AUTH, startTestSim, TestSim } from './test-client';
export type { CallOptions, CallResult, Json } from './test-client';
export { BENCH_STANDIN, makeBenchDirectory, minimalEnv, NGINX_STANDIN, runStandin } from './bench-directory';
export type { BenchDirectory, BenchDirectoryOptions, RunOptions, RunResult, StandinInvocation } from './bench-directory';
