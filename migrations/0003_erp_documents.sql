CREATE TABLE `erp_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`settings` text NOT NULL,
	`credentials_sealed` text NOT NULL,
	`limits` text NOT NULL,
	`is_default` integer NOT NULL,
	`status` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erp_connections_default` ON `erp_connections` (`is_default`) WHERE is_default = 1;--> statement-breakpoint
CREATE TABLE `erp_mappings` (
	`connection_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`target` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`connection_id`) REFERENCES `erp_connections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erp_mappings_key` ON `erp_mappings` (`connection_id`,`kind`,`key`);--> statement-breakpoint
CREATE TABLE `erp_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`kind` text NOT NULL,
	`doc_key` text NOT NULL,
	`order_id` text,
	`depends_on` text NOT NULL,
	`document` text NOT NULL,
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
	`erp_number` text,
	`last_error_class` text,
	`last_error` text,
	`last_http_status` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erp_outbox_doc` ON `erp_outbox` (`connection_id`,`doc_key`);--> statement-breakpoint
CREATE INDEX `erp_outbox_due` ON `erp_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `erp_outbox_order` ON `erp_outbox` (`order_id`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`channel` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`correlation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_key` ON `refunds` (`order_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `returns` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`channel` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`correlation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returns_key` ON `returns` (`order_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`channel` text NOT NULL,
	`store_id` text NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`correlation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_key` ON `shipments` (`order_id`,`external_id`);--> statement-breakpoint
-- Hand-added: carry the walking skeleton's sales-order rows over. They wait for a connection ('') and
-- keep their state; channel, store and order ids are URL-safe, so the key matches salesOrderKey().
INSERT INTO `erp_outbox` (`id`, `connection_id`, `kind`, `doc_key`, `order_id`, `depends_on`, `document`, `version`,
  `pushed_version`, `status`, `attempts`, `next_attempt_at`, `correlation_id`, `erp_system`, `erp_id`,
  `last_error_class`, `last_error`, `last_http_status`, `created_at`, `updated_at`)
SELECT ob.`id`, '', 'sales_order', 'sales_order:' || o.`channel` || ':' || o.`store_id` || ':' || o.`external_id`,
  ob.`order_id`, '[]', json_object('kind', 'sales_order', 'order', json(o.`snapshot`)), ob.`version`,
  ob.`pushed_version`, CASE WHEN ob.`status` = 'in_flight' THEN 'pending' ELSE ob.`status` END, ob.`attempts`,
  ob.`next_attempt_at`, ob.`correlation_id`, ob.`erp_system`, ob.`erp_id`, ob.`last_error_class`, ob.`last_error`,
  ob.`last_http_status`, ob.`created_at`, ob.`updated_at`
FROM `outbox` ob JOIN `orders` o ON o.`id` = ob.`order_id`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `stores` ADD `erp_connection_id` text;