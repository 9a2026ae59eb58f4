CREATE TABLE `api_idempotency` (
	`id` text PRIMARY KEY NOT NULL,
	`principal_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`response_headers` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_idempotency_key` ON `api_idempotency` (`principal_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `api_idempotency_expires` ON `api_idempotency` (`expires_at`);