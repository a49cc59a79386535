import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgSequence, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { companyStatusEnum, siteModeEnum } from './enums';

/** Feeds the NNNNN of `COMP-YYYY-NNNNN`; ids are never reused, even across years. */
export const companyNumberSeq = pgSequence('company_number_seq', { startWith: 1, increment: 1 });

/** What the steps learned or created in ERPNext, by name (the step rows hold the per-run detail). */
export interface CompanyErpState {
  abbr?: string;
  companyDocName?: string;
  triedAbbreviations?: string[];
  [key: string]: unknown;
}

export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    companyName: text('company_name').notNull(),
    requestedAbbr: text('requested_abbr'),
    /** The abbreviation ERPNext accepted; null until the company step succeeded. */
    companyAbbr: text('company_abbr'),
    adminEmail: text('admin_email').notNull(),
    /** AES-256-GCM ciphertext; MUST be wiped once the success email was accepted by SMTP. */
    adminPasswordEnc: text('admin_password_enc'),
    defaultCurrency: text('default_currency').notNull(),
    country: text('country').notNull(),
    domain: text('domain').notNull(),
    siteName: text('site_name').notNull(),
    siteUrl: text('site_url').notNull(),
    siteMode: siteModeEnum('site_mode').notNull(),
    notifyEmail: text('notify_email').notNull(),
    includeDemoData: boolean('include_demo_data').notNull().default(false),
    posStoreEnabled: boolean('pos_store_enabled').notNull().default(true),
    chartOfAccounts: text('chart_of_accounts').notNull().default('Standard'),
    status: companyStatusEnum('status').notNull(),
    progress: smallint('progress').notNull().default(0),
    currentRunId: integer('current_run_id'),
    idempotencyKey: text('idempotency_key'),
    requestFingerprint: text('request_fingerprint'),
    erp: jsonb('erp').$type<CompanyErpState>().notNull().default({}),
    /** Per-site mode: the site's API key/secret, encrypted like the password. */
    siteCredentialsEnc: text('site_credentials_enc'),
    provisioningStartedAt: timestamp('provisioning_started_at', { withTimezone: true }),
    provisioningCompletedAt: timestamp('provisioning_completed_at', { withTimezone: true }),
    provisioningNotes: text('provisioning_notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('companies_domain_key').on(sql`lower(${t.domain})`),
    uniqueIndex('companies_name_key').on(sql`lower(${t.companyName})`),
    uniqueIndex('companies_idempotency_key').on(t.idempotencyKey),
  ],
);

export type CompanyRow = typeof companies.$inferSelect;
export type NewCompanyRow = typeof companies.$inferInsert;
