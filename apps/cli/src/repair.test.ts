import { repairFor, repairKindForHint } from './repair';

const step = (key: string, status: string, error: { code: string; hint: string; retryable: boolean } | null = null) => ({
  key,
  title: key,
  status,
  attempts: 1,
  started_at: null,
  finished_at: null,
  error: error ? { ...error, message: `${error.code} happened` } : null,
});

describe('repairFor', () => {
  it('proposes continue for a Failed company whose hint ends in POST /continue', () => {
    const view = {
      company_id: 'COMP-2026-00007',
      status: 'Failed',
      steps: [step('engine_check', 'completed'), step('company', 'failed', { code: 'COMPANY_NAME_TAKEN', hint: 'Rename it in ERPNext, then POST /continue.', retryable: false })],
    };
    expect(repairFor(view)).toEqual({
      kind: 'continue',
      command: 'npx provision continue COMP-2026-00007',
      first: 'Rename it in ERPNext, then POST /continue.',
    });
  });

  it('proposes retry when the hint says retry recreates what is missing', () => {
    const view = {
      company_id: 'COMP-2026-00008',
      status: 'Failed',
      steps: [step('final_validation', 'failed', { code: 'VALIDATION_MISMATCH', hint: 'Check it; POST /retry re-runs every step idempotently and recreates it.', retryable: false })],
    };
    expect(repairFor(view)?.command).toBe('npx provision retry COMP-2026-00008');
  });

  it('has nothing to run before continue when the failure was transient', () => {
    const view = { company_id: 'COMP-2026-00009', status: 'Failed', steps: [step('company', 'failed', { code: 'ERP_TIMEOUT', hint: 'then POST /continue.', retryable: true })] };
    expect(repairFor(view)?.first).toBeNull();
  });

  it('needs no repair for an Active company or one that is moving', () => {
    expect(repairFor({ company_id: 'COMP-2026-00001', status: 'Active', steps: [] })).toBeNull();
    expect(repairFor({ company_id: 'COMP-2026-00001', status: 'Provisioning', steps: [] })).toBeNull();
  });

  it('tells an operator to get a worker going before continuing a stuck company', () => {
    const repair = repairFor({ company_id: 'COMP-2026-00002', status: 'Queued', steps: [] }, true);
    expect(repair?.command).toBe('npx provision continue COMP-2026-00002');
    expect(repair?.first).toMatch(/start:worker/);
  });
});

describe('repairKindForHint', () => {
  it('follows the last request the hint names', () => {
    expect(repairKindForHint('import a chart or delete the company and POST /retry.')).toBe('retry');
    expect(repairKindForHint('POST /retry would also work, but POST /continue is enough.')).toBe('continue');
    expect(repairKindForHint(undefined)).toBe('continue');
  });
});
