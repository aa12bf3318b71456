import { registerEnumType } from "type-graphql";

/** 信、访、网、电: how a petition reached the county */
export enum Channel {
  LETTER = "LETTER",
  VISIT = "VISIT",
  ONLINE = "ONLINE",
  PHONE = "PHONE",
  EMAIL = "EMAIL",
  FAX = "FAX",
}
registerEnumType(Channel, { name: "Channel" });

/** A petition taken in by the county itself, or transferred down from a higher level (转送/交办). */
export enum PetitionSource {
  COUNTY_INTAKE = "COUNTY_INTAKE",
  NATIONAL_TRANSFER = "NATIONAL_TRANSFER",
  PROVINCIAL_TRANSFER = "PROVINCIAL_TRANSFER",
  MUNICIPAL_TRANSFER = "MUNICIPAL_TRANSFER",
}
registerEnumType(PetitionSource, { name: "PetitionSource" });

export enum PetitionStatus {
  REGISTERED = "REGISTERED",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  IN_PROGRESS = "IN_PROGRESS",
  REPLIED = "REPLIED",
  UNDER_REVIEW = "UNDER_REVIEW",
  UNDER_RECHECK = "UNDER_RECHECK",
  CLOSED = "CLOSED",
  MERGED = "MERGED",
}
registerEnumType(PetitionStatus, { name: "PetitionStatus" });

/** Where a visit was received: the county itself, or higher up (越级访). */
export enum VisitLevel {
  COUNTY = "COUNTY",
  MUNICIPAL = "MUNICIPAL",
  PROVINCIAL = "PROVINCIAL",
  NATIONAL = "NATIONAL",
}
registerEnumType(VisitLevel, { name: "VisitLevel" });

export enum ReviewKind {
  /** 复查 */
  REVIEW = "REVIEW",
  /** 复核 */
  RECHECK = "RECHECK",
}
registerEnumType(ReviewKind, { name: "ReviewKind" });
