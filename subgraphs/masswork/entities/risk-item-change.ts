import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { RiskStatus } from "./enums";

/**
 * One step of a dispute's course (settled, sharpened, reopened): the record the weekly report
 * reads, so a week's figures stay what they were when a dispute later moves on.
 */
@Entity("risk_item_change")
export class RiskItemChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: "risk_item_id", type: "int" })
  riskItemId: number;

  @Column({ type: "datetime", precision: 3 })
  at: Date;

  @Column({ name: "from_status", type: "varchar", length: 16 })
  from: RiskStatus;

  @Column({ name: "to_status", type: "varchar", length: 16 })
  to: RiskStatus;

  @Column({ type: "text", nullable: true })
  note: string | null;

  /** the staff member's account, as the gateway verified it */
  @Column({ type: "varchar", length: 100 })
  actor: string;
}
