import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { getCompany, type Database } from '@provisioner/db';
import { viewOfCompany, type StatusUrlFor } from '../companies/company-view';
import { serveCompanyStream, type CompanyStreamDeps } from '../events';
import { notFound, refuseControlCharactersInParams, sendData } from '../http';
import { toPublicView } from './public-view';
import { renderNotFoundPage, renderStatusPage } from './status-page-html';
import { verifyStatusToken } from './status-token';

export interface StatusRouterDeps extends Omit<CompanyStreamDeps, 'db'> {
  db: Database;
  secretKey: string;
  statusUrlFor: StatusUrlFor;
}

/** The token is a capability: keep it out of caches, referrers and search engines. */
function privateHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * The public status page of one company, reached by the unguessable link in `status_url`:
 * GET /status/:token (HTML), /status/:token/view.json and /status/:token/events (SSE). No bearer
 * token is needed; the page shows only PublicStatusView fields.
 */
export function statusRouter(deps: StatusRouterDeps): Router {
  const router = Router();
  refuseControlCharactersInParams(router, ['token']);
  const companyIdOf = (req: Request): string | null => {
    const token = req.params.token;
    return typeof token === 'string' ? verifyStatusToken(deps.secretKey, token) : null;
  };

  router.get('/status/:token', async (req, res) => {
    privateHeaders(res);
    const id = companyIdOf(req);
    const company = id ? await getCompany(deps.db, id) : null;
    if (!company) {
      res.status(404).type('html').send(renderNotFoundPage());
      return;
    }
    const view = toPublicView(await viewOfCompany(deps.db, company, deps.statusUrlFor));
    const nonce = randomBytes(16).toString('hex');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    res.status(200).type('html').send(renderStatusPage(view, nonce));
  });

  router.get('/status/:token/view.json', async (req, res) => {
    privateHeaders(res);
    const id = companyIdOf(req);
    const company = id ? await getCompany(deps.db, id) : null;
    if (!company) throw notFound('Status page not found');
    const view = toPublicView(await viewOfCompany(deps.db, company, deps.statusUrlFor));
    sendData(res, 200, `${view.company_name}: ${view.status} (${view.progress}%)`, view);
  });

  router.get('/status/:token/events', async (req, res) => {
    privateHeaders(res);
    const id = companyIdOf(req);
    if (!id) throw notFound('Status page not found');
    const served = await serveCompanyStream(
      req,
      res,
      id,
      {
        snapshot: async (company) => toPublicView(await viewOfCompany(deps.db, company, deps.statusUrlFor)),
        batch: async (company) => {
          const view = toPublicView(await viewOfCompany(deps.db, company, deps.statusUrlFor));
          return (row) => ({ ...view, event: { id: row.id, type: row.type, step: row.stepKey, at: row.createdAt.toISOString() } });
        },
      },
      { db: deps.db, hub: deps.hub, registry: deps.registry, logger: req.log ?? deps.logger, ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}) },
    );
    if (!served) throw notFound('Status page not found');
  });

  return router;
}
