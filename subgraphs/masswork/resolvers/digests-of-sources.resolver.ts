import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { OpinionDigestConnection } from "../entities/digest-connection";
import { DigestSourceKind } from "../entities/digest-source";
import { OpinionDigest } from "../entities/opinion-digest";
import { Reception } from "../entities/reception";
import { Petition } from "../external/bureau";
import { HotlineCall, OnlineMessage } from "../external/service-center";
import { massworkLoaders } from "../loaders";

const citing = (ctx: SubgraphContext, kind: DigestSourceKind, id: string | number) =>
  massworkLoaders(ctx.loaders).digestsCiting(kind).load(Number(id));

const DESCRIPTION = "社情民意 citing it, newest first";

/** `digests` a page at a time: read as `digests` is, nullable as every field masswork adds */
const citingPage = (
  ctx: SubgraphContext,
  kind: DigestSourceKind,
  id: string | number,
  first: number | undefined,
  after: string | undefined,
) => massworkLoaders(ctx.loaders).digestPagesCiting(kind).page(Number(id), first, after);

const PAGE = {
  nullable: true,
  description: "社情民意 citing it a page at a time, newest published first (as digests)",
};
const FIRST = { nullable: true, description: "page size, 20 unless given, at most 200" };
const AFTER = { nullable: true, description: "the endCursor of the page before" };

/** Which digests cite a record: batched by kind, statements constant in the number of records. */
@Resolver(() => OnlineMessage)
export class OnlineMessageDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() m: OnlineMessage, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.MESSAGE, m.id);
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => OpinionDigestConnection, PAGE)
  digestPage(
    @Root() m: OnlineMessage,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<OpinionDigestConnection> {
    return citingPage(ctx, DigestSourceKind.MESSAGE, m.id, first, after);
  }
}

@Resolver(() => HotlineCall)
export class HotlineCallDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() c: HotlineCall, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.CALL, c.id);
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => OpinionDigestConnection, PAGE)
  digestPage(
    @Root() c: HotlineCall,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<OpinionDigestConnection> {
    return citingPage(ctx, DigestSourceKind.CALL, c.id, first, after);
  }
}

@Resolver(() => Petition)
export class PetitionDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.PETITION, p.id);
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => OpinionDigestConnection, PAGE)
  digestPage(
    @Root() p: Petition,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<OpinionDigestConnection> {
    return citingPage(ctx, DigestSourceKind.PETITION, p.id, first, after);
  }
}

@Resolver(() => Reception)
export class ReceptionDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() r: Reception, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.RECEPTION, r.id);
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => OpinionDigestConnection, PAGE)
  digestPage(
    @Root() r: Reception,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, FIRST) first?: number,
    @Arg("after", () => String, AFTER) after?: string,
  ): Promise<OpinionDigestConnection> {
    return citingPage(ctx, DigestSourceKind.RECEPTION, r.id, first, after);
  }
}
