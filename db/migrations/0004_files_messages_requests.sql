CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`data` text,
	`at` integer NOT NULL,
	`handled_at` integer,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_handled_at` ON `events` (`handled_at`,`at`);--> statement-breakpoint
CREATE INDEX `events_firm_subject` ON `events` (`firm_id`,`subject_id`,`at`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`work_id` text,
	`task_id` text,
	`checklist_item_id` text,
	`request_id` text,
	`message_id` text,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`type` text NOT NULL,
	`sha256` text NOT NULL,
	`blob_key` text NOT NULL,
	`uploaded_by_type` text NOT NULL,
	`uploaded_by_id` text NOT NULL,
	`review_state` text,
	`review_reason` text,
	`reviewed_at` integer,
	`reviewed_by` text,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` text,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checklist_item_id`) REFERENCES `checklist_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `files_firm_created` ON `files` (`firm_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_task_created` ON `files` (`firm_id`,`task_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_client_created` ON `files` (`firm_id`,`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_work_created` ON `files` (`firm_id`,`work_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_request_created` ON `files` (`firm_id`,`request_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_message` ON `files` (`firm_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `files_firm_item_created` ON `files` (`firm_id`,`checklist_item_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_firm_task_sha` ON `files` (`firm_id`,`task_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`task_id` text,
	`request_id` text,
	`author_type` text NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`visibility` text NOT NULL,
	`reply_to_id` text,
	`via` text DEFAULT 'portal' NOT NULL,
	`source_id` text,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_firm_task_created` ON `messages` (`firm_id`,`task_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_firm_request_created` ON `messages` (`firm_id`,`request_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_firm_author_created` ON `messages` (`firm_id`,`author_type`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_firm_source` ON `messages` (`firm_id`,`source_id`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`assigned_member_id` text,
	`task_id` text,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `requests_firm_created` ON `requests` (`firm_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_firm_client_created` ON `requests` (`firm_id`,`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_firm_contact_created` ON `requests` (`firm_id`,`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_firm_state_created` ON `requests` (`firm_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `requests_firm_assigned_created` ON `requests` (`firm_id`,`assigned_member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `thread_reads` (
	`firm_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`reader_id` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`thread_id`, `reader_id`),
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `thread_reads_firm_reader` ON `thread_reads` (`firm_id`,`reader_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`task_id` text,
	`checklist_item_id` text,
	`request_id` text,
	`message_id` text,
	`name` text NOT NULL,
	`length` integer NOT NULL,
	`offset` integer DEFAULT 0 NOT NULL,
	`blob_prefix` text NOT NULL,
	`uploaded_by_type` text NOT NULL,
	`uploaded_by_id` text NOT NULL,
	`file_id` text,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checklist_item_id`) REFERENCES `checklist_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `uploads_expires` ON `uploads` (`expires_at`);--> statement-breakpoint
CREATE INDEX `uploads_firm_task` ON `uploads` (`firm_id`,`task_id`);--> statement-breakpoint
ALTER TABLE `checklist_items` ADD `requests_file` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `digitisation_address` text;--> statement-breakpoint
ALTER TABLE `firms` ADD `done_uploading_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `digitisation_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `portal_requests_enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `uploads_done_at` integer;