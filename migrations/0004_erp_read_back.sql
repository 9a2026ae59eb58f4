CREATE TABLE `erp_stock` (
	`connection_id` text NOT NULL,
	`sku` text NOT NULL,
	`erp_location` text NOT NULL,
	`location_id` text,
	`on_hand` integer NOT NULL,
	`observed_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erp_stock_key` ON `erp_stock` (`connection_id`,`sku`,`erp_location`);--> statement-breakpoint
CREATE INDEX `erp_stock_sku` ON `erp_stock` (`sku`);--> statement-breakpoint
ALTER TABLE `orders` ADD `erp_fulfillment_status` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `erp_observed_at` integer;