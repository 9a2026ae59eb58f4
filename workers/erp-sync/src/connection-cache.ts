import type { ErpConnection } from "../../../shared/erp";
import type { MeshInternalApi } from "../../../shared/internal-api";

/**
 * Connections (credentials and mappings included) cached in isolate memory under their revision:
 * core bumps the revision on every change, so a changed connection is fetched again on the next pass
 * and an unchanged one costs nothing.
 */
const cache = new Map<string, ErpConnection>();

export async function connectionAt(
  core: MeshInternalApi,
  id: string,
  revision: number,
): Promise<ErpConnection | null> {
  const cached = cache.get(id);
  if (cached && cached.revision === revision) return cached;
  const fresh = await core.getErpConnection(id);
  if (fresh) cache.set(id, fresh);
  else cache.delete(id);
  return fresh;
}
