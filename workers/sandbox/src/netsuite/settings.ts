import { z } from "zod";

/**
 * Account-level behaviour the bench and tests switch at run time (`POST /_sandbox/netsuite/settings`),
 * kept in the account object so every isolate sees the same. Reset restores the defaults.
 */
export const SettingsInput = z
  .object({
    /** Added to every admitted request while it holds its concurrency slot: a realistic service time. */
    latencyMs: z.number().int().min(0).max(60_000),
    /** Overrides NETSUITE_CONCURRENCY_LIMIT; null goes back to the binding. */
    concurrencyLimit: z.number().int().min(1).max(1000).nullable(),
    /** Advanced Shipping: off means an item fulfilment also bills (creates the invoice), reference/erp.md §1.3. */
    advancedShipping: z.boolean(),
    /** Postings dated before this day are in a closed period; null: every period is open. */
    closedPeriodsBefore: z.iso.date().nullable(),
  })
  .partial()
  .strict();
export type SettingsInput = z.infer<typeof SettingsInput>;

export interface AccountSettings {
  latencyMs: number;
  concurrencyLimit: number | null;
  advancedShipping: boolean;
  closedPeriodsBefore: string | null;
}

/** Advanced Shipping is on by default in new accounts (reference/erp.md §1.3). */
export const DEFAULT_SETTINGS: AccountSettings = {
  latencyMs: 0,
  concurrencyLimit: null,
  advancedShipping: true,
  closedPeriodsBefore: null,
};

export class SettingsStore {
  constructor(private readonly sql: SqlStorage) {}

  get(): AccountSettings {
    const row = this.sql.exec<{ json: string }>("SELECT json FROM settings WHERE id = 1").toArray()[0];
    if (!row) return DEFAULT_SETTINGS;
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(row.json) as Partial<AccountSettings>) };
  }

  update(input: SettingsInput): AccountSettings {
    const next = { ...this.get(), ...input };
    this.sql.exec("INSERT OR REPLACE INTO settings (id, json) VALUES (1, ?)", JSON.stringify(next));
    return next;
  }
}
