import { quoteLogs, summarizeErrorLog, wizardWindowMs } from './setup-wizard-run';

describe('setup wizard run', () => {
  it('waits for an earlier call for the slow timeout plus at most a minute', () => {
    expect(wizardWindowMs(300_000)).toBe(360_000);
    expect(wizardWindowMs(5_000)).toBe(10_000);
  });

  it('quotes an Error Log by its exception line, without the stack', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "apps/frappe/frappe/desk/page/setup_wizard/setup_wizard.py", in make_records',
      '    doc.insert(ignore_permissions=True, ignore_if_duplicate=True)',
      'frappe.exceptions.MandatoryError: [Fiscal Year, 2026]: year_start_date, year_end_date',
      '',
    ].join('\n');
    expect(summarizeErrorLog(traceback)).toBe('MandatoryError: [Fiscal Year, 2026]: year_start_date, year_end_date');
  });

  it('keeps the first two exception lines of a chained traceback, short, with secrets masked', () => {
    const chained = [
      'Traceback (most recent call last):',
      '  File "x.py", in f',
      "frappe.exceptions.LinkValidationError: Could not find Country: Atlantis (password hunter2)",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "y.py", in g',
      'pymysql.err.InternalError: (1205, "Lock wait timeout exceeded")',
    ].join('\n');
    expect(summarizeErrorLog(chained, ['hunter2'])).toBe('LinkValidationError: Could not find Country: Atlantis (password ***) / InternalError: (1205, "Lock wait timeout exceeded")');
    expect(summarizeErrorLog('x'.repeat(500)).length).toBe(240);
    expect(quoteLogs([])).toBe('');
    expect(quoteLogs(['A', 'B', 'C'])).toBe('; ERPNext logged "Exception during Setup": A; B');
  });
});
