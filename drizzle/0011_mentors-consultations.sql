CREATE TYPE "public"."consultation_state" AS ENUM('received', 'assigned', 'scheduled', 'completed', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."helper_kind" AS ENUM('mentor', 'senior');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'consultation';--> statement-breakpoint
CREATE TABLE "consultation_assignees" (
	"consultation_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_assignees_consultation_id_user_id_pk" PRIMARY KEY("consultation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "consultation_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"author_id" integer,
	"body_source" text NOT NULL,
	"body_html" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requester_id" integer,
	"company_name" text,
	"contact_name" text,
	"contact_phone" text,
	"sigun_code" text NOT NULL,
	"industry" text,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"preferred_dates" text,
	"description" text,
	"assessment_id" integer,
	"state" "consultation_state" DEFAULT 'received' NOT NULL,
	"visit_at" timestamp with time zone,
	"outcome" text,
	"rating" integer,
	"rating_comment" text,
	"reject_reason" text,
	"first_answered_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	"sample" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentor_profiles" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"kind" "helper_kind" DEFAULT 'mentor' NOT NULL,
	"career_field" text NOT NULL,
	"processes" text[] DEFAULT '{}' NOT NULL,
	"industries" text[] DEFAULT '{}' NOT NULL,
	"sigun_codes" text[] DEFAULT '{}' NOT NULL,
	"years" integer,
	"available" boolean DEFAULT true NOT NULL,
	"unavailable_until" date,
	"introduction" text NOT NULL,
	"contact" text,
	"consented_at" timestamp with time zone,
	"consented_by" integer,
	"approved_at" timestamp with time zone,
	"approved_by" integer,
	"sample" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "files_unattached_idx";--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "consultation_id" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "consultation_id" integer;--> statement-breakpoint
ALTER TABLE "consultation_assignees" ADD CONSTRAINT "consultation_assignees_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_assignees" ADD CONSTRAINT "consultation_assignees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_assignees" ADD CONSTRAINT "consultation_assignees_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_assessment_id_checklist_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."checklist_assessments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_assignees_user_idx" ON "consultation_assignees" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "consultation_messages_idx" ON "consultation_messages" USING btree ("consultation_id","id");--> statement-breakpoint
CREATE INDEX "consultations_requester_idx" ON "consultations" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "consultations_state_idx" ON "consultations" USING btree ("state","created_at");--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_consultation_idx" ON "files" USING btree ("consultation_id","position");--> statement-breakpoint
CREATE INDEX "files_unattached_idx" ON "files" USING btree ("created_at") WHERE notice_id is null and post_id is null and consultation_id is null;