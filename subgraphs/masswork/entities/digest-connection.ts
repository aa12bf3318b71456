import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { PetitionCategory } from "../../../common/domain";
import { DigestSourceKind } from "./digest-source";
import { OpinionDigest } from "./opinion-digest";

@InputType({
  description: "Every given condition must hold; lists match any of their values.",
})
export class DigestFilter {
  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => [PetitionCategory], { nullable: true })
  category?: PetitionCategory[] | null;

  @Field(() => Date, { nullable: true, description: "published at or after" })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "published at or before" })
  to?: Date | null;

  @Field(() => [DigestSourceKind], {
    nullable: true,
    description: "digests citing at least one record of these kinds",
  })
  sourceKind?: DigestSourceKind[] | null;
}

@ObjectType()
export class OpinionDigestEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => OpinionDigest)
  node: OpinionDigest;
}

@ObjectType({ description: "社情民意, newest published first" })
export class OpinionDigestConnection {
  @Field(() => [OpinionDigestEdge])
  edges: OpinionDigestEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, {
    description:
      "digests matching the filter (or citing the record, for digestPage), on every page",
  })
  totalCount: number;
}
