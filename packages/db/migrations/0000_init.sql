CREATE TYPE "public"."company_status" AS ENUM('Draft', 'Queued', 'Provisioning', 'Active', 'Partial', 'Failed');--> statement-breakpoint
CREATE TYPE "public"."email_kind" AS ENUM('success', 'failure');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."event_type" AS ENUM('company_created', 'status_changed', 'run_queued', 'run_finished', 'step_started', 'step_completed', 'step_retrying', 'step_failed', 'step_skipped', 'email_queued', 'email_sent', 'email_failed');--> statement-breakpoint
CREATE TYPE "public"."run_kind" AS ENUM('initial', 'continue', 'retry');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'completed', 'partial', 'failed');--> statement-breakpoint
CREATE TYPE "public"."site_mode" AS ENUM('shared', 'per-site');--> statement-breakpoint
CREATE TYPE "public"."step_key" AS ENUM('engine_check', 'platform_setup', 'company', 'chart_of_accounts', 'warehouses', 'settings', 'items', 'customer', 'pos_profile', 'pos_session', 'final_validation');--> statement-breakpoint
CREATE TYPE "public"."step_status" AS ENUM('pending', 'running', 'completed', 'failed', 'skipped');--> statement-breakpoint
CREATE SEQUENCE "public"."company_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "companies" (
	"id" text PRIMARY KEY NOT NULL,
	"company_name" text NOT NULL,
	"requested_abbr" text,
	"company_abbr" text,
	"admin_email" text NOT NULL,
	"admin_password_enc" text,
	"default_currency" text NOT NULL,
	"country" text NOT NULL,
	"domain" text NOT NULL,
	"site_name" text NOT NULL,
	"site_url" text NOT NULL,
	"site_mode" "site_mode" NOT NULL,
	"notify_email" text NOT NULL,
	"include_demo_data" boolean DEFAULT false NOT NULL,
	"pos_store_enabled" boolean DEFAULT true NOT NULL,
	"chart_of_accounts" text DEFAULT 'Standard' NOT NULL,
	"status" "company_status" NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"current_run_id" integer,
	"idempotency_key" text,
	"request_fingerprint" text,
	"erp" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"site_credentials_enc" text,
	"provisioning_started_at" timestamp with time zone,
	"provisioning_completed_at" timestamp with time zone,
	"provisioning_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"run_id" integer NOT NULL,
	"kind" "email_kind" NOT NULL,
	"status" "email_status" DEFAULT 'pending' NOT NULL,
	"to_address" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"enqueued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"run_id" integer,
	"step_key" "step_key",
	"type" "event_type" NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"company_id" text NOT NULL,
	"step_key" "step_key" NOT NULL,
	"position" smallint NOT NULL,
	"status" "step_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" jsonb,
	"output" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"run_no" integer NOT NULL,
	"kind" "run_kind" NOT NULL,
	"status" "run_status" NOT NULL,
	"enqueued_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "companies_domain_key" ON "companies" USING btree (lower("domain"));--> statement-breakpoint
CREATE UNIQUE INDEX "companies_name_key" ON "companies" USING btree (lower("company_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "companies_idempotency_key" ON "companies" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_run_kind_key" ON "email_outbox" USING btree ("run_id","kind");--> statement-breakpoint
CREATE INDEX "events_company_idx" ON "events" USING btree ("company_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "run_steps_run_step_key" ON "run_steps" USING btree ("run_id","step_key");--> statement-breakpoint
CREATE INDEX "run_steps_company_idx" ON "run_steps" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_company_run_no_key" ON "runs" USING btree ("company_id","run_no");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");