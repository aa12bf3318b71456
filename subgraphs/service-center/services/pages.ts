import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { connectionOf, cursorId, cursorTime, decodeCursor, sqlTime } from "../../../common/db";
import { badInput } from "../../../common/errors";

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A time range's bounds as a filter gives them: refused when `from` is after `to`. */
export function timeRange<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  column: string,
  fromField: string,
  from: Date | null | undefined,
  toField: string,
  to: Date | null | undefined,
): void {
  if (from && to && from > to) throw badInput(fromField, `is after ${toField}`);
  if (from) q.andWhere(`${column} >= :rangeFrom`, { rangeFrom: sqlTime(from) });
  if (to) q.andWhere(`${column} <= :rangeTo`, { rangeTo: sqlTime(to) });
}

/**
 * A page of records, newest first, as the bureau pages petitions: keyset pagination on
 * (time, id), so a deep page costs what the first does, one statement whatever the page size,
 * and one more for `totalCount` only when a client selects it. `filtered` builds the same
 * filtered query afresh (`alias` its alias); `timeColumn` is the SQL column, `timeOf` reads it.
 * Column names are this department's constants, never caller input.
 */
export async function keysetPage<T extends { id: number }>(
  filtered: () => SelectQueryBuilder<T>,
  alias: string,
  timeColumn: string,
  timeOf: (row: T) => Date,
  first: number,
  after: string | null | undefined,
): Promise<Page<T>> {
  const q = filtered();
  if (after) {
    const [rawAt, rawId] = decodeCursor(after, 2);
    const at = cursorTime(rawAt);
    const id = cursorId(rawId);
    const time = `${alias}.${timeColumn}`;
    q.andWhere(
      new Brackets((b) =>
        b
          .where(`${time} < :cAt`, { cAt: at })
          .orWhere(
            new Brackets((c) =>
              c.where(`${time} = :cAt`, { cAt: at }).andWhere(`${alias}.id < :cId`, { cId: id }),
            ),
          ),
      ),
    );
  }
  const rows =
    first === 0
      ? []
      : await q
          .orderBy(`${alias}.${timeColumn}`, "DESC")
          .addOrderBy(`${alias}.id`, "DESC")
          .limit(first + 1)
          .getMany();
  return connectionOf(
    rows,
    first,
    (node) => [sqlTime(timeOf(node)), node.id],
    () => filtered().getCount(),
  );
}
