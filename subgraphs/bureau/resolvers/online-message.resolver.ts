import {
  Authorized,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Info,
  ObjectType,
  Resolver,
  Root,
} from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { Access, denied, hasRole } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { MessageProgress } from "../entities/message-progress";
import { Petition } from "../entities/petition";
import { bureauLoaders } from "../loaders";

/** The service center's online message; the bureau knows which petition came from it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class OnlineMessage {
  @Field(() => ID)
  id: string;

  /** the service center's: whether the signed-in citizen asking posted it */
  @Field(() => Boolean)
  @Directive("@external")
  mine?: boolean;
}

/** What of a petition its message's author may see. */
export function progressOf(p: Petition): MessageProgress {
  return {
    serialNo: p.serialNo,
    status: p.status,
    registeredAt: p.receivedAt,
    acceptanceDeadline: p.acceptanceDeadline,
    acceptedAt: p.acceptedAt,
    declinedAt: p.declinedAt,
    declineReason: p.declineReason,
    dueAt: p.dueAt,
    repliedAt: p.repliedAt,
    reply:
      p.replyText === null || p.repliedAt === null
        ? null
        : { text: p.replyText, repliedAt: p.repliedAt, unit: p.responsibleUnit },
  };
}

@Resolver(() => OnlineMessage)
export class OnlineMessageResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the petition registered from this message",
  })
  petition(@Root() m: OnlineMessage, @Ctx() ctx: SubgraphContext): Promise<Petition | null> {
    return bureauLoaders(ctx.loaders).petitionFromMessage.load(Number(m.id));
  }

  /**
   * The bureau owns the petition's status, so it answers this; the service center says (through
   * `mine`, which the gateway fetches first) whether the asking citizen posted the message.
   */
  @FieldResolver(() => MessageProgress, {
    nullable: true,
    description:
      "办理进度: the status and reply of the petition registered from this message, null when none was; for staff, and for the citizen who posted it",
  })
  @Directive('@requires(fields: "mine")')
  async progress(
    @Root() m: OnlineMessage,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MessageProgress | null> {
    const allowed =
      hasRole(ctx.caller, Access.caseReaders) ||
      (hasRole(ctx.caller, Access.citizens) && m.mine === true);
    if (!allowed) throw denied(ctx.caller, info);
    const petition = await bureauLoaders(ctx.loaders).petitionFromMessage.load(Number(m.id));
    return petition ? progressOf(petition) : null;
  }
}
