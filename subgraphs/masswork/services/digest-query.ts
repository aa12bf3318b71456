import { type DataSource, type SelectQueryBuilder } from "typeorm";
import { byTime, keysetPage, sqlTime, type OwnedList } from "../../../common/db";
import { badInput, parseId } from "../../../common/errors";
import type { DigestFilter, OpinionDigestConnection } from "../entities/digest-connection";
import { OpinionDigestSource, type DigestSourceKind } from "../entities/digest-source";
import { OpinionDigest } from "../entities/opinion-digest";

function filtered(
  db: DataSource,
  filter: DigestFilter | null | undefined,
): SelectQueryBuilder<OpinionDigest> {
  const q = db.getRepository(OpinionDigest).createQueryBuilder("d");
  if (!filter) return q;
  if (filter.townId != null)
    q.andWhere("d.town_id = :townId", { townId: parseId("filter.townId", filter.townId) });
  if (filter.category?.length)
    q.andWhere("d.category IN (:...category)", { category: filter.category });
  if (filter.from && filter.to && filter.from > filter.to)
    throw badInput("filter.from", "is after filter.to");
  if (filter.from) q.andWhere("d.published_at >= :from", { from: sqlTime(filter.from) });
  if (filter.to) q.andWhere("d.published_at <= :to", { to: sqlTime(filter.to) });
  if (filter.sourceKind?.length)
    q.andWhere(
      "EXISTS (SELECT 1 FROM opinion_digest_source s WHERE s.digest_id = d.id AND s.kind IN (:...kinds))",
      { kinds: filter.sourceKind },
    );
  return q;
}

/**
 * A page of 社情民意, newest published first. Keyset pagination on (published_at, id), over
 * the index of those two columns: one statement per page whatever its size, and one more for
 * `totalCount` only when it is asked for.
 */
export function digestPage(
  db: DataSource,
  filter: DigestFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<OpinionDigestConnection> {
  return keysetPage(
    () => filtered(db, filter),
    byTime("d", "published_at", (d) => d.publishedAt),
    first,
    after,
  );
}

/**
 * The digests citing these records of one kind, newest first, each with the record it cites:
 * one statement for all of them, however many records and digests.
 */
export async function citationsOf(
  db: DataSource,
  kind: DigestSourceKind,
  sourceIds: readonly number[],
): Promise<{ sourceId: number; digest: OpinionDigest }[]> {
  const { raw, entities } = await db
    .getRepository(OpinionDigest)
    .createQueryBuilder("d")
    .innerJoin(OpinionDigestSource, "s", "s.digest_id = d.id")
    .addSelect("s.source_id", "cited_id")
    .where("s.kind = :kind", { kind })
    .andWhere("s.source_id IN (:...ids)", { ids: [...sourceIds] })
    .orderBy("d.published_at", "DESC")
    .addOrderBy("d.id", "DESC")
    .getRawAndEntities();
  const byId = new Map(entities.map((d) => [Number(d.id), d]));
  return (raw as { d_id: number; cited_id: number }[]).map((r) => ({
    sourceId: Number(r.cited_id),
    digest: byId.get(Number(r.d_id))!,
  }));
}

/**
 * The digests citing records of one kind, as a list per record to be paged (common/db's
 * `ownerPages`), newest published first as `citationsOf`.
 */
export const digestsCitingList = (
  db: DataSource,
  kind: DigestSourceKind,
  nodes: OwnedList<OpinionDigest>["nodes"],
): OwnedList<OpinionDigest> => ({
  rows: (owners) =>
    db
      .getRepository(OpinionDigestSource)
      .createQueryBuilder("s")
      .innerJoin(OpinionDigest, "d", "d.id = s.digest_id")
      .where("s.kind = :kind", { kind })
      .andWhere("s.source_id IN (:...owners)", { owners }),
  owner: "s.source_id",
  keyset: byTime("d", "published_at", (d) => d.publishedAt),
  nodes,
});
