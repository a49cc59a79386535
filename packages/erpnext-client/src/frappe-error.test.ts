import { errorFromResponse, parseRetryAfter, parseServerMessages, stripHtml } from './frappe-error';

// The composed 417 of FRAPPE_REST_FACTS §4: outer body compact, inner strings json.dumps-style.
const inner = JSON.stringify({ message: 'Abbreviation already used for another company', title: 'Message', indicator: 'red', raise_exception: 1 }).replace(/":/g, '": ').replace(/,"/g, ', "');
const abbrBody = JSON.stringify({ exc_type: 'ValidationError', _server_messages: JSON.stringify([inner]) });

describe('Frappe error bodies', () => {
  it('reads the double-encoded _server_messages of a 417 into plain messages', () => {
    const err = errorFromResponse({ status: 417, bodyText: abbrBody, method: 'POST', path: '/api/resource/Company' });
    expect(err.code).toBe('ERP_VALIDATION');
    expect(err.retryable).toBe(false);
    expect(err.excType).toBe('ValidationError');
    expect(err.messages).toEqual(['Abbreviation already used for another company']);
    expect(err.hasMessage('abbreviation already used')).toBe(true);
  });

  it('strips the HTML Frappe puts in messages', () => {
    const msg = JSON.stringify({ message: 'Please set default Cash or Bank account in Mode of Payments <a href="/app/mode-of-payment/Cash">Cash</a>', title: 'Missing Account' });
    expect(parseServerMessages(JSON.stringify([msg]))).toEqual(['Please set default Cash or Bank account in Mode of Payments Cash']);
    expect(stripHtml('Company <strong>Acme</strong> &amp; Co')).toBe('Company Acme & Co');
  });

  it('falls back to _error_message, then to exc_type and status', () => {
    const perm = errorFromResponse({ status: 403, bodyText: JSON.stringify({ exc_type: 'PermissionError', _error_message: 'No permission for <strong>Company</strong>' }), method: 'GET', path: '/x' });
    expect(perm.code).toBe('ERP_PERMISSION_DENIED');
    expect(perm.messages).toEqual(['No permission for Company']);
    const auth = errorFromResponse({ status: 401, bodyText: JSON.stringify({ exc_type: 'AuthenticationError' }), method: 'GET', path: '/x' });
    expect(auth.code).toBe('ERP_AUTH_FAILED');
    expect(auth.message).toContain('AuthenticationError (HTTP 401)');
  });

  it.each([
    [409, 'DuplicateEntryError', 'ERP_DUPLICATE', false],
    [404, 'DoesNotExistError', 'ERP_NOT_FOUND', false],
    [417, 'TimestampMismatchError', 'ERP_TIMESTAMP_MISMATCH', true],
    [500, 'QueryDeadlockError', 'ERP_DEADLOCK', true],
    [500, 'QueryTimeoutError', 'ERP_DEADLOCK', true],
    [429, 'TooManyRequestsError', 'ERP_RATE_LIMITED', true],
    [503, 'SessionStopped', 'ERP_UNAVAILABLE', true],
    [503, 'InReadOnlyMode', 'ERP_UNAVAILABLE', true],
    [500, 'TypeError', 'ERP_SERVER_ERROR', true],
    [400, 'CSRFTokenError', 'ERP_BAD_REQUEST', false],
  ])('maps HTTP %i %s to %s (retryable: %s)', (status, excType, code, retryable) => {
    const err = errorFromResponse({ status, bodyText: JSON.stringify({ exc_type: excType }), method: 'POST', path: '/x' });
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
  });

  it('treats a 5xx after a write as ambiguous: the write may have been committed', () => {
    expect(errorFromResponse({ status: 502, bodyText: '<html>Bad Gateway</html>', method: 'POST', path: '/x' }).ambiguous).toBe(true);
    expect(errorFromResponse({ status: 502, bodyText: '', method: 'GET', path: '/x' }).ambiguous).toBe(false);
    expect(errorFromResponse({ status: 417, bodyText: abbrBody, method: 'POST', path: '/x' }).ambiguous).toBe(false);
  });

  it('classifies the Company-insert race of ERPNext v15 as a retryable conflict, and other link errors as validation', () => {
    const body = (message: string) =>
      JSON.stringify({ exc_type: 'LinkValidationError', _server_messages: JSON.stringify([JSON.stringify({ message, title: 'Message', indicator: 'red', raise_exception: 1 })]) });
    const race = errorFromResponse({ status: 417, bodyText: body('Could not find Row #6: Default Account: Cash - FT3'), method: 'POST', path: '/api/resource/Company' });
    expect(race.code).toBe('ERP_CONCURRENT_CONFLICT');
    expect(race.retryable).toBe(true);
    expect(race.ambiguous).toBe(false);
    const country = errorFromResponse({ status: 417, bodyText: body('Could not find Country: Narnia'), method: 'POST', path: '/api/resource/Company' });
    expect(country.code).toBe('ERP_VALIDATION');
  });

  it('carries Retry-After as milliseconds', () => {
    const err = errorFromResponse({ status: 429, bodyText: '{"exc_type":"TooManyRequestsError"}', retryAfter: '3', method: 'GET', path: '/x' });
    expect(err.retryAfterMs).toBe(3000);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
