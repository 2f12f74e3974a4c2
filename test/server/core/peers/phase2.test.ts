import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import type { TransformSet } from "../../../../server/src/core/config/model";
import {
  identityAdmits,
  judgePfs,
  matchTransformSets,
  transformDifferences,
  transformSpec,
} from "../../../../server/src/core/peers/phase2";
import { routerInfo } from "../../../../server/src/core/peers/router";
import { allCodes, fixture, pairs } from "./support";

/** Transform sets parsed from config lines. */
function sets(...lines: string[]): TransformSet[] {
  return parseConfig(lines.join("\n")).transformSets;
}

/** A PFS setting as phase2Settings reads it from `set pfs ...`. */
function pfs(line: string) {
  const model = parseConfig(`crypto map M 10 ipsec-isakmp\n ${line}\n`);
  const entry = [...model.cryptoMaps.values()][0]!.entries[0]!;
  return {
    group: entry.pfs!.group,
    explicit: entry.pfs!.node.words.length > 2,
    node: entry.pfs!.node,
  };
}

describe("peers/phase2", () => {
  it("reads esp-aes without a size as AES-128 and ignores compression", () => {
    const [a] = sets(
      "crypto ipsec transform-set A esp-aes esp-sha-hmac comp-lzs",
    );
    assert.deepEqual(transformSpec(a!), {
      mode: "tunnel",
      espEncryption: "esp-aes 128",
      espIntegrity: "esp-sha-hmac",
    });
  });

  it("offers in the initiator's order and takes the first set the responder has", () => {
    const offers = sets(
      "crypto ipsec transform-set ts1 esp-aes 256 esp-md5-hmac",
      "crypto ipsec transform-set ts2 esp-aes 256 esp-sha-hmac",
    );
    const own = sets(
      "crypto ipsec transform-set mine esp-aes 256 esp-sha-hmac",
    );
    const r = matchTransformSets(offers, own);
    assert.equal(r.chosen?.offer.name, "ts2");
    assert.equal(r.chosen?.own.name, "mine");
  });

  it("accepts tunnel mode from a transport set, not transport mode from a tunnel set", () => {
    const [tunnel, transport] = sets(
      "crypto ipsec transform-set T esp-3des esp-sha-hmac",
      "crypto ipsec transform-set X esp-3des esp-sha-hmac\n mode transport",
    );
    assert.deepEqual(transformDifferences(tunnel!, transport!), []);
    assert.deepEqual(transformDifferences(transport!, tunnel!), [
      { what: "mode", initiator: "transport", responder: "tunnel" },
    ]);
  });

  it("names AH against ESP integrity as differences", () => {
    const [ah, esp] = sets(
      "crypto ipsec transform-set A ah-sha-hmac esp-des",
      "crypto ipsec transform-set B esp-des esp-sha-hmac",
    );
    assert.deepEqual(
      transformDifferences(ah!, esp!).map((d) => d.what),
      ["ESP integrity", "AH integrity"],
    );
  });

  it("judges PFS as the set pfs reference says", () => {
    assert.ok(judgePfs(pfs("set pfs group2"), undefined).ok);
    assert.equal(judgePfs(undefined, pfs("set pfs group2")).ok, false);
    assert.equal(
      judgePfs(pfs("set pfs group5"), pfs("set pfs group2")).ok,
      false,
    );
    // A bare `set pfs` means group1 and also accepts group2.
    assert.ok(judgePfs(pfs("set pfs group2"), pfs("set pfs")).ok);
    assert.equal(judgePfs(pfs("set pfs group5"), pfs("set pfs")).ok, false);
    assert.equal(judgePfs(pfs("set pfs group14"), undefined).group, "group14");
  });

  it("admits a peer by FQDN or by the DN of its certificate", () => {
    const list = parseConfig(
      "crypto identity L\n fqdn Osaka.mjlnet.com\n dn ou=Sales,o=mjlnet\n",
    ).identities[0]!;
    const osaka = routerInfo({
      uri: "file:///o",
      model: parseConfig("hostname Osaka\nip domain name mjlnet.com\n"),
    });
    const kobe = routerInfo({
      uri: "file:///k",
      model: parseConfig(
        "hostname Kobe\nip domain-name mjlnet.com\ncrypto pki trustpoint T\n subject-name CN=kobe, OU=Sales, O=mjlnet\n",
      ),
    });
    const nara = routerInfo({
      uri: "file:///n",
      model: parseConfig(
        "hostname Nara\ncrypto pki trustpoint T\n subject-name CN=nara,OU=HR,O=mjlnet\n",
      ),
    });
    const anonymous = routerInfo({
      uri: "file:///a",
      model: parseConfig("interface Gi0/0\n"),
    });
    assert.equal(identityAdmits(list, osaka), true);
    assert.equal(identityAdmits(list, kobe), true);
    assert.equal(identityAdmits(list, nara), false);
    // No hostname and no certificate subject: IPsec Lens cannot tell.
    assert.equal(identityAdmits(list, anonymous), undefined);
  });

  it("gives an IKEv2 tunnel without a transform set the default sets, even with no version line", () => {
    const ws = fixture("ikev2-vti-no-version");
    const [pair] = pairs(ws);
    assert.equal(pair!.outcome, "ESTABLISHED");
    assert.deepEqual(allCodes(ws), []);
  });
});
