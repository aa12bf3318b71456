import { Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { DigestSourceKind } from "../entities/digest-source";
import { OpinionDigest } from "../entities/opinion-digest";
import { Reception } from "../entities/reception";
import { Petition } from "../external/bureau";
import { HotlineCall, OnlineMessage } from "../external/service-center";
import { massworkLoaders } from "../loaders";

const citing = (ctx: SubgraphContext, kind: DigestSourceKind, id: string | number) =>
  massworkLoaders(ctx.loaders).digestsCiting(kind).load(Number(id));

const DESCRIPTION = "社情民意 citing it, newest first";

/** Which digests cite a record: batched by kind, statements constant in the number of records. */
@Resolver(() => OnlineMessage)
export class OnlineMessageDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() m: OnlineMessage, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.MESSAGE, m.id);
  }
}

@Resolver(() => HotlineCall)
export class HotlineCallDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() c: HotlineCall, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.CALL, c.id);
  }
}

@Resolver(() => Petition)
export class PetitionDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.PETITION, p.id);
  }
}

@Resolver(() => Reception)
export class ReceptionDigestsResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OpinionDigest], { nullable: true, description: DESCRIPTION })
  digests(@Root() r: Reception, @Ctx() ctx: SubgraphContext): Promise<OpinionDigest[]> {
    return citing(ctx, DigestSourceKind.RECEPTION, r.id);
  }
}
