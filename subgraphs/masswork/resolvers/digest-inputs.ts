import { Field, ID, InputType } from "type-graphql";
import { PetitionCategory } from "../../../common/domain";
import { DateScalar } from "../../../common/time/scalars";
import { DigestSourceKind } from "../entities/digest-source";

@InputType({ description: "a record the digest summarises, by kind and its owner's id" })
export class DigestSourceInput {
  @Field(() => DigestSourceKind)
  kind: DigestSourceKind;

  @Field(() => ID)
  id: string;
}

@InputType({ description: "社情民意: a digest as the mass-work department writes it" })
export class WriteDigestInput {
  @Field(() => String, { description: "2 to 200 characters" })
  title: string;

  @Field(() => String, { description: "2 to 5000 characters" })
  summary: string;

  @Field(() => ID, { description: "the town it is about" })
  townId: string;

  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Field(() => DateScalar, { description: "the first day it covers" })
  periodFrom: Date;

  @Field(() => DateScalar, {
    description: "the last day it covers; not after today, at most a year after periodFrom",
  })
  periodTo: Date;

  @Field(() => [DigestSourceInput], {
    description:
      "1 to 200 records it summarises, each once: messages, calls, petitions, receptions",
  })
  sources: DigestSourceInput[];
}
