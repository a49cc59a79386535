export { createEventHub } from './event-hub';
export type { EventHub } from './event-hub';
export { serveCompanyStream, StreamRegistry, HEARTBEAT_MS } from './company-stream';
export type { StreamRenderer, CompanyStreamDeps, StreamLimits } from './company-stream';
