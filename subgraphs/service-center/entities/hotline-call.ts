import { Directive, Field, ID, ObjectType } from "type-graphql";
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
}
