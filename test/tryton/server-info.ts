/** What global-setup.ts hands the tests about the running trytond. */
export interface TrytonServer {
  baseUrl: string;
  database: string;
  /** The SQLite file trytond serves, for tests that expire sessions the way time would. */
  dbPath: string;
}

/** The database name scripts/tryton/prepare.py builds (`<name>.sqlite`). */
export { TRYTON_DATABASE } from "../../scripts/tryton/server.ts";
