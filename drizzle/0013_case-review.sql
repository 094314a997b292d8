ALTER TYPE "public"."notification_kind" ADD VALUE 'case';--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "mentor_user_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "state_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_mentor_user_id_users_id_fk" FOREIGN KEY ("mentor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written:
-- Cases that changed state before this column existed: their last update is the best guess.
UPDATE "cases" SET "state_changed_at" = "updated_at" WHERE "state" <> 'draft';
