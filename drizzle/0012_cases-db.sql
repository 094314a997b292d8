CREATE TYPE "public"."case_state" AS ENUM('draft', 'submitted', 'published', 'returned', 'withdrawn');--> statement-breakpoint
CREATE TABLE "case_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"data" jsonb NOT NULL,
	"user_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_slug_redirects" (
	"slug" text PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"company" text NOT NULL,
	"sigun" text NOT NULL,
	"industry" text NOT NULL,
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"employees" integer,
	"systems" jsonb NOT NULL,
	"mentor" jsonb NOT NULL,
	"patents" jsonb NOT NULL,
	"kpis" jsonb NOT NULL,
	"license" text NOT NULL,
	"source" text NOT NULL,
	"published_at" date NOT NULL,
	"cover" jsonb,
	"body" text NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"state" "case_state" DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"state_reason" text,
	"author_id" integer,
	"imported_hash" text,
	"imported_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_index_files" (
	"generation" integer NOT NULL,
	"path" text NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "search_index_files_generation_path_pk" PRIMARY KEY("generation","path")
);
--> statement-breakpoint
CREATE TABLE "search_index_generations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_index_generations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"fingerprint" text NOT NULL,
	"pages" integer NOT NULL,
	"bytes" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_revisions" ADD CONSTRAINT "case_revisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_revisions" ADD CONSTRAINT "case_revisions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_slug_redirects" ADD CONSTRAINT "case_slug_redirects_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_index_files" ADD CONSTRAINT "search_index_files_generation_search_index_generations_id_fk" FOREIGN KEY ("generation") REFERENCES "public"."search_index_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_revisions_idx" ON "case_revisions" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_slug_key" ON "cases" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "cases_visible_idx" ON "cases" USING btree ("state","publish_at");--> statement-breakpoint
CREATE INDEX "cases_sigun_idx" ON "cases" USING btree ("sigun");--> statement-breakpoint
CREATE INDEX "search_index_files_path_idx" ON "search_index_files" USING btree ("path");