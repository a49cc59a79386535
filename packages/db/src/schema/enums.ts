import { pgEnum } from 'drizzle-orm/pg-core';

/*
 * Every status is a Postgres enum whose values are the TypeScript union below, letter for letter.
 * An earlier system of our users broke in production on a model/DB enum mismatch; the round-trip test
 * (enums.int.test.ts) writes and reads back every value through the real database.
 */
export const COMPANY_STATUSES = ['Draft', 'Queued', 'Provisioning', 'Active', 'Partial', 'Failed'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];
export const companyStatusEnum = pgEnum('company_status', COMPANY_STATUSES);

export const STEP_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const stepStatusEnum = pgEnum('step_status', STEP_STATUSES);

/** Mirrors @provisioner/jobs STEP_KEYS (db imports no workspace package; tests/contract checks they agree). */
export const STEP_KEY_VALUES = [
  'engine_check',
  'platform_setup',
  'company',
  'chart_of_accounts',
  'warehouses',
  'settings',
  'items',
  'customer',
  'pos_profile',
  'pos_session',
  'final_validation',
] as const;
export type StepKeyValue = (typeof STEP_KEY_VALUES)[number];
export const stepKeyEnum = pgEnum('step_key', STEP_KEY_VALUES);

export const RUN_KINDS = ['initial', 'continue', 'retry'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const runKindEnum = pgEnum('run_kind', RUN_KINDS);

export const RUN_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const runStatusEnum = pgEnum('run_status', RUN_STATUSES);

export const EVENT_TYPES = [
  'company_created',
  'status_changed',
  'run_queued',
  'run_finished',
  'step_started',
  'step_completed',
  'step_retrying',
  'step_failed',
  'step_skipped',
  'email_queued',
  'email_sent',
  'email_failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const eventTypeEnum = pgEnum('event_type', EVENT_TYPES);

export const EMAIL_KINDS = ['success', 'failure'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const emailKindEnum = pgEnum('email_kind', EMAIL_KINDS);

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const emailStatusEnum = pgEnum('email_status', EMAIL_STATUSES);

export const SITE_MODES = ['shared', 'per-site'] as const;
export type SiteMode = (typeof SITE_MODES)[number];
export const siteModeEnum = pgEnum('site_mode', SITE_MODES);
