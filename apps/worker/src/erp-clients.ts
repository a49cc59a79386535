import { createErpNextClient, type ErpNextClient, type ErpLogger } from '@provisioner/erpnext-client';
import type { CompanyRow, SecretBox } from '@provisioner/db';
import type { WorkerConfig } from './config';

/**
 * Which ERPNext a tenant's steps talk to. Shared mode: the one site at ERPNEXT_URL with the fleet's
 * API key. Per-site mode: the same server, the tenant's site picked by the Host header, with the
 * site's own API key once platform_setup obtained it (before that, no credentials).
 */
export function createBaseClient(config: WorkerConfig, logger: ErpLogger): ErpNextClient {
  return createErpNextClient({
    baseUrl: config.ERPNEXT_URL,
    ...(config.ERPNEXT_SITE_HOST ? { siteHost: config.ERPNEXT_SITE_HOST } : {}),
    auth: { type: 'token', apiKey: config.ERPNEXT_API_KEY, apiSecret: config.ERPNEXT_API_SECRET },
    timeoutMs: config.ERPNEXT_TIMEOUT_MS,
    logger,
  });
}

export function clientForCompany(base: ErpNextClient, company: CompanyRow, secrets: SecretBox): ErpNextClient {
  if (company.siteMode === 'shared') return base;
  if (company.siteCredentialsEnc) {
    const creds = JSON.parse(secrets.open(company.siteCredentialsEnc)) as { apiKey: string; apiSecret: string };
    return base.with({ siteHost: company.siteName, auth: { type: 'token', apiKey: creds.apiKey, apiSecret: creds.apiSecret } });
  }
  return base.with({ siteHost: company.siteName, auth: { type: 'none' } });
}
