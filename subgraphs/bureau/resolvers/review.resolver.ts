import { FieldResolver, Int, Resolver, Root } from "type-graphql";
import { Review } from "../entities/review";
import { lateByDays } from "../services/procedure";

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "复查/复核 decided after its 30 days: by how many days the decision came late (0: in time); null until decided",
  })
  decidedLateByDays(@Root() r: Review): number | null {
    return lateByDays(r.decidedAt, r.dueAt);
  }
}
