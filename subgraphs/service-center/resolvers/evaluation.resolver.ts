import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import type { SubgraphContext } from "../../../common/server";
import { Evaluation } from "../entities/evaluation";
import { Petition } from "../external/bureau";
import { Rating } from "../entities/enums";
import { evaluatePetition } from "../services/evaluations";

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

  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the bureau's petition: null, with an error, when the bureau cannot be reached",
  })
  petition(@Root() e: Evaluation): Petition {
    return { id: String(e.petitionId) };
  }
}
