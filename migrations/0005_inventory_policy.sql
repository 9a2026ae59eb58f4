CREATE TABLE `allocation_rules` (
	`store_id` text NOT NULL,
	`location_id` text NOT NULL,
	`mode` text NOT NULL,
	`percent` integer,
	`cap` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allocation_rules_key` ON `allocation_rules` (`store_id`,`location_id`);--> statement-breakpoint
CREATE TABLE `inventory_listings` (
	`store_id` text NOT NULL,
	`sku` text NOT NULL,
	`channel` text NOT NULL,
	`external_item_id` text NOT NULL,
	`external_location_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inventory_listings_key` ON `inventory_listings` (`store_id`,`sku`);--> statement-breakpoint
CREATE INDEX `inventory_listings_sku` ON `inventory_listings` (`sku`);--> statement-breakpoint
CREATE TABLE `inventory_settings` (
	`store_id` text PRIMARY KEY NOT NULL,
	`backorder_policy` text NOT NULL,
	`hold_minutes` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reconciliation_lines` (
	`run_id` text NOT NULL,
	`sku` text NOT NULL,
	`erp_location` text NOT NULL,
	`location_id` text,
	`erp_on_hand` integer NOT NULL,
	`in_flight` integer NOT NULL,
	`ledger_before` integer,
	`ledger_after` integer,
	`drift` integer NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconciliation_lines_key` ON `reconciliation_lines` (`run_id`,`sku`,`erp_location`);--> statement-breakpoint
CREATE INDEX `reconciliation_lines_sku` ON `reconciliation_lines` (`sku`);--> statement-breakpoint
CREATE TABLE `reconciliation_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`trigger` text NOT NULL,
	`correlation_id` text NOT NULL,
	`observed_at` integer NOT NULL,
	`checked` integer NOT NULL,
	`matched` integer NOT NULL,
	`corrected` integer NOT NULL,
	`moving` integer NOT NULL,
	`unmapped` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reconciliation_runs_created` ON `reconciliation_runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `safety_stock` (
	`location_id` text NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safety_stock_key` ON `safety_stock` (`location_id`,`sku`);--> statement-breakpoint
ALTER TABLE `order_lines` ADD `reservation_rev` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `stores` ADD `admin_access_token_sealed` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `admin_api_base_url` text;