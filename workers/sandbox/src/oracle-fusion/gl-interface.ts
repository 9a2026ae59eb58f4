import type { AdfError } from "./errors";
import { badRequest } from "./errors";
import { type JsonObject, sumAmounts } from "./json";

/**
 * GlInterface.csv, the file of the General Ledger journal import (the FBDI template's GL_INTERFACE
 * sheet): one row per journal line, positional columns in the template's order. The sandbox reads the
 * columns it needs: status, ledger, accounting date, source, category, currency, the account segments,
 * entered debit and credit, and REFERENCE1 (batch name), REFERENCE2 (batch description), REFERENCE4
 * (journal name), REFERENCE10 (line description).
 */
export const COLUMN = {
  status: 0,
  ledgerId: 1,
  accountingDate: 2,
  source: 3,
  category: 4,
  currency: 5,
  segment1: 8,
  enteredDr: 38,
  enteredCr: 39,
  reference1: 42,
} as const;
const SEGMENTS = 30;

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (quoted) field += char;
    else if (char === ",") endField();
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else field += char;
  }
  if (field !== "" || row.length > 0) endRow();
  return rows.filter((r) => r.some((f) => f !== ""));
}

export interface ImportedBatch {
  BatchName: string;
  BatchDescription: string;
  JournalSource: string;
  JournalCategory: string;
  AccountingDate: string;
  CurrencyCode: string;
  lines: JsonObject[];
}

/** Groups rows into batches by REFERENCE1 and checks each balances, as Journal Import does. */
export function importBatches(
  rows: string[][],
): { ok: true; batches: ImportedBatch[] } | { ok: false; error: AdfError } {
  const batches = new Map<string, ImportedBatch>();
  for (const row of rows) {
    const at = (i: number) => row[i] ?? "";
    const name = at(COLUMN.reference1);
    if (
      at(COLUMN.status) !== "NEW" ||
      name === "" ||
      !/^\d{4}[-/]\d{2}[-/]\d{2}$/.test(at(COLUMN.accountingDate))
    ) {
      return {
        ok: false,
        error: badRequest(
          `The journal import row for batch ${name || "(none)"} is not valid.`,
          "SANDBOX-GL-ROW",
        ),
      };
    }
    const batch = batches.get(name) ?? {
      BatchName: name,
      BatchDescription: at(COLUMN.reference1 + 1),
      JournalSource: at(COLUMN.source),
      JournalCategory: at(COLUMN.category),
      AccountingDate: at(COLUMN.accountingDate).replaceAll("/", "-"),
      CurrencyCode: at(COLUMN.currency),
      lines: [],
    };
    const segments = row.slice(COLUMN.segment1, COLUMN.segment1 + SEGMENTS).filter((s) => s !== "");
    batch.lines.push({
      AccountCombination: segments.join("-"),
      EnteredDebitAmount: at(COLUMN.enteredDr) === "" ? null : Number(at(COLUMN.enteredDr)),
      EnteredCreditAmount: at(COLUMN.enteredCr) === "" ? null : Number(at(COLUMN.enteredCr)),
      JournalName: at(COLUMN.reference1 + 3),
      Description: at(COLUMN.reference1 + 9),
    });
    batches.set(name, batch);
  }
  for (const batch of batches.values()) {
    const side = (key: string) => sumAmounts(batch.lines.map((l) => Number(l[key] ?? 0)));
    if (side("EnteredDebitAmount") !== side("EnteredCreditAmount")) {
      return {
        ok: false,
        error: badRequest(
          `Journal ${batch.BatchName} is unbalanced: debits ${side("EnteredDebitAmount")}, credits ${side("EnteredCreditAmount")}.`,
          "SANDBOX-GL-UNBALANCED",
        ),
      };
    }
  }
  return { ok: true, batches: [...batches.values()] };
}
