import { renderBar, renderProgress } from './progress-bar';

describe('renderProgress', () => {
  const view = {
    company_id: 'COMP-2026-00001',
    status: 'Provisioning',
    progress: 50,
    steps: [
      { key: 'engine_check', title: 'Engine check', status: 'completed', attempts: 1, error: null },
      { key: 'company', title: 'Company', status: 'running', attempts: 3, error: null },
      { key: 'items', title: 'Demo items', status: 'failed', attempts: 2, error: { code: 'ERP_VALIDATION', hint: 'fix it' } },
    ],
  };

  it('shows the bar half filled with the percentage and the status on the first line', () => {
    const first = renderProgress(view, 10).split('\n')[0];
    expect(first).toBe('COMP-2026-00001  [█████░░░░░]  50%  Provisioning');
  });

  it('lists every step with its state, its retries and the code of a failure', () => {
    const lines = renderProgress(view, 10).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/✔ Engine check\s+completed$/);
    expect(lines[2]).toMatch(/▶ Company\s+running \(try 3\)$/);
    expect(lines[3]).toMatch(/✘ Demo items\s+failed \(try 2\)  ERP_VALIDATION$/);
  });

  it('never draws more than the width, even for a progress outside 0..100', () => {
    expect(renderBar(140, 10)).toBe('[██████████] 100%');
    expect(renderBar(-5, 10)).toBe('[░░░░░░░░░░]   0%');
  });
});
