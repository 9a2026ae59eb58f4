CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`event_key` text NOT NULL,
	`correlation_id` text NOT NULL,
	`order_id` text,
	`store_id` text,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_key` ON `events` (`event_key`);--> statement-breakpoint
CREATE INDEX `events_correlation` ON `events` (`correlation_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_order` ON `events` (`order_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`store_id` text,
	`order_id` text,
	`correlation_id` text,
	`payload_ref` text,
	`payload` text,
	`status` text NOT NULL,
	`occurrences` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exceptions_dedupe` ON `exceptions` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `exceptions_status` ON `exceptions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `exceptions_correlation` ON `exceptions` (`correlation_id`);--> statement-breakpoint
CREATE TABLE `id_map` (
	`entity` text NOT NULL,
	`mesh_id` text NOT NULL,
	`system` text NOT NULL,
	`external_kind` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `id_map_external` ON `id_map` (`system`,`external_kind`,`external_id`);--> statement-breakpoint
CREATE INDEX `id_map_mesh` ON `id_map` (`entity`,`mesh_id`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`external_line_id` text NOT NULL,
	`position` integer NOT NULL,
	`sku` text,
	`title` text NOT NULL,
	`quantity` integer NOT NULL,
	`currency` text NOT NULL,
	`unit_price` integer NOT NULL,
	`discount_total` integer NOT NULL,
	`tax_total` integer NOT NULL,
	`reservation_status` text NOT NULL,
	`reserved_quantity` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_key` ON `order_lines` (`order_id`,`external_line_id`);--> statement-breakpoint
CREATE INDEX `order_lines_sku` ON `order_lines` (`sku`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`order_number` text NOT NULL,
	`status` text NOT NULL,
	`financial_status` text NOT NULL,
	`currency` text NOT NULL,
	`total_amount` integer NOT NULL,
	`correlation_id` text NOT NULL,
	`version` integer NOT NULL,
	`placed_at` integer NOT NULL,
	`source_updated_at` integer NOT NULL,
	`snapshot` text NOT NULL,
	`reservation_state` text NOT NULL,
	`erp_status` text NOT NULL,
	`erp_id` text,
	`erp_synced_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_natural_key` ON `orders` (`channel`,`store_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `orders_status` ON `orders` (`status`);--> statement-breakpoint
CREATE INDEX `orders_store_created` ON `orders` (`store_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`pushed_version` integer,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_token` text,
	`lease_until` integer,
	`correlation_id` text NOT NULL,
	`erp_system` text,
	`erp_id` text,
	`last_error_class` text,
	`last_error` text,
	`last_http_status` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_order_kind` ON `outbox` (`order_id`,`kind`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`shop_domain` text NOT NULL,
	`webhook_secret_sealed` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stores_channel_domain` ON `stores` (`channel`,`shop_domain`);