ALTER TABLE `stores` ADD `previous_webhook_secret_sealed` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `previous_secret_expires_at` integer;