CREATE TABLE "checklist_assessments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "checklist_assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"template_id" text NOT NULL,
	"template_version" text NOT NULL,
	"answers" jsonb NOT NULL,
	"company_name" text NOT NULL,
	"sigun_code" text,
	"industry" text,
	"target_level" text,
	"overall_score" double precision,
	"section_scores" jsonb NOT NULL,
	"answered_count" integer NOT NULL,
	"item_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_drafts" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"template_id" text NOT NULL,
	"template_version" text NOT NULL,
	"answers" jsonb NOT NULL,
	"sigun_code" text,
	"industry" text,
	"target_level" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_template_versions" (
	"template_id" text NOT NULL,
	"version" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_template_versions_template_id_version_pk" PRIMARY KEY("template_id","version")
);
--> statement-breakpoint
ALTER TABLE "checklist_assessments" ADD CONSTRAINT "checklist_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checklist_assessments_user_idx" ON "checklist_assessments" USING btree ("user_id","template_id","created_at");