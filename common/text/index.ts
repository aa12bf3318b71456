/** The rules every text input follows: no control or bidirectional characters, not blank, bounded; idempotency keys. */
export * from "./validation";
