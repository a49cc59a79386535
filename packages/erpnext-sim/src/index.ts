export { startSimulator, defaultWizardArgs } from './simulator';
export { REALISTIC_TIMINGS } from './http/timed-requests';
export type {
  ApiUser,
  CompanyInsertRace,
  DoctypeInventory,
  Inventory,
  RequestLogEntry,
  SeedCompany,
  SimulatorHandle,
  SimulatorOptions,
  SimulatorStats,
  SimulatorTimings,
  SiteAccess,
  SiteStats,
  SiteSummary,
  TimingMs,
} from './types';
export type { FaultConfig, FaultKind, FaultRates } from './faults';
export type { Doc } from './model/doc';
export { companyBody, decodeServerMessages, DEFAULT_AUTH, startTestSim, TestSim } from './testing';
export type { CallOptions, CallResult, Json } from './testing';
export { BENCH_STANDIN, makeBenchDirectory, minimalEnv, NGINX_STANDIN, runStandin } from './testing';
export type { BenchDirectory, BenchDirectoryOptions, RunOptions, RunResult, StandinInvocation } from './testing';
