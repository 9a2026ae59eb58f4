/**
 * A line's state in its SKU's ledger:
 * - `reserved`: held against known stock; `held`: the same, for an unpaid order, until `holdExpiresAt`;
 * - `short`: stock known but not enough (with `reason`); `backordered` when the store's policy reserves
 *   it as soon as stock arrives;
 * - `untracked`: no count is known for the SKU yet (demand recorded, nothing promised);
 * - `committed`: every open unit has shipped; `released`: cancelled, or its hold expired.
 */
export type LineReservationStatus =
  | "reserved"
  | "held"
  | "short"
  | "backordered"
  | "untracked"
  | "committed"
  | "released";

export interface ReserveRequest {
  lineKey: string;
  orderRef: string;
  storeId: string;
  channel: string;
  /** Units still wanted: ordered minus cancelled. Shipped units stay counted here. */
  quantity: number;
  /** The order's source-updated time; an older request for a line is ignored. */
  version: number;
  correlationId: string;
  /** True for orders not yet paid or approved: held for the store's hold time, then released. */
  hold: boolean;
}

export interface ReleaseRequest {
  lineKey: string;
  orderRef: string;
  version: number;
  correlationId: string;
  reason?: string;
}

export interface CommitRequest {
  /** The shipment's natural key: the same shipment line commits once; an update commits the difference. */
  shipmentKey: string;
  lineKey: string;
  orderRef: string;
  storeId: string;
  /** Units of the line in this shipment (0 for a cancelled shipment, which puts its units back). */
  quantity: number;
  /** The location the goods left, if the channel said; the line's own locations are used first. */
  location: string | null;
  /** The ERP document that will carry this movement (reconciliation counts it in flight until done). */
  erpDocKey: string | null;
  correlationId: string;
}

export interface LineResult {
  lineKey: string;
  status: LineReservationStatus;
  reservedQuantity: number;
  shippedQuantity: number;
  reason: string | null;
  /** True when the request changed nothing (a replay or an out-of-date version). */
  unchanged: boolean;
  available: number | null;
  /** Grows with every change of any line; D1 keeps the newest, so a slow writer cannot go back. */
  revision: number;
}

export interface AdjustRequest {
  /** Idempotency id of the adjustment: the same id is applied once. */
  id: string;
  location: string;
  kind: "set" | "delta";
  quantity: number;
  /** For counts: the sender's version; an older or equal one is recorded but not applied. */
  sequence: number | null;
  reason: string;
  /** The ERP document that carries this change (manual and warehouse changes), if any. */
  erpDocKey?: string | null;
}

export interface AdjustResult {
  applied: boolean;
  replayed: boolean;
  /** How much on-hand moved at the location (after minus before); 0 for a stale count. Kept for replays. */
  changed: number;
  snapshot: LedgerSnapshot;
}

export interface LedgerLocationView {
  location: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  free: number;
  exclusiveTo: string | null;
}

export interface ChannelView {
  storeId: string;
  channel: string;
  listed: boolean;
  available: number;
  lastCommand: { sequence: number; quantity: number; issuedAt: string } | null;
}

export interface ReservationView {
  lineKey: string;
  orderRef: string;
  storeId: string;
  quantity: number;
  shipped: number;
  status: LineReservationStatus;
  reason: string | null;
  holdExpiresAt: string | null;
  locations: { location: string; quantity: number }[];
}

export interface LedgerSnapshot {
  sku: string;
  onHand: number | null;
  reserved: number;
  available: number | null;
  locations: LedgerLocationView[];
  channels: ChannelView[];
  /**
   * At most `VIEW_LINES` (1000) lines: the open ones first (held, reserved, backordered, short,
   * untracked), then the others, each in line key order.
   */
  reservations: ReservationView[];
  /** True when the ledger has more lines than `reservations` shows. */
  reservationsTruncated: boolean;
  /** How many lines the ledger has in each state (all of them, shown or not). */
  lineCounts: Record<LineReservationStatus, number>;
  pendingPushSince: string | null;
}

/** An on-hand change that an ERP document will carry, not yet known to be in the ERP. */
export interface PendingMovement {
  id: number;
  erpDocKey: string;
  location: string;
  delta: number;
  at: number;
}

export interface ReconcileRequest {
  runId: string;
  correlationId: string;
  observedAt: number;
  /** The newest movement id `pendingErpMovements` returned: if the ledger moved since, it is skipped this time. */
  expectLastMovementId: number;
  /** Documents the ERP had completed before `observedAt`: their movements made by then are in the reading. */
  confirmedDocKeys: string[];
  /**
   * Documents the ERP completed after `observedAt`: the reading may hold their movements or not, so a
   * location with such a movement still in flight is left for the next run.
   */
  doneAfterDocKeys: string[];
  readings: { location: string; erpOnHand: number }[];
}

export interface ReconcileLine {
  location: string;
  erpOnHand: number;
  inFlight: number;
  ledgerBefore: number | null;
  ledgerAfter: number | null;
  drift: number;
  outcome: "matched" | "corrected" | "moving";
}
