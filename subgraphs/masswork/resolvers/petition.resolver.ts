import { Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { Petition } from "../external/bureau";
import { Reception } from "../entities/reception";
import { RiskItem } from "../entities/risk-item";
import { massworkLoaders } from "../loaders";

/** What masswork adds to the bureau's petition: batched by petition id, one statement each. */
@Resolver(() => Petition)
export class PetitionResolver {
  @Authorized(Access.caseReaders)
  @FieldResolver(() => [RiskItem], {
    nullable: true,
    description: "矛盾隐患 about this petition's matter",
  })
  riskItems(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<RiskItem[]> {
    return massworkLoaders(ctx.loaders).riskItemsOfPetition.load(Number(p.id));
  }

  @Authorized(Access.caseReaders)
  @FieldResolver(() => [Reception], {
    nullable: true,
    description: "leaders' receptions about this petition",
  })
  receptions(@Root() p: Petition, @Ctx() ctx: SubgraphContext): Promise<Reception[]> {
    return massworkLoaders(ctx.loaders).receptionsOfPetition.load(Number(p.id));
  }
}
