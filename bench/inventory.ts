// `npm run bench:inventory`: reservations per second through core's SkuLedger (check and write in one
// synchronous transaction), on one hot SKU and spread over many SKUs, each beside a bare Durable
// Object counter measured the same way in the same run. Then the propagation time from a reservation
// to the channel command (the ledger's coalesced inventory.set reaching the connector's queue
// consumer, for both stores that list the SKU), beside a bare object that sends one queue message per
// call at once through the same queue. Ends with an oversell check under load.
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
    migrate: true,
  });
  const post = async (path: string) => {
    const res = await fetch(`${front.url}${path}`, { method: "POST" });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const stock = async (sku: string, qty: number) => {
    const res = await fetch(`${front.url}/stock?sku=${sku}&qty=${qty}`, { method: "POST" });
    if (!res.ok) throw new Error(`stock ${sku}: ${res.status}`);
  };
  // Every SKU is listed by two stores, so each reservation also arms the push alarm, as in production.
  await post("/list?sku=HOT");
  await stock("HOT", 1_000_000_000);
  for (let i = 0; i < SKUS; i++) {
    await post(`/list?sku=SKU-${i}`);
    await stock(`SKU-${i}`, 1_000_000_000);
    await stock(`UNLISTED-${i}`, 1_000_000_000);
  }

  let line = 0;
  const scenarios = [
    { label: "counter, one key", make: () => ({ ...empty, path: "/count?key=hot" }) },
    { label: "ledger, one hot SKU", make: () => ({ ...empty, path: `/reserve?sku=HOT&line=l${line++}` }) },
    { label: `counter, ${SKUS} keys`, make: (i: number) => ({ ...empty, path: `/count?key=k${i % SKUS}` }) },
    {
      label: `ledger, ${SKUS} SKUs`,
      make: (i: number) => ({ ...empty, path: `/reserve?sku=SKU-${i % SKUS}&line=l${line++}` }),
    },
    {
      // The same without any listing: no push to plan or send, so the fan-out's share shows.
      label: `ledger, ${SKUS} unlisted SKUs`,
      make: (i: number) => ({ ...empty, path: `/reserve?sku=UNLISTED-${i % SKUS}&line=l${line++}` }),
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
  console.log(
    `${SKUS} unlisted SKUs ledger / counter: ${(rps(`ledger, ${SKUS} unlisted SKUs`) / rps(`counter, ${SKUS} keys`)).toFixed(2)} of the bare write rate (no fan-out)`,
  );

  await measurePropagation(post, front.url);

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
  // Short lines are `backordered` under the default policy (reserved when stock arrives).
  const short = answers.filter((a) => a.status === "short" || a.status === "backordered").length;
  console.log(`\noversell check: 400 reservations for 100 units -> ${reserved} reserved, ${short} short`);
  if (reserved !== 100 || short !== 300) process.exitCode = 1;
} finally {
  await stopAll();
}

async function measurePropagation(post: (path: string) => Promise<Response>, url: string): Promise<void> {
  const KEYS = 20;
  const rate = Number(process.env.BENCH_PROPAGATION_RPS ?? 50);
  const seconds = Number(process.env.BENCH_PROPAGATION_SECONDS ?? 6);
  for (let i = 0; i < KEYS; i++) {
    await post(`/list?sku=P-${i}`);
    await post(`/stock?sku=P-${i}&qty=1000000`);
  }
  await new Promise((r) => setTimeout(r, 2000));
  await post("/record?on=1");
  // Paced, not closed-loop: a steady stream of orders, each to a random one of the SKUs.
  const paced = async (path: (i: number) => string) => {
    await post("/reset");
    const total = rate * seconds;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      sends.push(post(path(i)));
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    await Promise.all(sends);
    await new Promise((r) => setTimeout(r, 4000)); // the last debounce and queue batch
    return (await (await fetch(`${url}/results`)).json()) as {
      reserved: { id: string; sku: string; at: number }[];
      received: {
        kind: string;
        id: string;
        sku: string;
        store_id: string | null;
        issued_at: number | null;
        received_at: number;
      }[];
    };
  };
  const ledger = await paced((i) => `/reserve?sku=P-${i % KEYS}&line=p${i}&track=1`);
  const ledgerLatencies = ledger.reserved.map((r) => {
    // When both stores' listings have a command issued after the reservation (the first that covers it).
    const perStore = ["sto_bench_a", "sto_bench_b"].map((store) => {
      const covering = ledger.received
        .filter(
          (c) =>
            c.kind === "inventory.set" &&
            c.sku === r.sku &&
            c.store_id === store &&
            (c.issued_at ?? 0) >= r.at,
        )
        .map((c) => c.received_at);
      return covering.length > 0 ? Math.min(...covering) : Number.NaN;
    });
    return Math.max(...perStore) - r.at;
  });
  const commands = ledger.received.filter((c) => c.kind === "inventory.set").length;
  const relay = await paced((i) => `/relay?sku=R-${i % KEYS}&line=r${i}&track=1`);
  const arrived = new Map(relay.received.map((m) => [m.id, m.received_at]));
  const relayLatencies = relay.reserved.map((r) => (arrived.get(r.id) ?? Number.NaN) - r.at);

  const stats = (xs: number[]) => {
    const ok = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    const at = (p: number) => ok[Math.min(ok.length - 1, Math.floor((p / 100) * ok.length))] ?? Number.NaN;
    return { n: ok.length, missing: xs.length - ok.length, p50: at(50), p95: at(95), p99: at(99) };
  };
  const l = stats(ledgerLatencies);
  const b = stats(relayLatencies);
  console.log(
    `\npropagation, ${rate} reservations/s over ${KEYS} SKUs for ${seconds} s, two listings per SKU:`,
  );
  console.log(
    `  ledger -> inventory.set at the connector: p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms (${l.n} reservations, ${l.missing} never covered)`,
  );
  console.log(
    `  bare object -> one queue message per call: p50 ${b.p50} ms, p95 ${b.p95} ms, p99 ${b.p99} ms (${b.n} calls, ${b.missing} lost)`,
  );
  console.log(
    `  p95 ledger / bare: ${(l.p95 / b.p95).toFixed(2)}; the ledger waits INVENTORY_PUSH_DEBOUNCE_MS (250) on purpose`,
  );
  console.log(
    `  coalescing: ${commands} commands for ${ledger.reserved.length} reservations x 2 listings (${(commands / (2 * ledger.reserved.length)).toFixed(2)} per listing per reservation)`,
  );
  if (l.missing > 0 || b.missing > 0) process.exitCode = 1;

  // A burst: 200 orders for one SKU at once make one command per listing per debounce window.
  await post("/list?sku=BURST");
  await post("/stock?sku=BURST&qty=1000000");
  await new Promise((r) => setTimeout(r, 2000));
  await post("/reset");
  await Promise.all(Array.from({ length: 200 }, (_, i) => post(`/reserve?sku=BURST&line=b${i}`)));
  await new Promise((r) => setTimeout(r, 4000));
  const burst = (await (await fetch(`${url}/results`)).json()) as {
    received: { kind: string; sku: string }[];
  };
  const burstCommands = burst.received.filter((c) => c.kind === "inventory.set" && c.sku === "BURST").length;
  console.log(
    `  burst: 200 simultaneous reservations of one SKU -> ${burstCommands} commands for its 2 listings`,
  );
}
