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
import { referenceId } from "../../../common/errors";
import type { SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { bureauLoaders } from "../loaders";

/** The service center's hotline call (市长热线); the bureau knows which petition was registered from it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class HotlineCall {
  @Field(() => ID)
  id: string;
}

@Resolver(() => HotlineCall)
export class HotlineCallResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => Petition, {
    nullable: true,
    description:
      "the petition the bureau registered from this call (its sourceCallId); null until registered",
  })
  registeredPetition(
    @Root() c: HotlineCall,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Petition | null> | null {
    const id = referenceId(c);
    return id === null ? null : bureauLoaders(ctx.loaders).petitionFromCall.load(id);
  }
}
