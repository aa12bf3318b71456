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

  @Field(() => ID, {
    nullable: true,
    description:
      "the hotline call this petition is registered from (channel PHONE); a call is registered once",
  })
  sourceCallId?: string | null;
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

@InputType({
  description:
    "更正: what a registration got wrong; only the fields given change, and the reason is required. The procedure's dates are not among them",
})
export class CorrectPetitionInput {
  @Field(() => String, { description: "why: written into the history with each change" })
  reason: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  content?: string | null;

  @Field(() => PetitionCategory, { nullable: true })
  category?: PetitionCategory | null;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => ID, { nullable: true, description: "the town the matter belongs to" })
  townId?: string | null;
}

@InputType({
  description:
    "更正: a petitioner's details as they should be; only the fields given change, and the reason is required",
})
export class CorrectPetitionerInput {
  @Field(() => String, { description: "why: written into the history of each of their petitions" })
  reason: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  idNumber?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;
}
