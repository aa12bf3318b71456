/**
 * A time as both engines compare it: the UTC text form TypeORM writes into SQLite, which
 * MySQL also reads as a DATETIME. Raw SQL parameters go through this, never a Date.
 */
export function sqlTime(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "");
}
