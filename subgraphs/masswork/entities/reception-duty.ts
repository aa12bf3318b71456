import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateScalar } from "../../../common/time/scalars";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { AdminLevel } from "./enums";

/** 接访排班: the day a leader sits at a reception place; one per leader and date. */
@Entity("reception_duty")
@ObjectType({ description: "接访排班: a leader's reception day" })
@Directive('@key(fields: "id")')
export class ReceptionDuty {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** the calendar day in Beijing time, YYYY-MM-DD */
  @Column({ type: "date", utc: true })
  @Field(() => DateScalar)
  date: string;

  @Column({ name: "leader_id", type: "int" })
  leaderId: number;

  /** the leader's level when the duty was scheduled */
  @Column({ type: "varchar", length: 16 })
  @Field(() => AdminLevel)
  level: AdminLevel;

  @Column({ type: "varchar", length: 100 })
  @Field(() => String)
  location: string;
}
