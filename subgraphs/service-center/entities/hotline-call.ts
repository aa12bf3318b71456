import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionCategory } from "../../../common/domain";

/** 热线来电: a call to the mayor's hotline (市长热线), possibly registered as a petition. */
@Entity("hotline_call")
@ObjectType({ description: "热线来电: a call to the mayor's hotline" })
@Directive('@key(fields: "id")')
export class HotlineCall {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "received_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  receivedAt: Date;

  @Column({ type: "text" })
  @Field(() => String)
  summary: string;

  @Column({ type: "varchar", length: 32 })
  @Field(() => PetitionCategory)
  category: PetitionCategory;

  /** a Petition of the bureau */
  @Column({ name: "petition_id", type: "int", nullable: true })
  petitionId: number | null;

  /** a Town of masswork; null for calls recorded before towns were */
  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  /** the two answer columns are set together, once (see answerCall) */
  @Column({ name: "answer_text", type: "text", nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "the service center's answer to the caller; null until answered",
  })
  answer: string | null;

  @Column({ name: "answered_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  answeredAt: Date | null;

  /** personal data: exposed masked unless the caller may read it, never logged */
  @Column({ name: "caller_phone", type: "varchar", length: 20, nullable: true })
  callerPhone: string | null;

  /** 1 when recorded; each change adds one (answerCall takes the version the clerk read) */
  @Column({ type: "int", default: 1 })
  @Field(() => Int)
  version: number;
}
