import { registerEnumType } from "type-graphql";

/** 群众满意度: how satisfied the petitioner is with the reply */
export enum Rating {
  SATISFIED = "SATISFIED",
  BASICALLY_SATISFIED = "BASICALLY_SATISFIED",
  UNSATISFIED = "UNSATISFIED",
}
registerEnumType(Rating, { name: "Rating" });

/** The ratings the satisfaction rate counts as satisfied. */
export const SATISFIED_RATINGS = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED];
