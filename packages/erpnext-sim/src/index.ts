export { startSimulator, defaultWizardArgs } from './simulator';
export type {
  DoctypeInventory,
  Inventory,
  RequestLogEntry,
  SeedCompany,
  SimulatorHandle,
  SimulatorOptions,
  SiteAccess,
  SiteSummary,
} from './types';
export type { FaultConfig, FaultKind, FaultRates } from './faults';
export type { Doc } from './model/doc';
export { companyBody, decodeServerMessages, DEFAULT_AUTH, startTestSim, TestSim } from './testing';
export type { CallOptions, CallResult, Json } from './testing';
