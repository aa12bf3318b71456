import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { maskName, PetitionCategory } from "../../../common/domain";
import { idempotencyKey as idempotencyKeyOf } from "../../../common/text";
import { parseId } from "../../../common/errors";
import { personalField, type SubgraphContext } from "../../../common/server";
import { MessageReply, OnlineMessage } from "../entities/online-message";
import { serviceCenterLoaders } from "../loaders";
import { OnlineMessageConnection, OnlineMessageFilter } from "../entities/connections";
import { latestMessages, messagePage, postMessage, replyToMessage } from "../services/messages";
import { isAuthor, mayReadAuthor, maySee } from "../services/visibility";
import { Town, townRef } from "../external/masswork";

@Resolver(() => OnlineMessage)
export class OnlineMessageResolver {
  @Query(() => OnlineMessage, {
    nullable: true,
    description: "null when there is no such message or the caller may not see it",
  })
  async onlineMessage(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<OnlineMessage | null> {
    const message = await serviceCenterLoaders(ctx.loaders).message.load(parseId("id", id));
    return message && maySee(ctx.caller, message) ? message : null;
  }

  @Query(() => [OnlineMessage], {
    description: "newest first; the public board shows answered messages, and a citizen's own",
  })
  onlineMessages(
    @Ctx() ctx: SubgraphContext,
    @Arg("replied", () => Boolean, {
      nullable: true,
      description: "true: only replied messages; false: only unreplied ones",
    })
    replied?: boolean | null,
    @Arg("first", () => Int, { nullable: true, description: "20 unless given, at most 200" })
    first?: number | null,
  ): Promise<OnlineMessage[]> {
    const size = pageSize(first);
    if (size === 0) return Promise.resolve([]);
    return latestMessages(ctx.db, ctx.caller, replied, size);
  }

  @Query(() => OnlineMessageConnection, {
    description:
      "the messages the caller may see (as onlineMessages), newest posted first, a page at a time",
  })
  messagePage(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => OnlineMessageFilter, { nullable: true })
    filter?: OnlineMessageFilter | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: "page size, 20 unless given, at most 200",
    })
    first?: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "the endCursor of the page before",
    })
    after?: string | null,
  ): Promise<OnlineMessageConnection> {
    return messagePage(ctx.db, ctx.caller, filter, pageSize(first), after);
  }

  @Authorized(Access.citizens)
  @Mutation(() => OnlineMessage, {
    description: "网络留言: a citizen posts a message on the website",
  })
  postMessage(
    @Ctx() ctx: SubgraphContext,
    @Arg("title", () => String) title: string,
    @Arg("content", () => String) content: string,
    @Arg("category", () => PetitionCategory) category: PetitionCategory,
    @Arg("idempotencyKey", () => String, { nullable: true }) idempotencyKey?: string | null,
    @Arg("authorName", () => String, { nullable: true }) authorName?: string | null,
    @Arg("authorPhone", () => String, { nullable: true, description: "a mainland mobile number" })
    authorPhone?: string | null,
    @Arg("townId", () => ID, {
      nullable: true,
      description: "masswork's town the message is about",
    })
    townId?: string | null,
  ): Promise<OnlineMessage> {
    return postMessage(
      ctx.db,
      ctx.graph,
      {
        title,
        content,
        category,
        idempotencyKey: idempotencyKeyOf(idempotencyKey),
        authorName,
        authorPhone,
        authorSubject: ctx.caller.subject,
        townId,
      },
      ctx.clock.now(),
    );
  }

  @Authorized(Access.serviceCenterStaff)
  @Mutation(() => OnlineMessage, { description: "a unit replies to a message, once" })
  replyToMessage(
    @Ctx() ctx: SubgraphContext,
    @Arg("id", () => ID) id: string,
    @Arg("text", () => String) text: string,
    @Arg("unit", () => String) unit: string,
  ): Promise<OnlineMessage> {
    return replyToMessage(ctx.db, id, text, unit, ctx.clock.now());
  }

  @FieldResolver(() => MessageReply, { nullable: true })
  reply(@Root() m: OnlineMessage): MessageReply | null {
    return m.replyText === null || m.repliedAt === null
      ? null
      : { text: m.replyText, repliedAt: m.repliedAt, unit: m.replyUnit ?? "" };
  }

  @FieldResolver(() => Town, {
    nullable: true,
    description: "masswork's town the message is about; null when the author gave none",
  })
  town(@Root() m: OnlineMessage): Town | null {
    return townRef(m.townId);
  }

  @FieldResolver(() => Boolean, {
    description:
      "true when the signed-in citizen asking posted this message (the website marks their own; the bureau shows them its progress)",
  })
  mine(@Root() m: OnlineMessage, @Ctx() ctx: SubgraphContext): boolean {
    return isAuthor(ctx.caller, m);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "the author's name, masked unless the caller may read it; unmasked reads are audited",
  })
  authorName(
    @Root() m: OnlineMessage,
    @Ctx() ctx: SubgraphContext,
  ): string | null | Promise<string | null> {
    return personalField(
      ctx,
      mayReadAuthor(ctx.caller, m),
      { entity: "OnlineMessage", id: m.id, field: "authorName" },
      m.authorName,
      maskName,
    );
  }
}
