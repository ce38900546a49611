CREATE TABLE `client_watchers` (
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`member_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`client_id`, `member_id`),
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_watchers_firm_member` ON `client_watchers` (`firm_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`member_id` text NOT NULL,
	`event_id` text NOT NULL,
	`kind` text NOT NULL,
	`client_id` text,
	`task_id` text,
	`request_id` text,
	`actor_name` text,
	`summary` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_member` ON `notifications` (`event_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `notifications_firm_member_created` ON `notifications` (`firm_id`,`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_firm_member_unread` ON `notifications` (`firm_id`,`member_id`,`read_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `timezone` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `email_prefs` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `email_undeliverable_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `email_undeliverable_reason` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `contact_id` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `member_id` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `task_id` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `request_id` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `from_name` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `headers` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `bounced_at` integer;--> statement-breakpoint
CREATE INDEX `emails_firm_task` ON `emails` (`firm_id`,`task_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `emails_firm_contact` ON `emails` (`firm_id`,`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `emails_provider` ON `emails` (`provider_id`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `subject_id` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `wake_message_id` text;--> statement-breakpoint
CREATE INDEX `jobs_firm_subject` ON `jobs` (`firm_id`,`subject_id`,`status`);--> statement-breakpoint
CREATE INDEX `jobs_firm_status_updated` ON `jobs` (`firm_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `jobs_status_updated` ON `jobs` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `email_prefs` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `reminder_rules` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `first_emailed_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `last_reminder_at` integer;