import { errorFromResponse, type ErpNextError } from '@provisioner/erpnext-client';
import { DOMAIN_ERROR_CODES, ERROR_CATALOG } from './error-catalog';
import { classifyError, StepError } from './step-error';

/** A Frappe 417 body as v15 sends it: `_server_messages` double-encoded, HTML inside. */
function frappe417(message: string): ErpNextError {
  const inner = JSON.stringify({ message, title: 'Message', indicator: 'red', raise_exception: 1 });
  return errorFromResponse({ status: 417, bodyText: JSON.stringify({ exc_type: 'ValidationError', _server_messages: JSON.stringify([inner]) }), method: 'POST', path: '/api/resource/POS Profile' });
}

describe('classifyError', () => {
  it('gives every domain code an operator hint that says what to do next', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      expect(ERROR_CATALOG[code].hint.length).toBeGreaterThan(40);
      expect(ERROR_CATALOG[code].hint).toMatch(/continue|retry|retries/i);
    }
  });

  it('keeps the code, hint and retry flag of a StepError', () => {
    const c = classifyError(new StepError('COMPANY_NAME_TAKEN', 'taken', { hint: 'rename it' }));
    expect(c).toEqual({ code: 'COMPANY_NAME_TAKEN', message: 'taken', hint: 'rename it', retryable: false });
  });

  it('lets a step make a normally permanent code retryable', () => {
    expect(classifyError(new StepError('CHART_MISSING', 'no accounts', { retryable: false })).retryable).toBe(false);
    expect(classifyError(new StepError('CHART_MISSING', 'no accounts')).retryable).toBe(true);
  });

  it('maps the POS "Missing Account" validation error to CASH_ACCOUNT_MISSING', () => {
    const err = frappe417('Please set default Cash or Bank account in Mode of Payments <a href="/app/mode-of-payment/Cash">Cash</a>');
    const c = classifyError(err);
    expect(c.code).toBe('CASH_ACCOUNT_MISSING');
    expect(c.retryable).toBe(false);
    expect(c.message).toContain('Mode of Payments Cash');
  });

  it('maps a missing warehouse link to WAREHOUSE_MISSING and a missing warehouse type to MASTER_MISSING', () => {
    expect(classifyError(frappe417('Could not find Warehouse: Main Store')).code).toBe('WAREHOUSE_MISSING');
    expect(classifyError(frappe417('Could not find Warehouse Type: Transit')).code).toBe('MASTER_MISSING');
  });

  it('keeps other 417s as ERP_VALIDATION, permanent', () => {
    const c = classifyError(frappe417('Error: Value missing for Company: Default Currency'));
    expect(c.code).toBe('ERP_VALIDATION');
    expect(c.retryable).toBe(false);
  });

  it('classifies a deadlock as retryable and passes Retry-After of a 429 on', () => {
    const deadlock = errorFromResponse({ status: 500, bodyText: JSON.stringify({ exc_type: 'QueryDeadlockError' }), method: 'POST', path: '/x' });
    expect(classifyError(deadlock)).toMatchObject({ code: 'ERP_DEADLOCK', retryable: true });
    const limited = errorFromResponse({ status: 429, bodyText: JSON.stringify({ exc_type: 'TooManyRequestsError' }), retryAfter: '3', method: 'GET', path: '/x' });
    expect(classifyError(limited)).toMatchObject({ code: 'ERP_RATE_LIMITED', retryable: true, retryAfterMs: 3000 });
  });

  it('turns an unknown exception into a permanent INTERNAL_ERROR', () => {
    expect(classifyError(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL_ERROR', retryable: false, message: 'x is undefined' });
  });
});
