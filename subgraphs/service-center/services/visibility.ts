import type { SelectQueryBuilder } from "typeorm";
import { Access, hasRole, PersonalDataReaders, type Caller } from "../../../common/auth";
import type { OnlineMessage } from "../entities/online-message";

/**
 * What each caller sees of the website's messages. Staff, leaders, integrators and admins see
 * them all; the public board (anyone, signed in or not) shows the answered ones; a signed-in
 * citizen also sees their own before they are answered.
 */
export function seesAllMessages(caller: Caller): boolean {
  return hasRole(caller, Access.caseReaders);
}

export function maySee(caller: Caller, m: OnlineMessage): boolean {
  return seesAllMessages(caller) || m.repliedAt !== null || isAuthor(caller, m);
}

export function isAuthor(caller: Caller, m: OnlineMessage): boolean {
  return caller.role === "public" && caller.subject !== null && m.authorSubject === caller.subject;
}

/** The service center reads authors to answer them; a citizen reads their own name. */
export function mayReadAuthor(caller: Caller, m: OnlineMessage): boolean {
  return hasRole(caller, PersonalDataReaders.messageAuthor) || isAuthor(caller, m);
}

/** Narrows a query of messages (alias `alias`) to what the caller sees. */
export function scopeToCaller<T extends OnlineMessage>(
  q: SelectQueryBuilder<T>,
  alias: string,
  caller: Caller,
): SelectQueryBuilder<T> {
  if (seesAllMessages(caller)) return q;
  if (caller.role === "public" && caller.subject !== null)
    return q.andWhere(`(${alias}.replied_at IS NOT NULL OR ${alias}.author_subject = :viewer)`, {
      viewer: caller.subject,
    });
  return q.andWhere(`${alias}.replied_at IS NOT NULL`);
}

/** The search's scope for the caller: none for those who see every message (counts can then skip reading the records). */
export function messageScope(caller: Caller) {
  return seesAllMessages(caller)
    ? undefined
    : <T extends OnlineMessage>(q: SelectQueryBuilder<T>, alias: string) =>
        scopeToCaller(q, alias, caller);
}
