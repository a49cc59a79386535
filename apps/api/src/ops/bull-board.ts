import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router } from 'express';
import { basicAuth, refuseControlCharactersInPath, type RateLimiter } from '../http';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board for the `long` and `notifications` queues, behind HTTP basic auth. Read-only on
 * purpose: a step job retried or removed by hand would bypass the run bookkeeping in Postgres;
 * operators fix a tenant with POST /api/companies/:id/continue or /retry instead. Job names read
 * `COMP-2026-00001 company` and job data holds ids only, so the board shows no secret.
 */
export function bullBoardRouter(options: { queues: readonly Queue[]; user: string; password: string; authFailures?: RateLimiter }): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: options.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Provisioner queues' } },
  });
  const router = Router();
  router.use(
    basicAuth({ user: options.user, password: options.password, realm: 'Bull Board', ...(options.authFailures ? { failures: options.authFailures } : {}) }),
  );
  // Bull Board's own routes take queue names and job ids from the path; none has a control character.
  router.use(refuseControlCharactersInPath);
  router.use(serverAdapter.getRouter() as Router);
  return router;
}
