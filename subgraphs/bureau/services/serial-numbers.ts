import type { EntityManager } from "typeorm";

/**
 * 信访事项编号 XF<year>-<number>: the register of a year's petitions, numbered without gaps.
 *
 * Each year has a counter row, incremented by the registration's own transaction. The increment
 * locks the row until that transaction ends, so concurrent registrations take numbers one after
 * the other and none collides; a registration that rolls back gives its number back, so a
 * year's numbers stay continuous. The year is the receipt's, in Beijing time.
 */
export async function nextSerialNo(tx: EntityManager, receivedAt: Date): Promise<string> {
  const year = new Date(receivedAt.getTime() + 8 * 3_600_000).getUTCFullYear();
  const increment =
    tx.connection.options.type === "mysql"
      ? "INSERT INTO serial_counter (serial_year, last_number) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_number = last_number + 1"
      : "INSERT INTO serial_counter (serial_year, last_number) VALUES (?, 1) ON CONFLICT (serial_year) DO UPDATE SET last_number = last_number + 1";
  await tx.query(increment, [year]);
  // the transaction reads its own increment
  const [row]: { last_number: number | string }[] = await tx.query(
    "SELECT last_number FROM serial_counter WHERE serial_year = ?",
    [year],
  );
  return `XF${year}-${String(Number(row.last_number)).padStart(6, "0")}`;
}

/**
 * Sets every year's counter to the highest number its petitions hold: after rows were written
 * around registration (the migration that introduces counters, a bulk load).
 */
export async function recountSerialNumbers(db: EntityManager): Promise<void> {
  const mysql = db.connection.options.type === "mysql";
  const number = mysql
    ? "CAST(SUBSTR(serial_no, 8) AS UNSIGNED)"
    : "CAST(SUBSTR(serial_no, 8) AS INTEGER)";
  await db.query("DELETE FROM serial_counter");
  await db.query(
    `INSERT INTO serial_counter (serial_year, last_number)
     SELECT CAST(SUBSTR(serial_no, 3, 4) AS ${mysql ? "UNSIGNED" : "INTEGER"}), MAX(${number})
     FROM petition WHERE serial_no LIKE 'XF____-%' GROUP BY SUBSTR(serial_no, 3, 4)`,
  );
}
