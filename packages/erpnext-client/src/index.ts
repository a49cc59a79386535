export { ErpNextClient, createErpNextClient } from './client';
export type { ErpNextClientOptions, ErpAuth, ErpLogger, ListOptions, FrappeFilters, FrappeFilterValue, FrappeDoc } from './client';
export { ErpNextError, ERP_ERROR_CODES, RETRYABLE_ERP_CODES, isErpNextError } from './erpnext-error';
export type { ErpErrorCode, ErpNextErrorInit } from './erpnext-error';
export { errorFromResponse, parseServerMessages, parseRetryAfter, stripHtml } from './frappe-error';
export type { FrappeErrorBody, HttpFailure } from './frappe-error';
export { retryDelayMs, isRetryableError, retryAfterOf } from './retry-policy';
export type { RetryPolicy, RetryDelayInput } from './retry-policy';
