import { createLogger, serializeError } from './logger';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } }) };
}

describe('the api logger', () => {
  it('redacts passwords, tokens and authorization headers wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info({ body: { admin_password: 'pw-one-1234' }, password: 'pw-two-1234', req: { headers: { authorization: 'Bearer tok-123456' } }, token: 'tok-abc' }, 'x');
    const text = lines.join('');
    for (const secret of ['pw-one-1234', 'pw-two-1234', 'tok-123456', 'tok-abc']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('drops the bound parameters a failed query carries in its message', () => {
    const queryError = Object.assign(new Error('Failed query: insert into companies values ($1, $2)\nparams: owner@acme.com,v1.sealed'), {
      params: ['owner@acme.com', 'v1.sealed'],
      cause: Object.assign(new Error('new row violates check constraint'), { code: '23514', detail: 'Failing row contains (owner@acme.com, v1.sealed).' }),
    });
    const serialized = JSON.stringify(serializeError(queryError));
    expect(serialized).toContain('insert into companies values ($1, $2)');
    expect(serialized).toContain('23514');
    expect(serialized).not.toContain('owner@acme.com');
    expect(serialized).not.toContain('v1.sealed');
  });
});
