DROP INDEX `tasks_firm_series`;--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_firm_series_occurrence` ON `tasks` (`firm_id`,`series_id`,`occurrence`);--> statement-breakpoint
DROP INDEX `works_firm_series`;--> statement-breakpoint
CREATE UNIQUE INDEX `works_firm_series_occurrence` ON `works` (`firm_id`,`series_id`,`occurrence`);--> statement-breakpoint
ALTER TABLE `work_statuses` ADD `version` integer DEFAULT 0 NOT NULL;