import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createDb } from '@provisioner/db';
import { createApi } from '../app';
import { BOARD_PASSWORD, BOARD_USER, companyBody, finishRun, setCompanyStatus, setStep, startTestApi, type TestApi } from '../testing';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.close();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('health and readiness', () => {
  it('answers /healthz with the success envelope', async () => {
    const res = await t.request('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, data: { status: 'ok' } });
  });

  it('answers /readyz 200 when Redis and Postgres both answer', async () => {
    const res = await t.request('GET', '/readyz', { token: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true, message: 'ready', data: { redis: 'ok', postgres: 'ok' } });
  });

  /** An api on its own port, with the given Redis client and config, for one request. */
  async function readyzOf(redis: Redis, config = t.config): Promise<{ status: number; text: string; body: { success: boolean; error: { code: string; message: string; details: Record<string, string> } } }> {
    const api = createApi({ config, db: t.tdb.db, sql: t.tdb.sql, redis, logger: pino({ level: 'silent' }) });
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      const text = await res.text();
      return { status: res.status, text, body: JSON.parse(text) };
    } finally {
      await api.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('answers /readyz 503 saying Redis is down, without the driver\'s error text, when Redis does not answer', async () => {
    // Nothing listens on port 1; disconnectTimeout is short because ioredis otherwise keeps a 2s timer for the dead socket.
    const deadRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, disconnectTimeout: 10 });
    deadRedis.on('error', () => undefined);
    try {
      const { status, text, body } = await readyzOf(deadRedis);
      expect(status).toBe(503);
      expect(body).toEqual({ success: false, error: { code: 'NOT_READY', message: 'Not ready: redis is down', details: { redis: 'down', postgres: 'ok' } } });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Connection is closed|timeout/i);
    } finally {
      deadRedis.disconnect();
    }
  });

  it('answers /readyz 503 saying Postgres is down, without the driver\'s error text, when Postgres does not answer', async () => {
    const { status, text, body } = await readyzOf(t.redis, { ...t.config, databaseUrl: 'postgres://postgres@127.0.0.1:1/provisioner' });
    expect(status).toBe(503);
    expect(body).toEqual({ success: false, error: { code: 'NOT_READY', message: 'Not ready: postgres is down', details: { redis: 'ok', postgres: 'down' } } });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select|error:/i);
  });

  it('answers /readyz 200 while every connection of the query pool is busy: readiness has its own connection', async () => {
    const pool = createDb(t.tdb.url, { max: 1, applicationName: 'provisioner-test-busy-pool' });
    const api = createApi({ config: t.config, db: pool.db, sql: pool.sql, redis: t.redis, logger: pino({ level: 'silent' }) });
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const busy = pool.sql`select pg_sleep(3)`.then(() => undefined);
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { redis: 'ok', postgres: 'ok' } });
    } finally {
      await busy;
      await api.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    }
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with the fleet, queue and api metrics', async () => {
    const created = await t.request('POST', '/api/companies', { body: companyBody() });
    const id = created.json.data.company_id as string;
    await setCompanyStatus(t.worker, id, 'Provisioning');
    await setStep(t.worker, id, 'engine_check', 'completed');
    await setStep(t.worker, id, 'platform_setup', 'failed', { code: 'BENCH_FAILED', message: 'x', hint: 'y', retryable: false });
    await finishRun(t.worker, id, 'failed');
    await setCompanyStatus(t.worker, id, 'Failed');

    const res = await fetch(`${t.baseUrl}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const name of [
      'provisioner_companies',
      'provisioner_queue_jobs',
      'provisioner_api_runs_started_total',
      'provisioner_db_runs_finished',
      'provisioner_db_step_failures',
      'provisioner_db_emails',
      'provisioner_db_step_duration_seconds',
      'provisioner_api_metrics_source_up',
      'provisioner_api_process_cpu_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/provisioner_companies\{status="Failed"\} [1-9]/);
    expect(text).toMatch(/provisioner_queue_jobs\{queue="long",state="waiting-children"\} \d+/);
    expect(text).toMatch(/provisioner_api_runs_started_total\{kind="initial"\} [1-9]/);
    expect(text).toContain('provisioner_db_runs_finished{kind="initial",outcome="failed"} 1');
    expect(text).toContain('provisioner_db_step_failures{step="platform_setup",code="BENCH_FAILED"} 1');
    expect(text).toContain('# TYPE provisioner_db_step_duration_seconds histogram');
    expect(text).toMatch(/provisioner_db_step_duration_seconds_bucket\{step="engine_check",outcome="completed",le="\+Inf"\} 1/);
    expect(text).toMatch(/provisioner_db_step_duration_seconds_count\{step="engine_check",outcome="completed"\} 1/);
    expect(text).toContain('provisioner_api_metrics_source_up{source="postgres"} 1');
    expect(text).toContain('provisioner_api_metrics_source_up{source="redis"} 1');
  });
});

describe('Bull Board at /admin/queues', () => {
  it('answers 401 with a Basic challenge without credentials or with wrong ones', async () => {
    const anonymous = await fetch(`${t.baseUrl}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Bull Board"/);
    const wrong = await fetch(`${t.baseUrl}/admin/queues`, { headers: { authorization: basic(BOARD_USER, 'nope') } });
    expect(wrong.status).toBe(401);
    const api = await fetch(`${t.baseUrl}/admin/queues/api/queues`);
    expect(api.status).toBe(401);
  });

  it('serves the board and both queues with the right credentials, without the admin password', async () => {
    const password = 'Board-Hidden-Pass-5';
    await t.request('POST', '/api/companies', { body: companyBody({ admin_password: password }) });
    const page = await fetch(`${t.baseUrl}/admin/queues`, { headers: { authorization: basic(BOARD_USER, BOARD_PASSWORD) } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const res = await fetch(`${t.baseUrl}/admin/queues/api/queues?activeQueue=long&status=waiting-children&page=1`, {
      headers: { authorization: basic(BOARD_USER, BOARD_PASSWORD) },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    const body = JSON.parse(text) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['long', 'notifications']);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(text).toMatch(/COMP-\d{4}-\d{5} /);
    expect(text).not.toContain(password);
  });
});
