import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import { findOne, resultOf } from "./find-or-create";
import { glInterfaceCsv } from "./gl-interface";
import { LIMITS, reference, rowMatch } from "./references";
import { createItem, findItems, type Rest } from "./rest";
import { toBase64, zipStored } from "./zip-write";

/**
 * A journal entry through the documented import route: Fusion's `journalBatches` resource cannot
 * create batches, so the entry goes as GlInterface.csv in a ZIP to `erpintegrations` (`importBulkData`,
 * job JournalImportLauncher). The batch name (REFERENCE1) is the entry's natural key (100 characters);
 * the adapter looks the batch up before importing and after: found means done. A finished job without
 * the batch is Fusion's refusal (unbalanced, closed period...) and parks; a job still running is
 * transient, and the next attempt's look-up finds the batch once it is there.
 */
export const JOB_NAME = "/oracle/apps/ess/financials/generalLedger/programs/common,JournalImportLauncher";
export const DOCUMENT_ACCOUNT = "fin$/generalLedger$/import$";

export async function pushJournal(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"journal_entry">,
  docKey: string,
): Promise<PushResult> {
  const { journal } = doc;
  const accounts: string[] = [];
  for (const line of journal.lines) {
    const account = connection.mappings.glAccount[line.purpose];
    if (!account)
      return validation(`no gl_account mapping for ${line.purpose}: map it to an Oracle account combination`);
    accounts.push(account);
  }
  const batchName = await reference(docKey, LIMITS.batchName);
  const batches = `${rest.config.fscm}/journalBatches`;
  const q = rowMatch({ BatchName: batchName });
  const existing = await findOne(rest, batches, q, "journal batch");
  if (!existing.ok) return existing;
  if (existing.value) return resultOf(existing.value, "JeBatchId", "BatchName");

  const csv = new TextEncoder().encode(glInterfaceCsv(journal, accounts, batchName));
  const job = await createItem(
    rest,
    `${rest.config.fscm}/erpintegrations`,
    {
      OperationName: "importBulkData",
      DocumentContent: toBase64(zipStored([{ name: "GlInterface.csv", data: csv }])),
      ContentType: "zip",
      FileName: `${batchName.slice(0, 80)}.zip`,
      DocumentAccount: DOCUMENT_ACCOUNT,
      JobName: JOB_NAME,
      ParameterList: `#NULL,${rest.config.businessUnit},#NULL,#NULL,#NULL,N,N,N`,
    },
    "journal import",
  );
  if (!job.ok) return job;
  const imported = await findOne(rest, batches, q, "journal batch");
  if (!imported.ok) return imported;
  if (imported.value) return resultOf(imported.value, "JeBatchId", "BatchName");
  const requestId = String(job.value.ReqstId ?? "");
  const status = await findItems(
    rest,
    `${rest.config.fscm}/erpintegrations`,
    "",
    "journal import status",
    `&finder=ESSJobStatusRF;requestId=${requestId}`,
  );
  if (!status.ok) return status;
  const state = String(status.value[0]?.RequestStatus ?? "UNKNOWN");
  const failed = state === "ERROR" || state === "WARNING" || state === "CANCELLED";
  return {
    ok: false,
    errorClass: failed ? "business" : "transient",
    httpStatus: null,
    message: `Oracle Fusion journal import request ${requestId} is ${state}${failed ? "; its ESS job log says why" : ""}`,
    detail: JSON.stringify(status.value[0] ?? null),
  };
}
