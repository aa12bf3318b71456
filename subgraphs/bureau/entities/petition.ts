import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionCategory } from "../../../common/domain";
import { Channel, PetitionSource, PetitionStatus } from "./enums";

/** 信访事项: one matter brought by one or more petitioners, and where it stands in the procedure. */
@Entity("petition")
@ObjectType({ description: "信访事项: a petition, the case" })
@Directive('@key(fields: "id")')
export class Petition {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** year and sequence, e.g. XF2017-000123 */
  @Column({ name: "serial_no", type: "varchar", length: 32, unique: true })
  @Field(() => String)
  serialNo: string;

  @Column({ type: "varchar", length: 200 })
  @Field(() => String)
  title: string;

  @Column({ type: "text" })
  @Field(() => String)
  content: string;

  @Column({ type: "varchar", length: 16 })
  @Field(() => Channel)
  channel: Channel;

  @Column({ type: "varchar", length: 32 })
  @Field(() => PetitionSource)
  source: PetitionSource;

  @Column({ type: "varchar", length: 32 })
  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Column({ type: "varchar", length: 16 })
  @Field(() => PetitionStatus)
  status: PetitionStatus;

  /** 初信初访: the rules and why, in services/first-time.ts */
  @Column({ name: "first_time", type: "boolean" })
  @Field(() => Boolean, {
    description:
      "初信初访: no petitioner of it has an earlier petition on the same matter (registered as a repeat, or the same ID number and category within 365 days)",
  })
  firstTime: boolean;

  /** 集体访: five or more people on one matter */
  @Column({ type: "boolean" })
  @Field(() => Boolean)
  collective: boolean;

  @Column({ type: "int" })
  @Field(() => Int)
  headcount: number;

  /** a Town of the masswork subgraph */
  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  @Column({ name: "responsible_unit", type: "varchar", length: 100, nullable: true })
  @Field(() => String, { nullable: true })
  responsibleUnit: string | null;

  @Column({ name: "received_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  receivedAt: Date;

  /** received + 15 days: accept or decline by then */
  @Column({ name: "acceptance_deadline", type: "datetime", precision: 3 })
  @Field(() => Date)
  acceptanceDeadline: Date;

  @Column({ name: "accepted_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;

  @Column({ name: "declined_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: "不予受理: when the petition was declined" })
  declinedAt: Date | null;

  @Column({ name: "decline_reason", type: "text", nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "the written reason the petition was declined (不予受理), null unless declined",
  })
  declineReason: string | null;

  /** accepted + 60 days, + the one extension of at most 30 days */
  @Column({ name: "due_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  dueAt: Date | null;

  /** the one extension (延期): why, by how many days, when and by whom; null until extended */
  @Column({ name: "extension_reason", type: "text", nullable: true })
  extensionReason: string | null;

  @Column({ name: "extension_days", type: "int", nullable: true })
  extensionDays: number | null;

  @Column({ name: "extended_at", type: "datetime", precision: 3, nullable: true })
  extendedAt: Date | null;

  @Column({ name: "extended_by", type: "varchar", length: 100, nullable: true })
  extendedBy: string | null;

  @Column({ name: "replied_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  repliedAt: Date | null;

  @Column({ name: "reply_text", type: "text", nullable: true })
  replyText: string | null;

  /**
   * The deadline of the step the case is at (acceptance, reply or review decision), null when
   * no step is pending. Kept with every change so that `overdue` is one indexed comparison.
   */
  @Column({ name: "current_deadline", type: "datetime", precision: 3, nullable: true })
  currentDeadline: Date | null;

  @Column({ name: "duplicate_of_id", type: "int", nullable: true })
  duplicateOfId: number | null;

  /** the earlier petition on the same matter that this one repeats */
  @Column({ name: "repeat_of_id", type: "int", nullable: true })
  repeatOfId: number | null;

  /** the service center's online message this petition came from */
  @Column({ name: "source_message_id", type: "int", nullable: true })
  @Field(() => ID, { nullable: true, description: "the online message this petition came from" })
  sourceMessageId: number | null;

  /** the service center's hotline call this petition was registered from (one petition per call) */
  @Column({ name: "source_call_id", type: "int", nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: "the hotline call (市长热线) this petition was registered from",
  })
  sourceCallId: number | null;

  @Column({ type: "int" })
  @Field(() => Int, {
    description: "changes with every update; mutations take it to refuse stale edits",
  })
  version: number;
}
