/**
 * Stock quantities per material, plant, storage location and stock type, as goods movements leave
 * them. Stock types follow API_MATERIAL_STOCK_SRV's InventoryStockType: 01 unrestricted use,
 * 03 blocked stock returns [unverified code; SAP documents the domain, not this sandbox's subset].
 */
export const UNRESTRICTED = "01";
export const RETURNS_BLOCKED = "03";

export interface StockRow {
  material: string;
  plant: string;
  storageLocation: string;
  stockType: string;
  quantity: number;
}

export class StockLedger {
  constructor(private readonly sql: SqlStorage) {}

  quantity(material: string, plant: string, storageLocation: string, stockType: string): number {
    const row = this.sql
      .exec<{ quantity: number }>(
        "SELECT quantity FROM stock WHERE material = ? AND plant = ? AND storage_location = ? AND stock_type = ?",
        material,
        plant,
        storageLocation,
        stockType,
      )
      .toArray()[0];
    return row?.quantity ?? 0;
  }

  move(material: string, plant: string, storageLocation: string, stockType: string, delta: number): void {
    this.sql.exec(
      `INSERT INTO stock (material, plant, storage_location, stock_type, quantity) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (material, plant, storage_location, stock_type) DO UPDATE SET quantity = quantity + excluded.quantity`,
      material,
      plant,
      storageLocation,
      stockType,
      delta,
    );
  }

  rows(): StockRow[] {
    return this.sql
      .exec<{
        material: string;
        plant: string;
        storage_location: string;
        stock_type: string;
        quantity: number;
      }>("SELECT * FROM stock ORDER BY material, plant, storage_location, stock_type")
      .toArray()
      .map((r) => ({
        material: r.material,
        plant: r.plant,
        storageLocation: r.storage_location,
        stockType: r.stock_type,
        quantity: r.quantity,
      }));
  }
}
