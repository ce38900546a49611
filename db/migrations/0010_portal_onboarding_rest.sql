DROP INDEX `contact_devices_device_hash_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `contact_devices_contact_device` ON `contact_devices` (`contact_id`,`device_hash`);--> statement-breakpoint
ALTER TABLE `clients` ADD `sample_task_id` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `sign_in_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `sign_in_failures_since` integer;--> statement-breakpoint
ALTER TABLE `firms` ADD `logo_key` text;--> statement-breakpoint
ALTER TABLE `firms` ADD `logo_type` text;--> statement-breakpoint
ALTER TABLE `firms` ADD `icon_key` text;--> statement-breakpoint
ALTER TABLE `firms` ADD `icon_type` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `preview_by` text;