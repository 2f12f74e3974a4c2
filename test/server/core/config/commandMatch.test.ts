import * as assert from "node:assert/strict";
import { COMPILED_COMMANDS } from "../../../../server/src/core/config/commandMatch";

describe("config/commandMatch: the command table", () => {
  it("compiles every syntax into keywords, values, names and known choice tables", () => {
    for (const command of COMPILED_COMMANDS) {
      for (const element of command.elements) {
        if (element.type === "keyword") {
          // A name or table the element pattern failed to read would end up as a keyword.
          assert.doesNotMatch(
            element.word,
            /[{}()<>]/,
            `"${command.syntax}" (${command.context}): ${element.word} read as a keyword`,
          );
        } else if (element.type === "choice") {
          assert.ok(
            element.values.length > 0,
            `"${command.syntax}" (${command.context}): no choice table ${element.table}`,
          );
        }
      }
    }
  });
});
