import DataLoader from "dataloader";
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import type { Loaders } from "./loaders";
import { connectionOf, cursorId, decodeCursor, pageSize, type Keyset } from "./pagination";

/**
 * A list that belongs to a parent record (a petition's visits, a petitioner's petitions), as SQL
 * sees it, to be paged for many parents at once.
 */
export interface OwnedList<T extends { id: number }> {
  /** the list's rows of these owners: a query over its table(s), filtered by owner (the code's SQL, never input) */
  rows: (owners: number[]) => SelectQueryBuilder<ObjectLiteral>;
  /** the owner's column, with the query's alias */
  owner: string;
  /** the list's order: the sort key's column and the node's id, as in `keysetPage` */
  keyset: Keyset<T>;
  /** the nodes by id (a per-request `byId` loader: one statement for every page of a tick) */
  nodes: (ids: number[]) => Promise<(T | null | Error)[]>;
}

/** Which page of which owner's list; `after` is decoded (and refused) before the key is made. */
interface OwnerPageKey {
  owner: number;
  first: number;
  after: string | null;
  cursor: [string | number, number] | null;
}

/**
 * The key of one owner's page from the field's arguments: `first` checked as every connection's
 * (20 unless given, at most 200), `after` decoded as the list's keyset reads it; either refused
 * with BAD_USER_INPUT naming the argument.
 */
function ownerPageKey<T extends { id: number }>(
  list: Pick<OwnedList<T>, "keyset">,
  owner: number,
  first: number | null | undefined,
  after: string | null | undefined,
): OwnerPageKey {
  const size = pageSize(first);
  if (!after) return { owner, first: size, after: null, cursor: null };
  const [rawKey, rawId] = decodeCursor(after, 2);
  return { owner, first: size, after, cursor: [list.keyset.first(rawKey), cursorId(rawId)] };
}

/** The statement for one group of keys (same `first`, same `after`): owner and node ids, in order. */
async function pageRows<T extends { id: number }>(
  list: OwnedList<T>,
  owners: number[],
  first: number,
  cursor: [string | number, number] | null,
): Promise<{ owner: number; id: number }[]> {
  const [key, id] = list.keyset.columns;
  const dir = list.keyset.direction;
  // a list ordered by its id alone has the id for its key: one column to compare
  const order = key === id ? `${id} ${dir}` : `${key} ${dir}, ${id} ${dir}`;
  const inner = list
    .rows(owners)
    .select(list.owner, "owner_id")
    .addSelect(id, "node_id")
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${list.owner} ORDER BY ${order})`, "row_no");
  if (cursor) {
    const [cKey, cId] = cursor;
    const past = dir === "DESC" ? "<" : ">";
    if (key === id) inner.andWhere(`${id} ${past} :cId`, { cId });
    else
      inner.andWhere(
        new Brackets((b) =>
          b
            .where(`${key} ${past} :cKey`, { cKey })
            .orWhere(
              new Brackets((c) =>
                c.where(`${key} = :cKey`, { cKey }).andWhere(`${id} ${past} :cId`, { cId }),
              ),
            ),
        ),
      );
  }
  const raw: { owner_id: unknown; node_id: unknown }[] = await inner.connection
    .createQueryBuilder()
    .select("x.owner_id", "owner_id")
    .addSelect("x.node_id", "node_id")
    .from(`(${inner.getQuery()})`, "x")
    .setParameters(inner.getParameters())
    .where("x.row_no <= :rows", { rows: first + 1 })
    .orderBy("x.owner_id", "ASC")
    .addOrderBy("x.row_no", "ASC")
    .getRawMany();
  return raw.map((r) => ({ owner: Number(r.owner_id), id: Number(r.node_id) }));
}

/**
 * The pages of one owned list for every owner asked in a tick: keys with the same `first` and
 * `after` share one statement (`ROW_NUMBER() OVER (PARTITION BY owner …)`, at most `first + 1`
 * rows per owner, past the cursor), then one for all the nodes; `totalCount`, when selected, one
 * more (a `GROUP BY` of the owners). So a page of parents asking for their first pages costs the
 * same statements for 2 parents as for 200.
 */
export function ownerPages<T extends { id: number }>(
  loaders: Loaders,
  name: string,
  list: OwnedList<T>,
) {
  const counts = loaders.get(
    `${name}.count`,
    () =>
      new DataLoader<number, number>(async (owners) => {
        const raw: { owner_id: unknown; n: unknown }[] = await list
          .rows([...owners])
          .select(list.owner, "owner_id")
          .addSelect("COUNT(*)", "n")
          .groupBy(list.owner)
          .getRawMany();
        const found = new Map(raw.map((r) => [Number(r.owner_id), Number(r.n)]));
        return owners.map((o) => found.get(o) ?? 0);
      }),
  );
  const pages = loaders.get(
    `${name}.page`,
    () =>
      new DataLoader<OwnerPageKey, ReturnType<typeof connectionOf<T>>, string>(
        async (keys) => {
          const groups = new Map<string, OwnerPageKey[]>();
          for (const k of keys) {
            const g = `${k.first}|${k.after ?? ""}`;
            if (!groups.has(g)) groups.set(g, []);
            groups.get(g)!.push(k);
          }
          const found = new Map<string, number[]>();
          await Promise.all(
            [...groups.values()].map(async (group) => {
              const [{ first, after, cursor }] = group;
              if (first === 0) return;
              const rows = await pageRows(
                list,
                group.map((k) => k.owner),
                first,
                cursor,
              );
              for (const r of rows) {
                const at = `${r.owner}|${first}|${after ?? ""}`;
                if (!found.has(at)) found.set(at, []);
                found.get(at)!.push(r.id);
              }
            }),
          );
          const ids = [...new Set([...found.values()].flat())];
          const nodes = ids.length ? await list.nodes(ids) : [];
          const byId = new Map<number, T>();
          nodes.forEach((n, i) => {
            if (n && !(n instanceof Error)) byId.set(ids[i], n);
          });
          return keys.map((k) => {
            const rows = (found.get(`${k.owner}|${k.first}|${k.after ?? ""}`) ?? [])
              .map((id) => byId.get(id))
              .filter((n): n is T => n !== undefined);
            return connectionOf(rows, k.first, list.keyset.key, () => counts.load(k.owner));
          });
        },
        { cacheKeyFn: (k) => `${k.owner}|${k.first}|${k.after ?? ""}` },
      ),
  );
  return {
    /** one owner's page from the field's arguments (refused before anything is read) */
    page: (owner: number, first: number | null | undefined, after: string | null | undefined) =>
      pages.load(ownerPageKey(list, owner, first, after)),
  };
}
