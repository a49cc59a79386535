import { ErpNextError } from '@provisioner/erpnext-client';
import { StepError } from '../errors/step-error';
import { converge, ensureDoc, type WriteRetry } from './ensure-doc';

const quietLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function retry(tries = 3, waits: number[] = []): WriteRetry {
  return {
    tries,
    policy: { baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0,
    log: quietLog,
    signal: new AbortController().signal,
  };
}

const timeout = () => new ErpNextError({ code: 'ERP_TIMEOUT', message: 'timeout', ambiguous: true });
const dropped = () => new ErpNextError({ code: 'ERP_CONNECTION_DROPPED', message: 'dropped', ambiguous: true });

/** A tiny store standing in for ERPNext: `commitThenFail` makes the next insert land and then fail. */
function store() {
  const docs: string[] = [];
  let failNext: (() => ErpNextError) | null = null;
  let lostNext: (() => ErpNextError) | null = null;
  return {
    docs,
    commitThenFail(e: () => ErpNextError) {
      failNext = e;
    },
    failBeforeCommit(e: () => ErpNextError) {
      lostNext = e;
    },
    find: async () => (docs.includes('X') ? 'X' : null),
    create: async () => {
      if (lostNext) {
        const e = lostNext;
        lostNext = null;
        throw e();
      }
      docs.push('X');
      if (failNext) {
        const e = failNext;
        failNext = null;
        throw e();
      }
      return 'X';
    },
  };
}

describe('ensureDoc', () => {
  it('does not create a document that already exists', async () => {
    const s = store();
    s.docs.push('X');
    const res = await ensureDoc({ what: 'X', find: s.find, create: s.create, retry: retry() });
    expect(res).toEqual({ doc: 'X', created: false });
    expect(s.docs).toEqual(['X']);
  });

  it('looks again after an ambiguous failure and does not create the document twice', async () => {
    const s = store();
    s.commitThenFail(timeout);
    const res = await ensureDoc({ what: 'X', find: s.find, create: s.create, retry: retry() });
    expect(res.doc).toBe('X');
    expect(s.docs).toEqual(['X']);
  });

  it('writes again when the look proves the failed write did not land', async () => {
    const s = store();
    s.failBeforeCommit(dropped);
    await ensureDoc({ what: 'X', find: s.find, create: s.create, retry: retry() });
    expect(s.docs).toEqual(['X']);
  });

  it('treats a 409 as "it exists" and adopts what the next look finds', async () => {
    const docs = ['X'];
    let looks = 0;
    const res = await ensureDoc({
      what: 'X',
      find: async () => (looks++ === 0 ? null : (docs[0] ?? null)),
      create: async () => {
        throw new ErpNextError({ code: 'ERP_DUPLICATE', message: 'X already exists', status: 409 });
      },
      retry: retry(),
    });
    expect(res.doc).toBe('X');
  });

  it('rethrows the last retryable error after its tries so the job is retried with backoff', async () => {
    let creates = 0;
    const waits: number[] = [];
    const p = ensureDoc({
      what: 'X',
      find: async () => null,
      create: async () => {
        creates++;
        throw new ErpNextError({ code: 'ERP_RATE_LIMITED', message: 'slow down', status: 429, retryAfterMs: 700 });
      },
      retry: retry(3, waits),
    });
    await expect(p).rejects.toMatchObject({ code: 'ERP_RATE_LIMITED' });
    expect(creates).toBe(3);
    // Retry-After is a floor for every wait between tries.
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(700);
  });

  it('fails at once on a permanent error, through mapError', async () => {
    let creates = 0;
    const p = ensureDoc({
      what: 'X',
      find: async () => null,
      create: async () => {
        creates++;
        throw new ErpNextError({ code: 'ERP_VALIDATION', message: 'bad', status: 417 });
      },
      mapError: (err) => new StepError('WAREHOUSE_MISSING', String((err as Error).message)),
      retry: retry(),
    });
    await expect(p).rejects.toMatchObject({ code: 'WAREHOUSE_MISSING' });
    expect(creates).toBe(1);
  });
});

describe('converge', () => {
  it('re-reads after a timestamp mismatch instead of writing blindly', async () => {
    let rows = ['a'];
    let mismatch = true;
    const { result } = await converge<string[], string[]>({
      what: 'rows',
      read: async () => [...rows],
      done: (r) => (r.includes('mine') ? r : undefined),
      apply: async (r) => {
        if (mismatch) {
          mismatch = false;
          rows = [...rows, 'other']; // someone else saved meanwhile
          throw new ErpNextError({ code: 'ERP_TIMESTAMP_MISMATCH', message: 'modified', status: 417 });
        }
        rows = [...r, 'mine'];
        return undefined;
      },
      retry: retry(),
    });
    expect(result).toEqual(['a', 'other', 'mine']);
  });

  it('passes a StepError raised by the write straight through', async () => {
    const p = converge({
      what: 'x',
      read: async () => 0,
      done: () => undefined,
      apply: async () => {
        throw new StepError('SETUP_WIZARD_RUNNING', 'background');
      },
      retry: retry(),
    });
    await expect(p).rejects.toMatchObject({ code: 'SETUP_WIZARD_RUNNING' });
  });
});
