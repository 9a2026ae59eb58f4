import type { Context } from "hono";
import { type OracleHono, podOf } from "./context";
import { badRequest, errorResponse, frameworkVersion } from "./errors";
import { matches, parseQuery } from "./query";
import { collectionResponse } from "./render-items";

/**
 * `inventoryOnhandBalances` (read-only): on-hand per item, organization and subinventory, as the pod's
 * transactions left it. Filter with `q` on ItemNumber, OrganizationCode or SubinventoryCode.
 */
export async function onhandBalances(c: Context<OracleHono>): Promise<Response> {
  const q = c.req.query("q");
  const clauses = q === undefined ? [] : parseQuery(q);
  if (!clauses) {
    c.set("outcome", "rejected:SANDBOX-QUERY");
    return errorResponse(
      frameworkVersion(c.req.raw),
      badRequest(`The query ${q} is not valid.`, "SANDBOX-QUERY"),
    );
  }
  const rows = (await podOf(c.env).onhand())
    .map((row) => ({
      ItemNumber: row.item,
      OrganizationCode: row.organization,
      SubinventoryCode: row.subinventory,
      OnhandQuantity: row.quantity,
      PrimaryUOMCode: "Ea",
    }))
    .filter((row) => matches(row, clauses));
  c.set("outcome", "queried");
  return collectionResponse(c, "fscmRestApi", "inventoryOnhandBalances", rows);
}
