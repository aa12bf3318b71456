import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 信访积案: a long-unresolved petition on a batch list, followed by one county leader (包案领导). */
@Entity("backlog_case")
@ObjectType({ description: "信访积案: a backlog case" })
@Directive('@key(fields: "id")')
export class BacklogCase {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "petition_id", type: "int", unique: true })
  petitionId: number;

  @Column({ type: "int" })
  @Field(() => Int)
  batch: number;

  @Column({ name: "assigned_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  assignedAt: Date;

  /** a Leader of the masswork subgraph */
  @Column({ name: "lead_leader_id", type: "int", nullable: true })
  leadLeaderId: number | null;

  @Column({ name: "resolved_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Column({ name: "resolution_note", type: "text", nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "案结事了: how the case was resolved, as the clerk recorded it; null while open",
  })
  resolutionNote: string | null;

  @Column({ type: "int", default: 1 })
  @Field(() => Int, {
    description: "changes with every update; mutations take it to refuse stale edits",
  })
  version: number;
}
