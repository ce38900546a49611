ALTER TABLE `files` ADD `internal` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `uploads` ADD `internal` integer DEFAULT false NOT NULL;