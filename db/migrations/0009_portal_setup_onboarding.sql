CREATE TABLE `announcement_dismissals` (
	`firm_id` text NOT NULL,
	`announcement_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`announcement_id`, `contact_id`),
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`announcement_id`) REFERENCES `announcements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `announcement_dismissals_firm_contact` ON `announcement_dismissals` (`firm_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `announcements` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`published_at` integer,
	`ends_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `announcements_firm_published` ON `announcements` (`firm_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `announcements_firm_created` ON `announcements` (`firm_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `contact_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`device_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_devices_device_hash_unique` ON `contact_devices` (`device_hash`);--> statement-breakpoint
CREATE INDEX `contact_devices_firm_contact` ON `contact_devices` (`firm_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `firm_slug_redirects` (
	`slug` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `identity_token_uses` (
	`firm_id` text NOT NULL,
	`jti` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`firm_id`, `jti`),
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identity_token_uses_expires` ON `identity_token_uses` (`expires_at`);--> statement-breakpoint
DROP INDEX `sign_in_tokens_firm_subject`;--> statement-breakpoint
ALTER TABLE `sign_in_tokens` ADD `purpose` text DEFAULT 'sign_in' NOT NULL;--> statement-breakpoint
ALTER TABLE `sign_in_tokens` ADD `code_hash` text;--> statement-breakpoint
ALTER TABLE `sign_in_tokens` ADD `code_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sign_in_tokens` ADD `new_email` text;--> statement-breakpoint
CREATE INDEX `sign_in_tokens_firm_subject` ON `sign_in_tokens` (`firm_id`,`subject_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `pin_hash` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `pin_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `pin_locked_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `invited_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_sign_in_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_client_id` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `welcome_seen_at` integer;--> statement-breakpoint
CREATE INDEX `contacts_firm_name` ON `contacts` (`firm_id`,`name`);--> statement-breakpoint
CREATE INDEX `contacts_firm_last_sign_in` ON `contacts` (`firm_id`,`last_sign_in_at`);--> statement-breakpoint
ALTER TABLE `firms` ADD `portal_active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `welcome_video_url` text;--> statement-breakpoint
ALTER TABLE `firms` ADD `announcements_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `embed_secret_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `embed_secret_created_at` integer;--> statement-breakpoint
ALTER TABLE `firms` ADD `identity_creates_contacts` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `sample_template_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `invited_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `invited_by` text;--> statement-breakpoint
ALTER TABLE `members` ADD `last_sign_in_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `removed_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `contact_id` text;