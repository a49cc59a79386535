export { createApi } from './app';
export type { Api, ApiDeps } from './app';
export { loadApiConfig, ConfigError } from './config';
export type { ApiConfig } from './config';
export { createLogger, REDACT_PATHS } from './logger';
export { createStatusToken, verifyStatusToken } from './status-page';
export type { CompanyView, StepView } from './companies';
export type { PublicStatusView } from './status-page';
