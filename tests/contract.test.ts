import { STEP_KEY_VALUES } from '../packages/db/src/schema/enums';
import { STEP_CATALOG, STEP_KEYS, buildCompanyFlow, stepJobId } from '@provisioner/jobs';

describe('the contract between packages', () => {
  it('has the same step keys, in the same order, in the jobs catalog and the database enum', () => {
    expect([...STEP_KEY_VALUES]).toEqual([...STEP_KEYS]);
  });

  it('weighs the steps to exactly 100', () => {
    expect(STEP_KEYS.reduce((s, k) => s + STEP_CATALOG[k].weight, 0)).toBe(100);
  });
});

describe('a company flow', () => {
  const flow = buildCompanyFlow({ companyId: 'COMP-2026-00001', runId: 7, epoch: 0, steps: STEP_KEYS });

  it('chains the steps so each is the single child of the next, the last step at the root', () => {
    const order: string[] = [];
    let node: typeof flow | undefined = flow;
    while (node) {
      order.unshift((node.data as { stepKey: string }).stepKey);
      expect((node.children ?? []).length).toBeLessThanOrEqual(1);
      node = node.children?.[0];
    }
    expect(order).toEqual([...STEP_KEYS]);
    expect(flow.queueName).toBe('long');
  });

  it('uses deterministic job ids and carries ids only', () => {
    expect(flow.opts?.jobId).toBe(stepJobId('COMP-2026-00001', 7, 0, 'final_validation'));
    expect(flow.opts?.jobId).toBe('COMP-2026-00001.r7.e0.final_validation');
    expect(Object.keys(flow.data as object).sort()).toEqual(['companyId', 'epoch', 'runId', 'stepKey']);
  });

  it('lets the optional items step fail without blocking the chain, and critical ones fail it', () => {
    let node: typeof flow | undefined = flow;
    while (node) {
      const key = (node.data as { stepKey: string }).stepKey;
      if (key === 'items') expect(node.opts).toMatchObject({ ignoreDependencyOnFailure: true });
      else expect(node.opts).toMatchObject({ failParentOnFailure: true });
      node = node.children?.[0];
    }
  });

  it('builds a continue run of only the steps it is given', () => {
    const partial = buildCompanyFlow({ companyId: 'COMP-2026-00001', runId: 8, epoch: 0, steps: ['pos_profile', 'pos_session', 'final_validation'] });
    expect(partial.children?.[0]?.children?.[0]?.children).toBeUndefined();
  });
});
