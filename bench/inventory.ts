// `npm run bench:inventory`: reservations per second through core's SkuLedger (check and write in one
// synchronous transaction), on one hot SKU and spread over many SKUs, each beside a bare Durable
// Object counter measured the same way in the same run. Ends with an oversell check under load.
// (The time from a reservation to the channel push command comes with the fan-out, issue 4.)
import { formatResult, type LoadResult, runLoad } from "./load.ts";
import { startWrangler, stopAll } from "./wrangler.ts";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const durationMs = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const SKUS = 64;
const empty = { headers: {}, body: "" };

try {
  const front = await startWrangler({
    name: "inventory",
    config: "bench/inventory/wrangler.toml",
    port: 18798,
  });
  const stock = async (sku: string, qty: number) => {
    const res = await fetch(`${front.url}/stock?sku=${sku}&qty=${qty}`, { method: "POST" });
    if (!res.ok) throw new Error(`stock ${sku}: ${res.status}`);
  };
  await stock("HOT", 1_000_000_000);
  for (let i = 0; i < SKUS; i++) await stock(`SKU-${i}`, 1_000_000_000);

  let line = 0;
  const scenarios = [
    { label: "counter, one key", make: () => ({ ...empty, path: "/count?key=hot" }) },
    { label: "ledger, one hot SKU", make: () => ({ ...empty, path: `/reserve?sku=HOT&line=l${line++}` }) },
    { label: `counter, ${SKUS} keys`, make: (i: number) => ({ ...empty, path: `/count?key=k${i % SKUS}` }) },
    {
      label: `ledger, ${SKUS} SKUs`,
      make: (i: number) => ({ ...empty, path: `/reserve?sku=SKU-${i % SKUS}&line=l${line++}` }),
    },
  ];
  for (const s of scenarios)
    await runLoad({ label: s.label, url: front.url, connections: 4, durationMs: 1500, make: s.make });
  console.log(`\n${connections} connections, ${durationMs / 1000} s per scenario\n`);
  const results = new Map<string, LoadResult>();
  for (const s of scenarios) {
    const r = await runLoad({ label: s.label, url: front.url, connections, durationMs, make: s.make });
    console.log(formatResult(r), JSON.stringify(r.statuses));
    results.set(s.label, r);
  }
  const rps = (label: string) => results.get(label)?.rps ?? Number.NaN;
  console.log(
    `\nhot SKU ledger / counter: ${(rps("ledger, one hot SKU") / rps("counter, one key")).toFixed(2)} of the bare write rate`,
  );
  console.log(
    `${SKUS}-SKU ledger / counter: ${(rps(`ledger, ${SKUS} SKUs`) / rps(`counter, ${SKUS} keys`)).toFixed(2)} of the bare write rate`,
  );

  // Oversell check: 400 concurrent single-unit reservations against 100 units.
  await stock("LAST", 100);
  const answers = await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      fetch(`${front.url}/reserve?sku=LAST&line=o${i}`, { method: "POST" }).then(
        (r) => r.json() as Promise<{ status: string }>,
      ),
    ),
  );
  const reserved = answers.filter((a) => a.status === "reserved").length;
  const short = answers.filter((a) => a.status === "short").length;
  console.log(`\noversell check: 400 reservations for 100 units -> ${reserved} reserved, ${short} short`);
  if (reserved !== 100 || short !== 300) process.exitCode = 1;
} finally {
  await stopAll();
}
