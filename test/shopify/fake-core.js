import { WorkerEntrypoint } from "cloudflare:workers";

// A stand-in for core's `MeshInternal` RPC entrypoint, run as a separate worker named `mesh-core` so
// the connector reaches it through its real service binding. State lives in this worker's memory:
// one instance per test file. The methods after `recordChannelPush` are test controls, not part of
// MeshInternalApi. Faults are per store: `lookup`, `park`, `listing` (getListingState), `report`.
const stores = new Map();
const faults = new Map();
const parked = [];
const listings = new Map();
const pushes = [];

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

  async getListingState({ storeId, sku }) {
    if (faults.get(storeId)?.listing) throw new Error("core unavailable");
    return listings.get(`${storeId}:${sku}`) ?? null;
  }

  async recordChannelPush(report) {
    if (faults.get(report.storeId)?.report) throw new Error("core unavailable");
    pushes.push(report);
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

  async setListingState(storeId, sku, state) {
    listings.set(`${storeId}:${sku}`, state);
  }

  async channelPushes() {
    return pushes.slice();
  }
}

export default {
  fetch() {
    return new Response("fake mesh-core: RPC only", { status: 404 });
  },
};
