DROP INDEX "files_unattached_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "consent_by" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "consent_at" date;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_case_idx" ON "files" USING btree ("case_id","position");--> statement-breakpoint
CREATE INDEX "files_unattached_idx" ON "files" USING btree ("created_at") WHERE notice_id is null and post_id is null and consultation_id is null and case_id is null;