import { registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

/** What a digest cites: whose record it is decides who resolves it in the graph. */
export enum DigestSourceKind {
  /** 网络留言, the service center's */
  MESSAGE = "MESSAGE",
  /** 市长热线 call, the service center's */
  CALL = "CALL",
  /** 信访事项, the bureau's */
  PETITION = "PETITION",
  /** 接访记录, masswork's own */
  RECEPTION = "RECEPTION",
}
registerEnumType(DigestSourceKind, {
  name: "DigestSourceKind",
  description: "the kind of record a digest (社情民意) summarises",
});

/** One record a digest cites, by kind and id; `position` keeps the order the writer gave. */
@Entity("opinion_digest_source")
export class OpinionDigestSource {
  @PrimaryColumn({ name: "digest_id", type: "int" })
  digestId: number;

  @PrimaryColumn({ type: "varchar", length: 16 })
  kind: DigestSourceKind;

  @PrimaryColumn({ name: "source_id", type: "int" })
  sourceId: number;

  @Column({ type: "int" })
  position: number;
}
