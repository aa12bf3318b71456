import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { PetitionCategory } from "../../../common/domain";
import { Petition } from "./petition";
import { Channel, PetitionStatus } from "./enums";

@InputType({ description: "Every given condition must hold; lists match any of their values." })
export class PetitionFilter {
  @Field(() => [PetitionStatus], { nullable: true })
  status?: PetitionStatus[] | null;

  @Field(() => [PetitionCategory], { nullable: true })
  category?: PetitionCategory[] | null;

  @Field(() => [Channel], { nullable: true })
  channel?: Channel[] | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => Date, { nullable: true })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  receivedTo?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: the supervision office's chase list",
  })
  overdue?: boolean | null;

  @Field(() => [ID], {
    nullable: true,
    description: "only these records (at most 200), e.g. to check that references exist",
  })
  ids?: string[] | null;
}

@ObjectType()
export class PetitionEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Petition)
  node: Petition;
}

@ObjectType({
  description:
    "Petitions a page at a time, in the order the field paging them says (petitions: newest received first)",
})
export class PetitionConnection {
  @Field(() => [PetitionEdge])
  edges: PetitionEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
