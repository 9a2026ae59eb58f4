import type { Context } from "hono";
import { type OracleHono, podOf } from "./context";
import { type AdfError, badRequest, errorResponse, frameworkVersion, missingAttribute } from "./errors";
import { importBatches, parseCsv } from "./gl-interface";
import { type JsonObject, text } from "./json";
import { collectionResponse, itemResponse, resourceUrl } from "./render-items";
import { base64Bytes, readZip } from "./zip-read";

/**
 * `erpintegrations` (ERP Integrations): `importBulkData` uploads a zipped FBDI file and starts the ESS
 * job named by `JobName`; the answer carries the job's `ReqstId` at once and the job runs on its own,
 * so a failed import is only seen in the job's status (`?finder=ESSJobStatusRF;requestId=<id>`). The
 * sandbox runs the General Ledger journal import (`JournalImportLauncher`) to completion on the spot.
 */
const JOURNAL_IMPORT = "JournalImportLauncher";

function fail(c: Context<OracleHono>, error: AdfError): Response {
  c.set("outcome", `rejected:${error.code}`);
  return errorResponse(frameworkVersion(c.req.raw), error);
}

export async function importJournalRequest(c: Context<OracleHono>, body: JsonObject): Promise<Response> {
  if (body.OperationName !== "importBulkData")
    return fail(c, badRequest("The operation name is not valid.", "SANDBOX-OPERATION"));
  const job = text(body.JobName);
  if (!job?.endsWith(JOURNAL_IMPORT))
    return fail(c, badRequest(`The job ${String(job)} is not available in the sandbox.`, "SANDBOX-JOB"));
  const content = text(body.DocumentContent);
  if (!content) return fail(c, missingAttribute("DocumentContent"));
  const bytes = base64Bytes(content);
  const files = bytes ? await readZip(bytes) : null;
  const csv = files ? [...files.entries()].find(([name]) => name.toLowerCase().endsWith(".csv")) : undefined;
  if (!csv)
    return fail(c, badRequest("The document content is not a ZIP file with a CSV file.", "SANDBOX-ZIP"));
  const imported = importBatches(parseCsv(new TextDecoder().decode(csv[1])));
  const { DocumentContent: _content, ...kept } = body;
  const item = await podOf(c.env).importJournals(kept, imported.ok ? imported.batches : null, Date.now());
  c.set("outcome", imported.ok ? "created" : `created+job_error:${imported.error.code}`);
  const json = JSON.parse(item.bodyJson) as JsonObject;
  return itemResponse(c, json, 201, `${resourceUrl(c, "fscmRestApi", "erpintegrations")}/${json.ReqstId}`);
}

/** `GET erpintegrations?finder=ESSJobStatusRF;requestId=<id>`: the job's RequestStatus. */
export async function jobStatus(c: Context<OracleHono>): Promise<Response> {
  const finder = /^ESSJobStatusRF;requestId=(\d+)$/.exec(c.req.query("finder") ?? "");
  if (!finder?.[1])
    return fail(c, badRequest("Use the finder ESSJobStatusRF;requestId=<id>.", "SANDBOX-FINDER"));
  const jobs = await podOf(c.env).query("erpintegrations", [{ attribute: "ReqstId", value: finder[1] }]);
  c.set("outcome", "queried");
  const items = jobs.map((job) => {
    const body = JSON.parse(job.bodyJson) as JsonObject;
    return { ReqstId: body.ReqstId, RequestStatus: body.RequestStatus, JobName: body.JobName };
  });
  return collectionResponse(c, "fscmRestApi", "erpintegrations", items);
}
