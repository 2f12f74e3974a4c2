import * as assert from "node:assert/strict";
import { formatAddress } from "../../../../server/src/core/ipv6/address";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { formatIpv4 } from "../../../../server/src/core/ipv4/address";
import { analyse, findingsOf } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";

const fixture = (folder: string, name: string) =>
  fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "peers", "ikev2", folder, name),
    "utf8",
  );

describe("config/parser: IKEv2 sections", () => {
  const text = fixture("working", "tokyo.ios");
  const model = parseConfig(text);
  const lines = text.split("\n");

  it("reads a proposal with several values per line", () => {
    const [p] = model.ikev2Proposals;
    assert.equal(p?.name, "PROP-AES");
    assert.deepEqual(p?.encryption, ["aes-cbc-256", "aes-cbc-128"]);
    assert.deepEqual(p?.integrity, ["sha256"]);
    assert.deepEqual(p?.prf, []);
    assert.deepEqual(p?.groups, [14]);
    assert.equal(lines[p!.lines.group!.line]!.trim(), "group 14");
  });

  it("reads a policy's proposals and local address", () => {
    const [p] = model.ikev2Policies;
    assert.equal(p?.name, "POL-TOKYO");
    assert.deepEqual(
      p?.proposals.map((r) => r.name),
      ["PROP-AES"],
    );
    assert.deepEqual(p?.localAddresses.map(formatAddress), ["172.16.5.1"]);
  });

  it("reads keyring peers with local and remote keys, kept as secrets", () => {
    const [ring] = model.ikev2Keyrings;
    const [peer] = ring!.peers;
    assert.equal(peer?.name, "Osaka");
    assert.equal(formatIpv4(peer!.address!.address), "172.16.6.2");
    assert.equal(peer?.address?.mask, 0xffffffff);
    assert.equal(peer?.local?.secret.value, "Tokyo2Osaka");
    assert.equal(peer?.remote?.secret.value, "Osaka2Tokyo");
    assert.equal(peer?.both, undefined);
    const secrets = model.secrets.map((s) => s.value);
    assert.ok(
      secrets.includes("Tokyo2Osaka") && secrets.includes("Osaka2Tokyo"),
    );
  });

  it("reads a profile: identity match, methods, keyring, lifetime", () => {
    const [p] = model.ikev2Profiles;
    assert.equal(p?.name, "PROF-OSAKA");
    assert.equal(p?.matches[0]?.kind, "address");
    assert.equal(formatIpv4(p!.matches[0]!.address!), "172.16.6.2");
    assert.equal(p?.localAuthentication?.method, "pre-share");
    assert.deepEqual(
      p?.remoteAuthentication.map((a) => a.method),
      ["pre-share"],
    );
    assert.equal(p?.keyring?.name, "KR-OSAKA");
    assert.equal(p?.lifetime?.value, 28800);
  });

  it("links the crypto map entry to its IKEv2 profile", () => {
    const entry = model.cryptoMaps.get("mjlnetmap")?.entries[0];
    assert.equal(entry?.ikev2Profile?.name, "PROF-OSAKA");
  });

  it("defines and references the new kinds, so navigation and rename see them", () => {
    const kinds = new Set(model.definitions.map((d) => d.kind));
    for (const kind of [
      "ikev2-proposal",
      "ikev2-policy",
      "ikev2-keyring",
      "ikev2-profile",
    ] as const) {
      assert.ok(kinds.has(kind), kind);
    }
    const refs = model.references
      .filter((r) => r.kind.startsWith("ikev2-"))
      .map((r) => `${r.kind} ${r.name}`);
    assert.deepEqual(refs.sort(), [
      "ikev2-keyring KR-OSAKA",
      "ikev2-profile PROF-OSAKA",
      "ikev2-proposal PROP-AES",
    ]);
  });

  it("reads a plain key, a masked address, an IPsec profile and a suffix identity", () => {
    const m = parseConfig(
      [
        "crypto ikev2 keyring ALL",
        " peer ANY",
        "  address 0.0.0.0 0.0.0.0",
        "  pre-shared-key 7 0822455D0A16",
        "crypto ikev2 profile P",
        " match identity remote fqdn domain example.com",
        " identity local fqdn hub.example.com",
        "crypto ipsec profile IPP",
        " set ikev2-profile P",
        "",
      ].join("\n"),
    );
    const peer = m.ikev2Keyrings[0]!.peers[0]!;
    assert.equal(peer.address?.mask, 0);
    assert.equal(peer.both?.secret.type, 7);
    const [suffix] = m.ikev2Profiles[0]!.matches;
    assert.deepEqual(
      [suffix?.kind, suffix?.value, suffix?.domain],
      ["fqdn", "example.com", true],
    );
    assert.equal(m.ikev2Profiles[0]?.localIdentity?.kind, "fqdn");
    assert.equal(m.ikev2Profiles[0]?.localIdentity?.value, "hub.example.com");
    assert.equal(m.ipsecProfiles[0]?.ikev2Profile?.name, "P");
  });

  const undefinedReferenceFindings = (text: string) =>
    findingsOf(analyse(text), "undefined-reference");

  it("takes `proposal default` for the built-in proposal unless the config defines one", () => {
    const builtInText = "crypto ikev2 policy P\n proposal default\n";
    const builtIn = parseConfig(builtInText);
    assert.deepEqual(undefinedReferenceFindings(builtInText), []);
    assert.equal(
      builtIn.references.filter((r) => r.kind === "ikev2-proposal").length,
      0,
    );
    const own = parseConfig(
      "crypto ikev2 proposal default\n encryption aes-cbc-128\ncrypto ikev2 policy P\n proposal default\n",
    );
    assert.equal(
      own.references.filter((r) => r.kind === "ikev2-proposal").length,
      1,
    );
  });

  it("reports an IKEv2 profile or keyring that is named but not defined", () => {
    const names = undefinedReferenceFindings(
      [
        "crypto ikev2 profile P",
        " keyring local MISSING",
        "crypto map M 10 ipsec-isakmp",
        " set peer 192.0.2.1",
        " set ikev2-profile NOPE",
        "",
      ].join("\n"),
    ).map((f) => f.message);
    assert.equal(names.length, 2);
    assert.ok(names.some((n) => /IKEv2 keyring MISSING/.test(n)));
    assert.ok(names.some((n) => /IKEv2 profile NOPE/.test(n)));
  });
});
