import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 接访记录: one reception of petitioners by a leader, on a duty day or otherwise. */
@Entity("reception")
@ObjectType({ description: "接访记录: a leader's reception of petitioners" })
@Directive('@key(fields: "id")')
export class Reception {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** the leader's duty that day, when there was one */
  @Column({ name: "duty_id", type: "int", nullable: true })
  dutyId: number | null;

  @Column({ name: "leader_id", type: "int" })
  leaderId: number;

  @Column({ name: "received_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  receivedAt: Date;

  /** persons received (人次) */
  @Column({ type: "int" })
  @Field(() => Int)
  headcount: number;

  @Column({ type: "varchar", length: 500 })
  @Field(() => String)
  matter: string;

  /** a Petition of the bureau */
  @Column({ name: "petition_id", type: "int", nullable: true })
  petitionId: number | null;
}
