export { statusRouter } from './status-router';
export type { StatusRouterDeps } from './status-router';
export { createStatusToken, verifyStatusToken, statusUrlFor } from './status-token';
export { toPublicView } from './public-view';
export type { PublicStatusView } from './public-view';
export { renderStatusPage, renderNotFoundPage } from './status-page-html';
