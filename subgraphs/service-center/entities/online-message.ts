import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionCategory } from "../../../common/domain";

/** The answer a unit gave to an online message, shown on the website under it. */
@ObjectType({ description: "a unit's public reply to an online message" })
export class MessageReply {
  @Field(() => String)
  text: string;

  @Field(() => Date)
  repliedAt: Date;

  @Field(() => String, { description: "the unit that replied, e.g. 县住建局" })
  unit: string;
}

/** 网络留言: a message posted on the website 大厂为人民服务网, and its reply. */
@Entity("online_message")
@ObjectType({ description: "网络留言: a message posted on the website" })
@Directive('@key(fields: "id")')
export class OnlineMessage {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 100 })
  @Field(() => String)
  title: string;

  @Column({ type: "text" })
  @Field(() => String)
  content: string;

  @Column({ type: "varchar", length: 32 })
  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Column({ name: "posted_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  postedAt: Date;

  /** a Town of masswork, if the author gave one */
  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  /** the three reply columns are set together, once (see replyToMessage) */
  @Column({ name: "reply_text", type: "text", nullable: true })
  replyText: string | null;

  @Column({ name: "reply_unit", type: "varchar", length: 100, nullable: true })
  replyUnit: string | null;

  @Column({ name: "replied_at", type: "datetime", precision: 3, nullable: true })
  repliedAt: Date | null;

  /** personal data: exposed masked only, never logged */
  @Column({ name: "author_name", type: "varchar", length: 50, nullable: true })
  authorName: string | null;

  /** personal data: not exposed */
  @Column({ name: "author_phone", type: "varchar", length: 20, nullable: true })
  authorPhone: string | null;

  /** the citizen's account that posted it (the token's subject): they see their own messages */
  @Column({ name: "author_subject", type: "varchar", length: 100, nullable: true })
  authorSubject: string | null;
}
