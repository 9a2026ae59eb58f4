import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { NetSuiteClient } from "./client";

/** What every push and read needs: the connection (settings, mappings) and its authorized client. */
export interface NsContext {
  client: NetSuiteClient;
  connection: ErpConnectionOf<"netsuite">;
  now: () => number;
}
