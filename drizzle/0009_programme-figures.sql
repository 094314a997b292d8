CREATE TABLE "programme_adoptions" (
	"year" integer NOT NULL,
	"sigun_code" text NOT NULL,
	"adopted" integer NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_adoptions_year_sigun_code_pk" PRIMARY KEY("year","sigun_code"),
	CONSTRAINT "programme_adoptions_adopted_check" CHECK ("programme_adoptions"."adopted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "programme_target" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"companies" integer NOT NULL,
	"by_year" integer NOT NULL,
	"per_year" integer NOT NULL,
	"start_year" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_target_single_row" CHECK ("programme_target"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "sigun_scopes" (
	"user_id" integer NOT NULL,
	"sigun_code" text NOT NULL,
	"assigned_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sigun_scopes_user_id_sigun_code_pk" PRIMARY KEY("user_id","sigun_code")
);
--> statement-breakpoint
ALTER TABLE "programme_adoptions" ADD CONSTRAINT "programme_adoptions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_target" ADD CONSTRAINT "programme_target_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigun_scopes" ADD CONSTRAINT "sigun_scopes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigun_scopes" ADD CONSTRAINT "sigun_scopes_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;