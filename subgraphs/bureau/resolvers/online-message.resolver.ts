import {
  Authorized,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Resolver,
  Root,
} from "type-graphql";
import { Access } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { bureauLoaders } from "../loaders";

/** The service center's online message; the bureau knows which petition came from it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class OnlineMessage {
  @Field(() => ID)
  id: string;
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
}
