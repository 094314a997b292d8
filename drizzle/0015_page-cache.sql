CREATE TABLE "page_cache_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"flush" boolean DEFAULT false NOT NULL
);
