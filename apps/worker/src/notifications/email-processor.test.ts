import { emailRetryDelay, mailDomain, outboxMessageId } from './email-processor';

describe('email sender rules', () => {
  it('makes the same Message-ID for a row every time, in the sender\'s domain', () => {
    const row = { id: 42, kind: 'success' as const, companyId: 'COMP-2026-00042' };
    expect(outboxMessageId(row, mailDomain('Provisioning <no-reply@fleet.example>'))).toBe('<outbox-42.success.COMP-2026-00042@fleet.example>');
    expect(outboxMessageId(row, mailDomain('ops@fleet.example'))).toBe(outboxMessageId(row, 'fleet.example'));
  });

  it('waits longer after each refusal, never longer than the cap', () => {
    const mid = () => 0.5;
    expect(emailRetryDelay(1, 5_000, 600_000, mid)).toBe(5_000);
    expect(emailRetryDelay(2, 5_000, 600_000, mid)).toBe(10_000);
    expect(emailRetryDelay(500, 5_000, 600_000, () => 1)).toBe(600_000);
  });
});
