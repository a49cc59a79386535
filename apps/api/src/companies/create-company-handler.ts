import type { FlowProducer } from 'bullmq';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  createCompany,
  getCompanyByIdempotencyKey,
  UniqueTakenError,
  type CompanyRow,
  type Database,
  type SecretBox,
} from '@provisioner/db';
import type { ApiConfig } from '../config';
import { ApiError, sendData, validationFailed } from '../http';
import type { ApiMetrics } from '../ops/metrics';
import { buildCompanyView, viewOfCompany, type StatusUrlFor } from './company-view';
import { createCompanyBodySchema, toFieldProblems } from './create-company-body';
import { enqueueRun } from './enqueue-run';
import { generateAdminPassword } from './generate-password';
import { IDEMPOTENCY_HEADER, readIdempotencyKey, requestFingerprint } from './idempotency';

export interface CreateCompanyDeps {
  config: ApiConfig;
  db: Database;
  flowProducer: FlowProducer;
  secretBox: SecretBox;
  metrics: ApiMetrics;
  logger: Logger;
  statusUrlFor: StatusUrlFor;
}

/**
 * POST /api/companies.
 *
 * Idempotency: with an `Idempotency-Key`, the key and an HMAC fingerprint of the normalized body are
 * stored on the company (unique index on the key). A repeat with the same body answers 200 with the
 * company as it is now; a different body under the same key is 422 IDEMPOTENCY_KEY_REUSED. When
 * several identical requests race, one insert wins and the others hit a unique index (the key's, or
 * the domain's if Postgres checks that one first); they then find the winner by key and answer 200.
 * Only the winner adds the flow, so one company and one flow come out.
 */
export function createCompanyHandler(deps: CreateCompanyDeps) {
  const replay = async (res: Response, existing: CompanyRow, fingerprint: string): Promise<void> => {
    if (existing.requestFingerprint !== fingerprint) {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key was already used for a different request (company ${existing.id}); use a new key for a new request`,
      );
    }
    const view = await viewOfCompany(deps.db, existing, deps.statusUrlFor);
    sendData(res, 200, `Company '${existing.companyName}' was already created with this Idempotency-Key`, view);
  };

  return async (req: Request, res: Response): Promise<void> => {
    const idem = readIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
    if ('problem' in idem) throw validationFailed([idem.problem]);
    const parsed = createCompanyBodySchema.safeParse(req.body);
    if (!parsed.success) throw validationFailed(toFieldProblems(parsed.error, req.body));
    const body = parsed.data;

    const idempotencyKey = idem.key;
    const fingerprint = idempotencyKey ? requestFingerprint(deps.config.secretKey, body) : null;
    if (idempotencyKey && fingerprint) {
      const existing = await getCompanyByIdempotencyKey(deps.db, idempotencyKey);
      if (existing) return replay(res, existing, fingerprint);
    }

    const siteName = body.domain;
    let created;
    try {
      created = await createCompany(
        deps.db,
        {
          companyName: body.company_name,
          requestedAbbr: body.company_abbr ?? null,
          adminEmail: body.admin_email,
          // Sealed at once: the plain password lives only in this request's memory.
          adminPasswordEnc: deps.secretBox.seal(body.admin_password ?? generateAdminPassword()),
          defaultCurrency: body.default_currency,
          country: body.country,
          domain: body.domain,
          siteName,
          siteUrl: deps.config.siteUrlTemplate.replaceAll('{site}', siteName),
          siteMode: deps.config.siteMode,
          notifyEmail: body.notify_email ?? body.admin_email,
          includeDemoData: body.include_demo_data,
          posStoreEnabled: body.pos_store_enabled,
          chartOfAccounts: body.chart_of_accounts,
          idempotencyKey,
          requestFingerprint: fingerprint,
        },
        { start: body.start, runDeadlineMs: deps.config.runDeadlineMs },
      );
    } catch (err) {
      if (!(err instanceof UniqueTakenError)) throw err;
      if (idempotencyKey && fingerprint) {
        const winner = await getCompanyByIdempotencyKey(deps.db, idempotencyKey);
        if (winner) return replay(res, winner, fingerprint);
      }
      if (err.field === 'domain') {
        throw new ApiError(409, 'DOMAIN_TAKEN', `The domain '${body.domain}' is already used by another company`, { field: 'domain' });
      }
      if (err.field === 'company_name') {
        throw new ApiError(409, 'COMPANY_NAME_TAKEN', `A company named '${body.company_name}' already exists`, {
          field: 'company_name',
        });
      }
      // The key's owner vanished between the violation and our read (it cannot be deleted today).
      throw new ApiError(409, 'IDEMPOTENCY_KEY_CONFLICT', 'A request with this Idempotency-Key is in progress; retry shortly');
    }

    const { company, run, runSteps } = created;
    if (run) {
      deps.metrics.countRunStarted('initial');
      // After the commit (createCompany returned): see enqueueRun for why a failure here is not fatal.
      await enqueueRun({ db: deps.db, flowProducer: deps.flowProducer, logger: req.log ?? deps.logger }, {
        companyId: company.id,
        runId: run.id,
        steps: runSteps,
      });
    }
    // The view of the committed state: Queued (or Draft) with every step pending, whatever a fast
    // worker may already have done since.
    const view = buildCompanyView(company, new Map(), run, deps.statusUrlFor);
    const message = run
      ? `Company '${company.companyName}' created. Provisioning has been queued and will start shortly; follow it at status_url or GET /api/companies/${company.id}`
      : `Company '${company.companyName}' created as Draft. POST /api/companies/${company.id}/start to provision it`;
    sendData(res, 201, message, view);
  };
}
