CREATE TABLE `templates` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tasks` text NOT NULL,
	`recurrence` text,
	`self_service` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `templates_firm_title` ON `templates` (`firm_id`,`title`);--> statement-breakpoint
CREATE INDEX `templates_firm_self_service` ON `templates` (`firm_id`,`self_service`);--> statement-breakpoint
CREATE TABLE `work_statuses` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`client_facing` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_statuses_firm_name` ON `work_statuses` (`firm_id`,`name`);--> statement-breakpoint
CREATE INDEX `work_statuses_firm_position` ON `work_statuses` (`firm_id`,`position`);--> statement-breakpoint
CREATE TABLE `works` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`client_id` text NOT NULL,
	`title` text NOT NULL,
	`start_date` text NOT NULL,
	`responsible_member_id` text,
	`status_id` text,
	`template_id` text,
	`recurrence` text,
	`series_id` text,
	`occurrence` integer,
	`completed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_id`) REFERENCES `work_statuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `works_firm_client_created` ON `works` (`firm_id`,`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `works_firm_created` ON `works` (`firm_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `works_firm_status` ON `works` (`firm_id`,`status_id`);--> statement-breakpoint
CREATE INDEX `works_firm_series` ON `works` (`firm_id`,`series_id`);--> statement-breakpoint
ALTER TABLE `firms` ADD `show_work_list` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `work_id` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `section` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `recurrence` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `series_id` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `occurrence` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `send_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `stage` text GENERATED ALWAYS AS (CASE WHEN firm_state = 'completed' THEN 'completed' WHEN withdrawn_at IS NOT NULL THEN 'withdrawn' WHEN assigned_at IS NULL THEN 'draft' WHEN client_state = 'done' THEN 'client_done' ELSE 'waiting' END) VIRTUAL;--> statement-breakpoint
CREATE INDEX `tasks_firm_stage_created` ON `tasks` (`firm_id`,`stage`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_firm_client_created` ON `tasks` (`firm_id`,`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_firm_work` ON `tasks` (`firm_id`,`work_id`);--> statement-breakpoint
CREATE INDEX `tasks_firm_series` ON `tasks` (`firm_id`,`series_id`);