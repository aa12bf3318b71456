import { Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { referenceId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Evaluation } from "../entities/evaluation";
import { HotlineCall } from "../entities/hotline-call";
import { OnlineMessage } from "../entities/online-message";
import { Petition } from "../external/bureau";
import { serviceCenterLoaders } from "../loaders";

@Resolver(() => Petition)
export class PetitionResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [OnlineMessage], {
    nullable: true,
    description: "the website message the petition came from, if any",
  })
  @Directive('@requires(fields: "sourceMessageId")')
  async onlineMessages(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<OnlineMessage[]> {
    const id = referenceId({ id: p.sourceMessageId });
    if (id === null) return [];
    const message = await serviceCenterLoaders(ctx.loaders).message.load(id);
    return message ? [message] : [];
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => HotlineCall, {
    nullable: true,
    description: "市长热线: the hotline call the petition was registered from, if any",
  })
  @Directive('@requires(fields: "sourceCallId")')
  async hotlineCall(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<HotlineCall | null> {
    const id = referenceId({ id: p.sourceCallId });
    return id === null ? null : serviceCenterLoaders(ctx.loaders).hotlineCall.load(id);
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => Evaluation, {
    nullable: true,
    description: "群众满意度评价: the petitioner's rating of the reply",
  })
  evaluation(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Evaluation | null> | null {
    const id = referenceId(p);
    return id === null ? null : serviceCenterLoaders(ctx.loaders).evaluationOf.load(id);
  }
}
