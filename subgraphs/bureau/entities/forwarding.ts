import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 转送 or 交办: how a matter was sent to the unit responsible for it. */
export enum ForwardingKind {
  /** 转送: sent to the unit with authority over the matter, which answers whether and how it handles it */
  FORWARD = "FORWARD",
  /** 交办: assigned to a unit, which must report its result by the deadline */
  ASSIGN = "ASSIGN",
}
registerEnumType(ForwardingKind, {
  name: "ForwardingKind",
  description: "转送 (FORWARD) or 交办 (ASSIGN)",
});

/** 转送/交办: a petition sent to a named unit, the deadline for its answer, and the answer. */
@Entity("forwarding")
@ObjectType({
  description: "转送/交办: a petition sent to the unit responsible, with a deadline for its answer",
})
export class Forwarding {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "petition_id", type: "int" })
  petitionId: number;

  @Column({ type: "varchar", length: 16 })
  @Field(() => ForwardingKind)
  kind: ForwardingKind;

  @Column({ type: "varchar", length: 100 })
  @Field(() => String, { description: "the unit the matter was sent to" })
  unit: string;

  @Column({ type: "datetime", precision: 3 })
  @Field(() => Date, {
    description: "when the unit's answer is due; a supervision notice (督办) may set a new one",
  })
  deadline: Date;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "what the bureau asked of the unit" })
  note: string | null;

  @Column({ name: "forwarded_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  forwardedAt: Date;

  @Column({ name: "forwarded_by", type: "varchar", length: 100 })
  @Field(() => String, { description: "the staff account that sent it" })
  forwardedBy: string;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "the unit's answer; null until recorded" })
  answer: string | null;

  @Column({ name: "answered_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  answeredAt: Date | null;

  @Column({ name: "answered_by", type: "varchar", length: 100, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "the staff account that recorded the answer",
  })
  answeredBy: string | null;

  @Column({ type: "int" })
  @Field(() => Int, {
    description: "changes with every update; mutations take it to refuse stale edits",
  })
  version: number;
}
