import * as assert from "node:assert/strict";
import {
  algorithmsOf,
  readPolicyList,
} from "../../../../server/src/core/capture/ikev2Policies";
import { parseCapture } from "../../../../server/src/core/capture/parser";

describe("capture/ikev2Policies", () => {
  it("reads a positional proposal: encryption, PRFs, integrity, groups, as configuration keywords", () => {
    assert.deepEqual(
      algorithmsOf("AES-CBC-256 SHA512 SHA512 DH_GROUP_256_ECP/Group 19"),
      {
        encryption: ["aes-cbc-256"],
        prf: ["sha512"],
        integrity: ["sha512"],
        groups: [19],
      },
    );
    // SHA96 and MD596 are the truncated integrity forms of sha1 and md5.
    assert.deepEqual(
      algorithmsOf("3DES SHA1 SHA96 DH_GROUP_1024_MODP/Group 2"),
      {
        encryption: ["3des"],
        prf: ["sha1"],
        integrity: ["sha1"],
        groups: [2],
      },
    );
    // An AEAD cipher has no integrity algorithm: every hash is a PRF.
    assert.deepEqual(
      algorithmsOf("AES-GCM-256 SHA384 DH_GROUP_384_ECP/Group 20"),
      {
        encryption: ["aes-gcm-256"],
        prf: ["sha384"],
        integrity: [],
        groups: [20],
      },
    );
  });

  it("reads the labelled form", () => {
    assert.deepEqual(
      algorithmsOf(
        "ENCRYPTION: AES-CBC-128 PRF: SHA512 INTEGRITY: SHA96 DH GROUP: DH_GROUP_384_ECP/Group 20",
      ),
      {
        encryption: ["aes-cbc-128"],
        prf: ["sha512"],
        integrity: ["sha1"],
        groups: [20],
      },
    );
  });

  it("reads the proposals under the heading and on its own line, and stops at the next message", () => {
    const text = [
      "*Mar  1 03:00:10.104: IKEv2-ERROR:(SESSION ID = 7,SA ID = 1):Received Policies: : Failed to find a matching policyProposal 1:  AES-CBC-256 SHA512 SHA512 DH_GROUP_256_ECP/Group 19",
      "Proposal 2:  AES-CBC-128 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14",
      "*Mar  1 03:00:10.104: IKEv2-ERROR:(SESSION ID = 7,SA ID = 1):Expected Policies: : Failed to find a matching policy",
      "Proposal 1:  AES-CBC-256 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14",
      "",
    ].join("\n");
    const model = parseCapture(text);
    const [received, expected] = model.messages.map((m) =>
      readPolicyList(model, m).map((p) => [p.number, p.line, p.groups[0]]),
    );
    assert.deepEqual(received, [
      [1, 0, 19],
      [2, 1, 14],
    ]);
    assert.deepEqual(expected, [[1, 3, 14]]);
  });
});
