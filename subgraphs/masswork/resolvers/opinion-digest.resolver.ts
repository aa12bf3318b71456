import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { type SubgraphContext } from "../../../common/server";
import { idempotencyKey as idempotencyKeyOf } from "../../../common/text";
import { DigestFilter, OpinionDigestConnection } from "../entities/digest-connection";
import { DigestSourceKind } from "../entities/digest-source";
import { OpinionDigest } from "../entities/opinion-digest";
import { Reception } from "../entities/reception";
import { Town } from "../entities/town";
import { Petition } from "../external/bureau";
import { HotlineCall, OnlineMessage } from "../external/service-center";
import { massworkLoaders } from "../loaders";
import { digestPage } from "../services/digest-query";
import { writeDigest } from "../services/digests";
import { WriteDigestInput } from "./digest-inputs";

/** The ids of the records of one kind a digest cites, in the order the writer gave them. */
async function cited(ctx: SubgraphContext, d: OpinionDigest, kind: DigestSourceKind) {
  const sources = await massworkLoaders(ctx.loaders).sourcesOfDigest.load(d.id);
  return sources.filter((s) => s.kind === kind).map((s) => Number(s.sourceId));
}

/**
 * 社情民意: written by the mass-work department, read by everyone who reads cases. The records
 * a digest cites are references by key: the gateway asks each owner for its own.
 */
@Resolver(() => OpinionDigest)
export class OpinionDigestResolver {
  @Authorized(Access.caseReaders)
  @Query(() => OpinionDigestConnection, {
    description:
      "社情民意 a page at a time, newest published first (first: 20 unless given, at most 200)",
  })
  digests(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => DigestFilter, { nullable: true }) filter?: DigestFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "the endCursor of the page before",
    })
    after?: string | null,
  ): Promise<OpinionDigestConnection> {
    return digestPage(ctx.db, filter, pageSize(first), after);
  }

  @Authorized(Access.massworkStaff)
  @Mutation(() => OpinionDigest, {
    description:
      "writes a digest (社情民意) citing the messages, calls, petitions and receptions it summarises; once per idempotencyKey",
  })
  writeDigest(
    @Ctx() ctx: SubgraphContext,
    @Arg("input", () => WriteDigestInput) input: WriteDigestInput,
    @Arg("idempotencyKey", () => String, {
      nullable: true,
      description: "the same key again returns the same digest and writes nothing",
    })
    key?: string | null,
  ): Promise<OpinionDigest> {
    return writeDigest(ctx, input, idempotencyKeyOf(key));
  }

  @FieldResolver(() => Town, { nullable: true, description: "the town it is about" })
  town(@Root() d: OpinionDigest, @Ctx() ctx: SubgraphContext): Promise<Town | null> | null {
    return d.townId === null ? null : massworkLoaders(ctx.loaders).town.load(d.townId);
  }

  @FieldResolver(() => [OnlineMessage], {
    nullable: true,
    description: "the website messages it cites (the service center's)",
  })
  async messages(@Root() d: OpinionDigest, @Ctx() ctx: SubgraphContext): Promise<OnlineMessage[]> {
    return (await cited(ctx, d, DigestSourceKind.MESSAGE)).map((id) => ({ id: String(id) }));
  }

  @FieldResolver(() => [HotlineCall], {
    nullable: true,
    description: "the hotline calls it cites (the service center's)",
  })
  async calls(@Root() d: OpinionDigest, @Ctx() ctx: SubgraphContext): Promise<HotlineCall[]> {
    return (await cited(ctx, d, DigestSourceKind.CALL)).map((id) => ({ id: String(id) }));
  }

  @FieldResolver(() => [Petition], {
    nullable: true,
    description: "the petitions it cites (the bureau's)",
  })
  async petitions(@Root() d: OpinionDigest, @Ctx() ctx: SubgraphContext): Promise<Petition[]> {
    return (await cited(ctx, d, DigestSourceKind.PETITION)).map((id) => ({ id: String(id) }));
  }

  @FieldResolver(() => [Reception], {
    nullable: true,
    description: "the leaders' receptions it cites",
  })
  async receptions(@Root() d: OpinionDigest, @Ctx() ctx: SubgraphContext): Promise<Reception[]> {
    const ids = await cited(ctx, d, DigestSourceKind.RECEPTION);
    const rows = await massworkLoaders(ctx.loaders).reception.loadMany(ids);
    return rows.filter((r): r is Reception => r !== null && !(r instanceof Error));
  }
}
