import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionCategory } from "../../../common/domain";
import { DateScalar } from "../../../common/time/scalars";

/** 社情民意: a digest of what people are raising, published for the county's leaders. */
@Entity("opinion_digest")
@ObjectType({ description: "社情民意: a public-opinion digest" })
@Directive('@key(fields: "id")')
export class OpinionDigest {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 200 })
  @Field(() => String)
  title: string;

  @Column({ type: "text" })
  @Field(() => String)
  summary: string;

  @Column({ name: "published_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  publishedAt: Date;

  /** the town it is about (digests stored before writeDigest existed have none) */
  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  @Column({ type: "varchar", length: 32, nullable: true })
  @Field(() => PetitionCategory, { nullable: true, description: "the kind of matter it is about" })
  category: PetitionCategory | null;

  /** the first day it covers, Beijing time, YYYY-MM-DD */
  @Column({ name: "period_from", type: "date", utc: true, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: "the first day the digest covers" })
  periodFrom: string | null;

  /** the last day it covers, Beijing time, YYYY-MM-DD */
  @Column({ name: "period_to", type: "date", utc: true, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: "the last day the digest covers" })
  periodTo: string | null;
}
