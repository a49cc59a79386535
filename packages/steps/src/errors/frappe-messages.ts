import type { ErpNextError } from '@provisioner/erpnext-client';
import type { DomainErrorCode } from './error-catalog';

/**
 * Frappe/ERPNext validation messages (FRAPPE_REST_FACTS §4, §6) that name a provisioning problem we
 * have a code and an operator hint for. Matched on the parsed, HTML-stripped messages of a 417/409,
 * case-insensitively. Order matters: the first match wins.
 */
export const KNOWN_FRAPPE_MESSAGES: ReadonlyArray<{ fragment: string; code: DomainErrorCode }> = [
  { fragment: 'Please set default Cash or Bank account in Mode of Payment', code: 'CASH_ACCOUNT_MISSING' },
  { fragment: 'Could not find Warehouse Type', code: 'MASTER_MISSING' },
  { fragment: 'Could not find Warehouse', code: 'WAREHOUSE_MISSING' },
  { fragment: 'Could not find Mode of Payment', code: 'MASTER_MISSING' },
  { fragment: 'Could not find UOM', code: 'MASTER_MISSING' },
  { fragment: 'Could not find Customer Group', code: 'MASTER_MISSING' },
  { fragment: 'Could not find Territory', code: 'MASTER_MISSING' },
  { fragment: 'Could not find Price List', code: 'MASTER_MISSING' },
  { fragment: 'Could not find Item Group', code: 'MASTER_MISSING' },
  { fragment: 'Abbreviation already used for another company', code: 'ABBREVIATION_EXHAUSTED' },
];

/** The domain code for a Frappe validation failure we recognise, else undefined. */
export function domainCodeForErp(err: ErpNextError): DomainErrorCode | undefined {
  if (err.code !== 'ERP_VALIDATION' && err.code !== 'ERP_DUPLICATE') return undefined;
  return KNOWN_FRAPPE_MESSAGES.find((m) => err.hasMessage(m.fragment))?.code;
}
