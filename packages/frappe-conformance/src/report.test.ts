import { formatTable } from './report';
import { exitCodeOf, type RunReport } from './runner';

const report: RunReport = {
  target: 'https://erp.example.com',
  tag: 'cf123abc',
  outcomes: [
    { id: 'ping-pong', section: '§1', title: 'ping', outcome: 'agree', detail: '200 {"message":"pong"}', ms: 3 },
    { id: 'company-insert-race', section: '§10', title: 'race', outcome: 'differ', detail: 'both inserts saved', ms: 900 },
  ],
  deleted: [{ doctype: 'Customer', name: 'Conformance cf123abc Twin' }],
  leftovers: [{ doctype: 'Company', name: 'Conformance cf123abc', reason: '417 LinkExistsError "Cannot delete"' }],
};

describe('formatTable', () => {
  it('prints one line per fact, the counts and what was left on the site', () => {
    const text = formatTable(report);
    expect(text).toContain('ping-pong            §1       agree   200 {"message":"pong"}');
    expect(text).toContain('1 agree, 1 differ, 0 error, of 2 facts.');
    expect(text).toContain('Left on the site (1):\n  Company "Conformance cf123abc": 417 LinkExistsError "Cannot delete"');
  });

  it('exits 1 unless every fact agrees', () => {
    expect(exitCodeOf(report)).toBe(1);
    expect(exitCodeOf({ ...report, outcomes: report.outcomes.slice(0, 1) })).toBe(0);
  });
});
