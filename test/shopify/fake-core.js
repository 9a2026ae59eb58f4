import { WorkerEntrypoint } from "cloudflare:workers";

// A stand-in for core's `MeshInternal` RPC entrypoint, run as a separate worker named `mesh-core` so
// the connector reaches it through its real service binding. State lives in this worker's memory:
// one instance per test file. The last three methods are test controls, not part of MeshInternalApi.
const stores = new Map();
const faults = new Map();
const parked = [];

export class MeshInternal extends WorkerEntrypoint {
  async getStoreCredentials(storeId) {
    if (faults.get(storeId)?.lookup) throw new Error("core unavailable");
    return stores.get(storeId) ?? null;
  }

  async parkException(input) {
    if (input.storeId && faults.get(input.storeId)?.park) throw new Error("core unavailable");
    parked.push(input);
    return { id: `exc_${parked.length}` };
  }

  async putStore(store) {
    stores.set(store.storeId, store);
  }

  async setFaults(storeId, fault) {
    faults.set(storeId, fault);
  }

  async parkedExceptions() {
    return parked.slice();
  }
}

export default {
  fetch() {
    return new Response("fake mesh-core: RPC only", { status: 404 });
  },
};
