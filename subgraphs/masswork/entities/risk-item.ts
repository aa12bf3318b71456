import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionCategory } from "../../../common/domain";
import { RiskStatus } from "./enums";

/**
 * 矛盾隐患: a dispute found by screening (排查). It describes a matter and a place, never a
 * person to be watched.
 */
@Entity("risk_item")
@ObjectType({ description: "矛盾隐患: a dispute found by screening, a matter and a place" })
@Directive('@key(fields: "id")')
export class RiskItem {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "town_id", type: "int" })
  townId: number;

  @Column({ type: "varchar", length: 32 })
  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Column({ type: "text" })
  @Field(() => String)
  description: string;

  @Column({ type: "varchar", length: 16 })
  @Field(() => RiskStatus)
  status: RiskStatus;

  @Column({ name: "reported_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  reportedAt: Date;

  @Column({ name: "resolved_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Column({ type: "int", default: 1 })
  @Field(() => Int, {
    description: "changes with every step; pass it back to escalate or resolve what you read",
  })
  version: number;

  @Column({ name: "escalated_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: "when the dispute sharpened (激化)" })
  escalatedAt: Date | null;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "what happened when it sharpened" })
  escalation: string | null;

  @Column({ name: "reopened_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: "when it was last reopened" })
  reopenedAt: Date | null;

  @Column({ name: "reopen_reason", type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "why it was last reopened" })
  reopenReason: string | null;

  /** a Petition of the bureau, when the dispute reached the bureau as one */
  @Column({ name: "petition_id", type: "int", nullable: true })
  petitionId: number | null;
}
