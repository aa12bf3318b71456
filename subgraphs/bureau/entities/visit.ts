import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { VisitLevel } from "./enums";

/** 来访登记: one visit about a petition, at the county or, escalated, higher up. */
@Entity("visit")
@ObjectType({ description: "来访登记: a visit" })
@Directive('@key(fields: "id")')
export class Visit {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "petition_id", type: "int" })
  petitionId: number;

  @Column({ name: "received_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  receivedAt: Date;

  @Column({ type: "varchar", length: 16 })
  @Field(() => VisitLevel)
  level: VisitLevel;

  @Column({ type: "int" })
  @Field(() => Int)
  headcount: number;

  @Column({ type: "boolean" })
  @Field(() => Boolean)
  collective: boolean;

  @Column({ name: "first_time", type: "boolean" })
  @Field(() => Boolean, {
    description: "初访: the first visit recorded on its petition, and that petition is first-time",
  })
  firstTime: boolean;
}
