ALTER TABLE `members` ADD `sign_in_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `sign_in_failures_since` integer;