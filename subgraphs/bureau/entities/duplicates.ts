import { Field, Float, ObjectType } from "type-graphql";
import { Petition } from "./petition";

/** 查重: an open petition that may be the same matter as the one asked about. */
@ObjectType({
  description:
    "查重: an open petition that may be the same matter (merge it, or register a repeat)",
})
export class PossibleDuplicate {
  @Field(() => Petition)
  petition: Petition;

  @Field(() => Boolean, {
    description:
      "a petitioner of both has the same ID number (which is never shown here: read the petitioners, masked by role)",
  })
  sameIdNumber: boolean;

  @Field(() => Boolean, { description: "same town and category, received within 90 days" })
  sameTownAndCategory: boolean;

  @Field(() => Float, {
    description:
      "how alike the texts are: Jaccard similarity of the character pairs of title and content, 0 to 1",
  })
  textSimilarity: number;

  @Field(() => String, { description: "why it is suggested, in words" })
  reason: string;
}
