import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../../common/server";
import { Petition } from "../entities/petition";
import { Visit } from "../entities/visit";
import { bureauLoaders } from "../loaders";

@Resolver(() => Visit)
export class VisitResolver {
  @FieldResolver(() => Petition)
  async petition(@Root() v: Visit, @Ctx() ctx: SubgraphContext): Promise<Petition> {
    return (await bureauLoaders(ctx.loaders).petition.load(v.petitionId))!;
  }
}
