import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { maskName, pageSize, parseId, PetitionCategory, type SubgraphContext } from "../../../common";
import { MessageReply, OnlineMessage } from "../entities/online-message";
import { serviceCenterLoaders } from "../loaders";
import { postMessage, replyToMessage } from "../messages";

@Resolver(() => OnlineMessage)
export class OnlineMessageResolver {
  @Query(() => OnlineMessage, { nullable: true })
  onlineMessage(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<OnlineMessage | null> {
    return serviceCenterLoaders(ctx.loaders).message.load(parseId("id", id));
  }

  @Query(() => [OnlineMessage], { description: "newest first" })
  onlineMessages(
    @Ctx() ctx: SubgraphContext,
    @Arg("replied", () => Boolean, { nullable: true, description: "true: only replied messages; false: only unreplied ones" }) replied?: boolean | null,
    @Arg("first", () => Int, { nullable: true, description: "20 unless given, at most 200" }) first?: number | null,
  ): Promise<OnlineMessage[]> {
    const size = pageSize(first);
    if (size === 0) return Promise.resolve([]);
    const q = ctx.db.getRepository(OnlineMessage).createQueryBuilder("m");
    if (replied === true) q.where("m.replied_at IS NOT NULL");
    if (replied === false) q.where("m.replied_at IS NULL");
    return q.orderBy("m.posted_at", "DESC").addOrderBy("m.id", "DESC").limit(size).getMany();
  }

  @Mutation(() => OnlineMessage, { description: "网络留言: a citizen posts a message on the website" })
  postMessage(
    @Ctx() ctx: SubgraphContext,
    @Arg("title", () => String) title: string,
    @Arg("content", () => String) content: string,
    @Arg("category", () => PetitionCategory) category: PetitionCategory,
    @Arg("idempotencyKey", () => String, { nullable: true }) idempotencyKey?: string | null,
    @Arg("authorName", () => String, { nullable: true }) authorName?: string | null,
    @Arg("authorPhone", () => String, { nullable: true, description: "a mainland mobile number" }) authorPhone?: string | null,
  ): Promise<OnlineMessage> {
    return postMessage(ctx.db, { title, content, category, idempotencyKey, authorName, authorPhone }, ctx.clock.now());
  }

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
    return m.replyText === null || m.repliedAt === null ? null : { text: m.replyText, repliedAt: m.repliedAt, unit: m.replyUnit ?? "" };
  }

  // Personal data is masked for every caller until access control lets some roles read it.
  @FieldResolver(() => String, { nullable: true, description: "the author's name, masked unless the caller may read personal data" })
  authorName(@Root() m: OnlineMessage): string | null {
    return m.authorName === null ? null : maskName(m.authorName);
  }
}
