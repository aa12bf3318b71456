import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Access } from "../../../common";
import type { SubgraphContext } from "../../../common";
import { Evaluation } from "../entities/evaluation";
import { Petition } from "../entities/petition";
import { Rating } from "../enums";
import { evaluatePetition } from "../evaluations";

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Authorized(Access.serviceCenterStaff)
  @Mutation(() => Evaluation, { description: "the petitioner rates a replied petition, once" })
  evaluatePetition(
    @Ctx() ctx: SubgraphContext,
    @Arg("petitionId", () => ID) petitionId: string,
    @Arg("rating", () => Rating) rating: Rating,
  ): Promise<Evaluation> {
    return evaluatePetition(ctx.db, ctx.graph, petitionId, rating, ctx.clock.now());
  }

  @FieldResolver(() => Petition, { nullable: true, description: "the bureau's petition: null, with an error, when the bureau cannot be reached" })
  petition(@Root() e: Evaluation): Petition {
    return { id: String(e.petitionId) };
  }
}
