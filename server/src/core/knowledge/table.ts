/**
 * A table of facts that is looked up by words read from the input. A plain object literal answers
 * `constructor`, `__proto__` or `toString` with Object's own members (a config line `permit
 * constructor any any` read a function as its protocol, and a capture line naming `hasOwnProperty`
 * made the event reader throw); a table has no prototype, so a word it does not list reads as
 * undefined, and `in` sees only its own keys.
 */
export function table<T extends object>(entries: T): Readonly<T> {
  return Object.freeze(Object.assign(Object.create(null) as T, entries));
}
