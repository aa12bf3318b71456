import { Field, ID, InputType, Int } from "type-graphql";
import { PetitionCategory } from "../../../common/domain";
import { Channel, PetitionSource, VisitLevel } from "../entities/enums";

@InputType()
export class PetitionerInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  idNumber?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;
}

@InputType()
export class RegisterPetitionInput {
  @Field(() => String)
  title: string;

  @Field(() => String)
  content: string;

  @Field(() => Channel)
  channel: Channel;

  @Field(() => PetitionSource)
  source: PetitionSource;

  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Field(() => Date, {
    nullable: true,
    description: "when the county received it; now unless given",
  })
  receivedAt?: Date | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "people on the matter; the number of petitioners unless given",
  })
  headcount?: number | null;

  @Field(() => [PetitionerInput])
  petitioners: PetitionerInput[];

  @Field(() => ID, { nullable: true, description: "the earlier petition on the same matter" })
  repeatOf?: string | null;

  @Field(() => ID, { nullable: true, description: "the online message this petition came from" })
  sourceMessageId?: string | null;
}

@InputType()
export class VisitInput {
  @Field(() => ID)
  petitionId: string;

  @Field(() => Date)
  receivedAt: Date;

  @Field(() => VisitLevel)
  level: VisitLevel;

  @Field(() => Int)
  headcount: number;
}
