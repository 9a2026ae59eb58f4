import type { JsonObject } from "./json";

/**
 * The `!transform` pairs the sandbox supports and how much of each source line is left for them.
 * salesOrder -> itemFulfillment / invoice / returnAuthorization and returnAuthorization -> itemReceipt /
 * creditMemo are the retail pairs of reference/erp.md §1.3 (record.transform pairs; the RA pairs are
 * [unverified] for REST).
 *
 * - `receiveFlag`: lines carry `itemReceive` (the "Fulfill"/"Receive" column); `itemReceive: false`
 *   leaves a line out, as in Oracle's partial-fulfilment example.
 * - `newLines`: whether lines without `orderLine` may be added (NetSuite refuses on fulfilments and
 *   receipts: "Adding new line to sublist item is not allowed." [3p]).
 * - `base`: the quantity of a source line the target may consume in total, before what earlier
 *   records of the same target type already consumed.
 */
export interface TransformRule {
  source: string;
  target: string;
  receiveFlag: boolean;
  newLines: boolean;
  /** Header fields copied from the source. */
  copy: readonly string[];
  base: (line: JsonObject, fulfilled: number) => number;
  /** What the quantity error says the line is short of, e.g. "fulfill". */
  verb: string;
}

const quantity = (line: JsonObject) => (typeof line.quantity === "number" ? line.quantity : 0);
const closed = (line: JsonObject) => line.isClosed === true;
const SALES_HEADER = ["entity", "currency", "subsidiary", "location", "otherRefNum"] as const;

const RULES: TransformRule[] = [
  {
    source: "salesOrder",
    target: "itemFulfillment",
    receiveFlag: true,
    newLines: false,
    copy: [...SALES_HEADER, "shipMethod"],
    // A closed line has nothing left to ship.
    base: (line, fulfilled) => (closed(line) ? fulfilled : quantity(line)),
    verb: "fulfill",
  },
  {
    source: "salesOrder",
    target: "invoice",
    receiveFlag: false,
    newLines: true,
    copy: SALES_HEADER,
    base: (line, fulfilled) => (closed(line) ? fulfilled : quantity(line)),
    verb: "bill",
  },
  {
    source: "salesOrder",
    target: "returnAuthorization",
    receiveFlag: false,
    newLines: true,
    copy: SALES_HEADER,
    base: (line, fulfilled) => (closed(line) ? fulfilled : quantity(line)),
    verb: "return",
  },
  {
    source: "returnAuthorization",
    target: "itemReceipt",
    receiveFlag: true,
    newLines: false,
    copy: ["entity", "currency", "subsidiary", "location"],
    base: (line) => quantity(line),
    verb: "receive",
  },
  {
    source: "returnAuthorization",
    target: "creditMemo",
    receiveFlag: false,
    newLines: true,
    copy: ["entity", "currency", "subsidiary", "location"],
    base: (line) => quantity(line),
    verb: "credit",
  },
];

export function transformRule(source: string, target: string): TransformRule | null {
  return RULES.find((r) => r.source === source && r.target === target) ?? null;
}
