import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  COMPANY_STATUSES,
  getCompany,
  InvalidStateError,
  latestStepRows,
  listCompanies,
  listEvents,
  NotFoundError,
  requestRun,
  RUN_REQUEST_FROM,
  type CompanyStatus,
  type RunRequest,
} from '@provisioner/db';
import { serveCompanyStream, type CompanyStreamDeps } from '../events';
import { ApiError, jsonBody, notFound, refuseControlCharactersInParams, sendData, validationFailed } from '../http';
import { isCompanyId } from './company-id';
import { buildCompanyView, viewOfCompany, viewsOfCompanies } from './company-view';
import { createCompanyHandler, type CreateCompanyDeps } from './create-company-handler';
import { toFieldProblems } from './create-company-body';
import { enqueueRun } from './enqueue-run';
import { logEntries } from './log-entry';

export type CompaniesRouterDeps = CreateCompanyDeps & Omit<CompanyStreamDeps, 'db' | 'logger'>;

const listQuerySchema = z.object({
  status: z.enum(COMPANY_STATUSES, { error: `must be one of ${COMPANY_STATUSES.join(', ')}` }).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number between 1 and 100')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100'))
    .default(20),
  cursor: z.string().refine(isCompanyId, 'must be the next_cursor of a previous page').optional(),
});

/** Which statuses each request needs: the state machine's table, exported once by packages/db. */
const ALLOWED_FROM: Readonly<Record<RunRequest, readonly CompanyStatus[]>> = RUN_REQUEST_FROM;

function companyIdParam(req: Request): string {
  const id = req.params.id;
  if (typeof id !== 'string' || !isCompanyId(id)) throw notFound(`Company ${String(id)} not found`);
  return id;
}

/** Every /api/companies route (mounted behind bearer auth). */
export function companiesRouter(deps: CompaniesRouterDeps): Router {
  const router = Router();
  refuseControlCharactersInParams(router, ['id']);
  const { db, statusUrlFor } = deps;

  router.post('/companies', jsonBody, createCompanyHandler(deps));

  router.get('/companies', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationFailed(toFieldProblems(parsed.error, req.query), 'Invalid query parameters; see error.details');
    const { status, limit, cursor } = parsed.data;
    const page = await listCompanies(db, { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    const items = await viewsOfCompanies(db, page.items, statusUrlFor);
    sendData(res, 200, `${items.length} compan${items.length === 1 ? 'y' : 'ies'}`, { items, next_cursor: page.nextCursor });
  });

  router.get('/companies/:id', async (req, res) => {
    const id = companyIdParam(req);
    const company = await getCompany(db, id);
    if (!company) throw notFound(`Company ${id} not found`);
    const view = await viewOfCompany(db, company, statusUrlFor);
    sendData(res, 200, `Company ${id} is ${view.status} (${view.progress}%)`, view);
  });

  router.get('/companies/:id/logs', async (req, res) => {
    const id = companyIdParam(req);
    const company = await getCompany(db, id);
    if (!company) throw notFound(`Company ${id} not found`);
    const entries = await logEntries(db, await listEvents(db, id));
    sendData(res, 200, `${entries.length} event(s) for company ${id}`, entries);
  });

  router.get('/companies/:id/events', async (req, res) => {
    const id = companyIdParam(req);
    const served = await serveCompanyStream(
      req,
      res,
      id,
      {
        snapshot: (company) => viewOfCompany(db, company, statusUrlFor),
        batch: async (company, rows) => {
          const entries = new Map((await logEntries(db, rows)).map((e) => [e.id, e]));
          return (row) => ({ ...entries.get(row.id), status: company.status, progress: company.progress });
        },
      },
      { db, hub: deps.hub, registry: deps.registry, logger: req.log ?? deps.logger, ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}) },
    );
    if (!served) throw notFound(`Company ${id} not found`);
  });

  for (const request of ['start', 'continue', 'retry'] as const) {
    router.post(`/companies/:id/${request}`, async (req, res) => {
      const id = companyIdParam(req);
      let result;
      try {
        result = await requestRun(db, id, request, deps.config.runDeadlineMs);
      } catch (err) {
        if (err instanceof NotFoundError) throw notFound(`Company ${id} not found`);
        if (err instanceof InvalidStateError) {
          throw new ApiError(
            409,
            'INVALID_STATE',
            `Cannot ${request} company ${id}: its status is ${err.currentStatus} (${request} needs ${ALLOWED_FROM[request].join(' or ')})`,
            { status: err.currentStatus, allowed_from: ALLOWED_FROM[request] },
          );
        }
        throw err;
      }
      const { company, run, steps } = result;
      deps.metrics.countRunStarted(run.kind);
      // After requestRun committed; a failed add is picked up by the worker's reconciler.
      await enqueueRun({ db, flowProducer: deps.flowProducer, logger: req.log ?? deps.logger }, { companyId: id, runId: run.id, steps });
      const view = buildCompanyView(company, await latestStepRows(db, id), run, statusUrlFor);
      sendData(res, 202, `${request[0]?.toUpperCase()}${request.slice(1)} run #${run.runNo} queued for ${id} with ${steps.length} step(s): ${steps.join(', ')}`, view);
    });
  }

  return router;
}
