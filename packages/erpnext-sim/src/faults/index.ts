export { decideFault, faultApplies } from './fault-plan';
export type { FaultDecision } from './fault-plan';
export { faultConfigSchema, parseFaultConfig } from './fault-config';
export type { FaultConfig, FaultKind, FaultRates } from './fault-config';
export { mulberry32 } from './prng';
export type { Prng } from './prng';
