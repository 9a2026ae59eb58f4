// `npm run chaos:erp [-- netsuite business_central ...]`: the chaos run (test/e2e/chaos.ts) over a few
// hundred orders against each sandbox ERP, failing a third of requests at random. Prints one report
// per ERP and exits non-zero if any order is missing, duplicated or stuck without an exception.
import { type ChaosOptions, runChaos } from "../test/e2e/chaos.ts";
import { Mesh } from "../test/e2e/mesh.ts";

const all: ChaosOptions["erp"][] = ["netsuite", "business_central", "sap_s4hana", "oracle_fusion"];
const chosen = process.argv.slice(2).filter((a): a is ChaosOptions["erp"] => (all as string[]).includes(a));
const orders = Number(process.env.CHAOS_ORDERS ?? 300);

// Short backoff and timeout so retries happen within the run; the policy is otherwise the real one.
const mesh = await Mesh.start(null, { ERP_RETRY_BASE_MS: "200", ERP_REQUEST_TIMEOUT_MS: "1000" });
let failed = false;
try {
  for (const erp of chosen.length > 0 ? chosen : all) {
    const report = await runChaos(mesh, { erp, orders, probability: 1 / 3, timeoutMs: 15 * 60_000 });
    console.log(JSON.stringify(report));
    const bad =
      report.duplicates > 0 || report.missing > 0 || report.stuck > 0 || report.parkedWithoutException > 0;
    console.log(
      `${erp}: ${report.orders} orders, ${report.salesOrderRecords} sales orders in the ERP, ` +
        `${report.duplicates} duplicated, ${report.missing} missing, ${report.parkedDuringRun} parked then replayed, ` +
        `${report.stuck} stuck, ${report.faultsHit} faults hit, ${report.passes} passes, ${report.seconds} s: ${bad ? "FAILED" : "ok"}`,
    );
    failed ||= bad;
  }
} finally {
  await mesh.close();
}
process.exit(failed ? 1 : 0);
