import { type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { sqlTime } from "../../../common/db";
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
