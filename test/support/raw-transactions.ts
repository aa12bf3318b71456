import type { DataSource, QueryRunner } from "typeorm";

/**
 * Runs `count` transactions at once, each on a query runner of its own and outside the
 * project's deadlock retries (common/db/transactions.ts), so that a lock pattern that deadlocks
 * shows as a failure instead of a retry. Returns the failures' messages (none expected).
 */
export async function transactionsAtOnce(
  dataSource: DataSource,
  count: number,
  work: (runner: QueryRunner, i: number) => Promise<void>,
): Promise<string[]> {
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const runner = dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await work(runner, i);
        await runner.commitTransaction();
      } catch (e) {
        failures.push((e as Error).message);
        if (runner.isTransactionActive) await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    }),
  );
  return failures;
}
