ALTER TABLE "email_outbox" ADD COLUMN "claim_token" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "run_steps" ADD COLUMN "claim_token" text;--> statement-breakpoint
ALTER TABLE "run_steps" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "deadline_ms" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "epoch" integer DEFAULT 0 NOT NULL;