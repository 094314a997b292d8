CREATE TYPE "public"."patent_status" AS ENUM('available', 'negotiating', 'transferred');--> statement-breakpoint
CREATE TABLE "patents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "patents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"registration_number" text NOT NULL,
	"title" text NOT NULL,
	"field" text NOT NULL,
	"industries" text[] DEFAULT '{}' NOT NULL,
	"summary" text NOT NULL,
	"suits" text DEFAULT '' NOT NULL,
	"contact" text NOT NULL,
	"status" "patent_status" DEFAULT 'available' NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"search_title" text DEFAULT '' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B')) STORED,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "patents" ADD CONSTRAINT "patents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "patents_registration_number_key" ON "patents" USING btree ("registration_number");--> statement-breakpoint
CREATE INDEX "patents_search_idx" ON "patents" USING gin ("search_vector");