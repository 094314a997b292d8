CREATE TABLE "notice_subscriptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notice_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer,
	"email" text,
	"categories" "notice_category"[] DEFAULT '{}' NOT NULL,
	"sigun_codes" text[] DEFAULT '{}' NOT NULL,
	"token" text NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_subscriptions" ADD CONSTRAINT "notice_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_subscriptions_user_key" ON "notice_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_subscriptions_token_key" ON "notice_subscriptions" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_subscriptions_confirm_key" ON "notice_subscriptions" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE INDEX "notice_subscriptions_email_idx" ON "notice_subscriptions" USING btree ("email");--> statement-breakpoint
-- hand-written: notices already public when this feature arrives count as announced, so the
-- first start mails nothing old (new subscriptions only get notices published after them anyway).
INSERT INTO "mail_jobs" ("key", "done_at") SELECT 'notice:' || "id", now() FROM "announcements" WHERE "status" = 'published' AND "publish_at" <= now() ON CONFLICT DO NOTHING;
