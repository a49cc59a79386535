import net from 'node:net';

/** One line per missing service, with the command that starts it (SPEC §11). */
export const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
export const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

export function portAnswers(host: string, port: number, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function checkServices(redisUrl: string, databaseUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const r = new URL(redisUrl);
  const p = new URL(databaseUrl);
  if (!(await portAnswers(r.hostname, Number(r.port || 6379)))) {
    problems.push(`Redis does not answer at ${r.hostname}:${r.port || 6379} — start it with: ${START_REDIS}`);
  }
  if (!(await portAnswers(p.hostname, Number(p.port || 5432)))) {
    problems.push(`PostgreSQL does not answer at ${p.hostname}:${p.port || 5432} — start it with: ${START_POSTGRES}`);
  }
  return problems;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function preferredPort(preferred: number): Promise<number> {
  return (await portAnswers('127.0.0.1', preferred, 300)) ? freePort() : preferred;
}
