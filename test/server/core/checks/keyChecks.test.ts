import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyEdits } from "../../../support/applyEdits";
import { REPO_ROOT } from "../../../support/paths";
import { allCodes, workspace } from "../peers/support";
import {
  appendConfig,
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { parseConfig } from "../../../../server/src/core/config/parser";

describe("checks/keyChecks", () => {
  const text = fixture("keys.ios");

  describe("missing-psk-for-peer with IKEv2", () => {
    const working = [
      "version 15.4",
      "crypto isakmp policy 10",
      " encryption aes 256",
      " authentication pre-share",
      " group 14",
      "crypto ikev2 keyring KR",
      " peer OSAKA",
      "  address 172.16.6.2",
      "  pre-shared-key local Tokyo2Osaka",
      "  pre-shared-key remote Osaka2Tokyo",
      "crypto ikev2 profile PROF",
      " match identity remote address 172.16.6.2 255.255.255.255",
      " authentication local pre-share",
      " authentication remote pre-share",
      " keyring local KR",
      "crypto ipsec transform-set T esp-aes 256 esp-sha256-hmac",
      "crypto map M 10 ipsec-isakmp",
      " set peer 172.16.6.2",
      " set transform-set T",
      " set ikev2-profile PROF",
      " match address 101",
      "interface Serial0/0",
      " ip address 172.16.5.1 255.255.255.0",
      " crypto map M",
      "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      "",
    ].join("\n");

    it("takes the key from the IKEv2 keyring, not the ISAKMP keys, on a router that also runs IKEv1", () => {
      assert.deepEqual(
        findingsOf(analyse(working), "missing-psk-for-peer"),
        [],
      );
    });

    it("flags a peer no keyring peer covers, and adds one to the keyring", () => {
      const text = working.replace(
        "  address 172.16.6.2",
        "  address 172.16.99.2",
      );
      const [found] = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.equal(textAt(text, found!.range), "172.16.6.2");
      assert.match(
        found!.message,
        /No peer of IKEv2 keyring KR covers 172\.16\.6\.2/,
      );
      assert.match(found!.message, /IKE_AUTH/);
      const [result] = assertFixesCure(text, "missing-psk-for-peer", {
        key: "cisco",
      });
      assert.match(
        result!.after,
        /^  pre-shared-key remote Osaka2Tokyo\n peer 172\.16\.6\.2\n  address 172\.16\.6\.2\n  pre-shared-key cisco$/m,
      );
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 keyring KR",
        " peer 172.16.6.2",
        "  address 172.16.6.2",
        "  pre-shared-key <key>",
      ]);
    });

    it("flags a keyring peer without the key for a direction that uses pre-share", () => {
      const noLocal = working.replace(
        "  pre-shared-key local Tokyo2Osaka\n",
        "",
      );
      const [found] = findingsOf(analyse(noLocal), "missing-psk-for-peer");
      assert.match(found!.message, /no key for this router to sign with/);
      // With certificates for its own side, only the remote key matters.
      const signsWithCertificate = noLocal.replace(
        " authentication local pre-share",
        " authentication local rsa-sig",
      );
      assert.deepEqual(
        findingsOf(analyse(signsWithCertificate), "missing-psk-for-peer"),
        [],
      );
      const noKeyring = working.replace(" keyring local KR\n", "");
      assert.match(
        findingsOf(analyse(noKeyring), "missing-psk-for-peer")[0]!.message,
        /names no keyring/,
      );
    });
  });

  describe("missing-psk-for-peer with IPv6 peers", () => {
    it("finds the keyring peer of an IKEv2 tunnel over IPv6 by its prefix", () => {
      const branch = peerFixture("ipv6-vti", "branch.ios");
      assert.deepEqual(findingsOf(analyse(branch), "missing-psk-for-peer"), []);
      // Any prefix holding the peer serves, as written in the keyring.
      const wider = branch.replace(
        "  address 2001:DB8:0:1::1/128",
        "  address 2001:db8:0:1::/64",
      );
      assert.deepEqual(findingsOf(analyse(wider), "missing-psk-for-peer"), []);
    });

    it("flags an IPv6 peer no keyring peer covers, and adds it with its prefix length", () => {
      const text = peerFixture("ipv6-vti", "branch.ios").replace(
        "  address 2001:DB8:0:1::1/128",
        "  address 2001:DB8:0:9::1/128",
      );
      const [found] = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.equal(textAt(text, found!.range), "2001:DB8:0:1::1");
      assert.match(
        found!.message,
        /No peer of IKEv2 keyring KR-V6 covers 2001:DB8:0:1::1/,
      );
      const [result] = assertFixesCure(text, "missing-psk-for-peer", {
        key: "cisco",
      });
      assert.match(
        result!.after,
        /^  address 2001:DB8:0:1::1\/128\n  pre-shared-key cisco$/m,
      );
    });

    it("covers IPv6 peers with `address ipv6` keys only, and adds the key IOS needs", () => {
      const text = fixture("ipv6-isakmp-keys.ios");
      const found = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        ["2001:DB8:0:3::1"],
      );
      assert.match(
        found[0]!.message,
        /No pre-shared key covers peer 2001:DB8:0:3::1/,
      );
      const [result] = assertFixesCure(text, "missing-psk-for-peer", {
        key: "cisco",
      });
      assert.deepEqual(result!.fix.cli, [
        "crypto isakmp key <key> address ipv6 2001:DB8:0:3::1/128",
      ]);
    });

    it("flags an IPv6 key no IPv6 peer uses, but not the key for every IPv6 peer", () => {
      const text = fixture("ipv6-isakmp-keys.ios").replace(
        "crypto isakmp key AnyV4Key",
        "crypto isakmp key Typo6Key address ipv6 2001:DB8:0:22::1/128\n" +
          "crypto isakmp key All6Key address ipv6 ::/0\n" +
          "crypto isakmp key AnyV4Key",
      );
      const found = findingsOf(analyse(text), "unused-psk");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        ["2001:DB8:0:22::1/128"],
      );
      assert.match(
        found[0]!.message,
        /matches no IPv6 peer of this router \(peers: 2001:DB8:0:2::1, 2001:DB8:0:3::1\)/,
      );
      const [result] = assertFixesCure(text, "unused-psk");
      assert.deepEqual(result!.fix.cli, [
        "no crypto isakmp key <key> address ipv6 2001:DB8:0:22::1/128",
      ]);
    });

    it("reads no IPv6 crypto map as an IPv4 map named ipv6", () => {
      const parsed = parseConfig(fixture("ipv6-isakmp-keys.ios"));
      assert.deepEqual([...parsed.cryptoMaps.keys()], []);
    });

    it("asks an IPv6 crypto map's peer for an IPv6 key: an IPv4 wildcard key does not answer it", () => {
      const text = peerFixture("ipv6-crypto-map", "hq.ios").replace(
        "crypto isakmp key Dual-Stack-Key address ipv6 2001:DB8:FFFF:1::2/128\n",
        "crypto isakmp key Any-Key address 0.0.0.0 0.0.0.0\n",
      );
      const found = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.deepEqual(
        found.map((f) => textAt(text, f.range)),
        ["2001:DB8:FFFF:1::2"],
      );
      assert.match(
        found[0]!.message,
        /^No pre-shared key covers peer 2001:DB8:FFFF:1::2/,
      );
    });
  });

  describe("missing-psk-for-peer", () => {
    it("flags peers no key covers, on the peer address (seed 8-41)", () => {
      const found = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.deepEqual(found.map((f) => textAt(text, f.range)).sort(), [
        "172.16.6.2",
        "198.51.100.7",
      ]);
      const tokyo = found.find((f) => textAt(text, f.range) === "172.16.6.2");
      assert.match(
        tokyo?.message ?? "",
        /key for 172\.16\.5\.2 looks like a typo/,
      );
      const vti = found.find((f) => textAt(text, f.range) === "198.51.100.7");
      assert.match(
        vti?.message ?? "",
        /keyrings of isakmp profile VTI-PROFILE/,
      );
    });

    /** A crypto map peer on an interface in front-door VRF INET, with a global key for it. */
    const FVRF_LINES = [
      "hostname R1",
      "ip vrf INET",
      " rd 1:1",
      "crypto isakmp key s3cret address 198.51.100.2",
      "crypto isakmp policy 10",
      " encryption aes 256",
      " authentication pre-share",
      " group 14",
      "crypto ipsec transform-set T esp-aes 256 esp-sha256-hmac",
      "crypto map M 10 ipsec-isakmp",
      " set peer 198.51.100.2",
      " set transform-set T",
      " match address 101",
      "interface GigabitEthernet0/0",
      " ip vrf forwarding INET",
      " ip address 203.0.113.1 255.255.255.0",
      " crypto map M",
      "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      "",
    ];

    it("takes 0.0.0.0 without a mask for every peer, as IOS does, and no other address", () => {
      // The same router with its internet interface in the global table.
      const wildcard = (key: string) =>
        FVRF_LINES.filter((l) => !/vrf|^ rd /.test(l))
          .map((l) => (l.startsWith("crypto isakmp key") ? key : l))
          .join("\n");
      for (const key of [
        "crypto isakmp key s3cret address 0.0.0.0",
        "crypto keyring KR\n pre-shared-key address 0.0.0.0 key s3cret",
      ]) {
        assert.deepEqual(
          findingsOf(analyse(wildcard(key)), "missing-psk-for-peer"),
          [],
          key,
        );
      }
      assert.equal(
        findingsOf(
          analyse(wildcard("crypto isakmp key s3cret address 198.51.100.9")),
          "missing-psk-for-peer",
        ).length,
        1,
      );
    });

    describe("in a front-door VRF", () => {
      const fvrf = FVRF_LINES.join("\n");

      it("says the global key is not the VRF's, and adds a keyring bound to the VRF", () => {
        const [found] = findingsOf(analyse(fvrf), "missing-psk-for-peer");
        assert.match(
          found!.message,
          /^No pre-shared key in a keyring of VRF INET covers peer 198\.51\.100\.2.*the key for 198\.51\.100\.2 on line 4 is a global `crypto isakmp key`, so it is never used/,
        );
        assert.deepEqual(
          found!.related?.map((r) => textAt(fvrf, r.range)),
          [
            "authentication pre-share",
            "crypto isakmp key s3cret address 198.51.100.2",
          ],
        );
        const [result] = assertFixesCure(fvrf, "missing-psk-for-peer", {
          key: "s3cret",
        });
        assert.equal(
          result!.fix.title,
          "Add keyring KR-INET for VRF INET with a key for 198.51.100.2",
        );
        assert.match(
          result!.after,
          /\ncrypto keyring KR-INET vrf INET\n pre-shared-key address 198\.51\.100\.2 key s3cret\n/,
        );
      });

      it("adds the key to the keyring already bound to the VRF", () => {
        const text = fvrf.replace(
          "crypto isakmp policy 10",
          "crypto keyring K vrf INET\n pre-shared-key address 192.0.2.9 key other\ncrypto isakmp policy 10",
        );
        const [result] = assertFixesCure(text, "missing-psk-for-peer", {
          key: "s3cret",
        });
        assert.equal(
          result!.fix.title,
          "Add a key for 198.51.100.2 to keyring K (VRF INET)",
        );
        assert.deepEqual(result!.fix.cli, [
          "crypto keyring K",
          " pre-shared-key address 198.51.100.2 key <key>",
        ]);
      });
    });

    it("retargets the mistyped key (preferred) or adds one, globally or in the profile's keyring", () => {
      const results = assertFixesCure(text, "missing-psk-for-peer", {
        key: "cisco",
      });
      const retarget = results.find(
        (r) =>
          r.fix.title ===
          "Change the key's address 172.16.5.2 to peer 172.16.6.2",
      );
      assert.ok(retarget);
      assert.equal(retarget.fix.isPreferred, true);
      assert.match(
        retarget.after,
        /^crypto isakmp key cisco address 172\.16\.6\.2$/m,
      );
      assert.deepEqual(retarget.fix.cli, [
        "no crypto isakmp key <key> address 172.16.5.2",
        "crypto isakmp key <key> address 172.16.6.2",
      ]);
      const add = results.find(
        (r) => r.fix.title === "Add crypto isakmp key for 172.16.6.2",
      );
      assert.ok(add?.fix.snippet);
      assert.match(
        add?.after ?? "",
        /branches address 203\.0\.113\.0 255\.255\.255\.0\ncrypto isakmp key cisco address 172\.16\.6\.2\n/,
      );
      const keyring = results.find(
        (r) => r.fix.title === "Add a key for 198.51.100.7 to keyring VTI-KEYS",
      );
      assert.match(
        keyring?.after ?? "",
        /crypto keyring VTI-KEYS\n pre-shared-key address 198\.51\.100\.77 key other\n pre-shared-key address 198\.51\.100\.7 key cisco\n/,
      );
    });

    it("reveals the key in console commands only when told to", () => {
      const [f] = findingsOf(
        analyse(text, { revealSecrets: true }),
        "missing-psk-for-peer",
      );
      const fix = f?.fixes?.find((x) => x.title.startsWith("Change the key"));
      assert.deepEqual(fix?.cli, [
        "no crypto isakmp key cisco address 172.16.5.2",
        "crypto isakmp key cisco address 172.16.6.2",
      ]);
      for (const finding of analyse(text)) {
        assert.doesNotMatch(
          JSON.stringify({
            m: finding.message,
            c: finding.fixes?.map((x) => x.cli),
          }),
          /\bcisco\b|\bbranches\b|\bother\b/,
        );
      }
    });

    it("counts masked keys, keyrings, hostname keys and certificates as coverage", () => {
      const found = findingsOf(analyse(text), "missing-psk-for-peer");
      assert.ok(
        !found.some((f) => textAt(text, f.range) === "203.0.113.9"),
        "the /24 key covers 203.0.113.9",
      );
      assert.deepEqual(
        findingsOf(analyse(fixture("seed-tokyo.ios")), "missing-psk-for-peer"),
        [],
      );
      const hostname = [
        "version 15.1",
        "crypto isakmp policy 10",
        " authentication pre-share",
        "crypto isakmp identity hostname",
        "crypto isakmp key k1 hostname osaka.example.com",
        "crypto map M 10 ipsec-isakmp",
        " set peer osaka.example.com",
        " set peer kobe.example.com",
      ].join("\n");
      const named = findingsOf(analyse(hostname), "missing-psk-for-peer");
      assert.deepEqual(
        named.map((f) => textAt(hostname, f.range)),
        ["kobe.example.com"],
      );
      const certificates = fixture("seed-tokyo.ios").replace(
        "crypto isakmp key cisco address 172.16.6.2\n",
        "crypto isakmp policy 20\n authentication rsa-sig\ncrypto pki trustpoint CA\n enrollment url http://ca\n",
      );
      assert.deepEqual(
        findingsOf(analyse(certificates), "missing-psk-for-peer"),
        [],
      );
      const noPreShare = fixture("seed-tokyo.ios")
        .replace(" authentication pre-share\n", " authentication rsa-sig\n")
        .replace("crypto isakmp key cisco address 172.16.6.2\n", "");
      assert.deepEqual(
        findingsOf(analyse(noPreShare), "missing-psk-for-peer"),
        [],
      );
    });
  });

  describe("unused-psk", () => {
    it("flags keys for addresses that are no peer, naming the nearest peer when it looks like a typo", () => {
      const found = findingsOf(analyse(text), "unused-psk");
      assert.deepEqual(found.map((f) => textAt(text, f.range)).sort(), [
        "172.16.5.2",
        "198.51.100.77",
      ]);
      const typo = found.find((f) => textAt(text, f.range) === "172.16.5.2");
      assert.match(
        typo?.message ?? "",
        /typo of peer 172\.16\.6\.2, which has no key/,
      );
      assert.equal(typo?.severity, "warning");
    });

    it("retargets (preferred) or removes the key; each cures", () => {
      const results = assertFixesCure(text, "unused-psk");
      const remove = results.find(
        (r) => r.fix.title === "Remove the key for 172.16.5.2",
      );
      assert.ok(remove);
      assert.doesNotMatch(
        remove.after,
        /^crypto isakmp key cisco address 172\.16\.5\.2$/m,
      );
      assert.ok(
        results.some(
          (r) =>
            r.fix.title ===
              "Change the key's address 198.51.100.77 to peer 198.51.100.7" &&
            r.fix.isPreferred,
        ),
      );
    });

    it("does not guess where every address may be a peer, or where no peer is known", () => {
      const dynamic = appendConfig(
        text,
        "crypto dynamic-map DYN 10\n set transform-set TS\ncrypto map mjlnetmap 100 ipsec-isakmp dynamic DYN\n",
      );
      assert.deepEqual(findingsOf(analyse(dynamic), "unused-psk"), []);
      const noPeers =
        "crypto isakmp policy 10\n authentication pre-share\ncrypto isakmp key k address 192.0.2.9\n";
      assert.deepEqual(findingsOf(analyse(noPeers), "unused-psk"), []);
      const wildcard =
        fixture("seed-tokyo.ios") +
        "crypto isakmp key k address 0.0.0.0 0.0.0.0\n";
      assert.deepEqual(findingsOf(analyse(wildcard), "unused-psk"), []);
      // A key an isakmp profile identifies a peer by is in use on the responder side.
      const profile =
        fixture("seed-tokyo.ios") +
        "crypto keyring R\n pre-shared-key address 192.0.2.9 key k\ncrypto isakmp profile P\n keyring R\n match identity address 192.0.2.9 255.255.255.255\n";
      assert.deepEqual(findingsOf(analyse(profile), "unused-psk"), []);
    });
  });

  describe("weak-secret-encoding", () => {
    it("flags type 7 secrets as information, on the secret, without printing it", () => {
      const [f] = findingsOf(analyse(text), "weak-secret-encoding");
      assert.ok(f);
      assert.equal(f.severity, "information");
      assert.equal(textAt(text, f.range), "0822455D0A16");
      assert.doesNotMatch(f.message, /0822455D0A16/);
      assert.match(f.message, /type 7/);
    });

    it("flags an EzVPN group key and a line password stored as type 7, each with its advice", () => {
      const config = [
        "crypto isakmp client configuration group SALES",
        " key 7 0822455D0A16",
        "line con 0",
        " password 7 094F471A1A0A",
        "line vty 0 4",
        " password cisco",
        "",
      ].join("\n");
      const found = findingsOf(analyse(config), "weak-secret-encoding");
      assert.deepEqual(
        found.map((f) => [textAt(config, f.range), f.message.split(",")[0]]),
        [
          ["0822455D0A16", "This pre-shared key is stored as type 7"],
          ["094F471A1A0A", "This line password is stored as type 7"],
        ],
      );
      assert.match(found[0]!.message, /type 6 \(AES\)/);
      assert.match(found[1]!.message, /`login local`/);
    });

    it("hashes a type 7 user or enable password by quick fix, with a new password typed over a placeholder", () => {
      const secrets = fs.readFileSync(
        path.join(REPO_ROOT, "test", "fixtures", "secrets", "tokyo.ios"),
        "utf8",
      );
      const found = findingsOf(analyse(secrets), "weak-secret-encoding");
      const fixes = new Map(
        found.flatMap((f) => (f.fixes ?? []).map((x) => [x.title, x.cli])),
      );
      assert.deepEqual(
        fixes.get("Store user admin's password as a hashed secret (scrypt)"),
        [
          "no username admin",
          "username admin algorithm-type scrypt secret <new-password>",
        ],
      );
      assert.deepEqual(
        fixes.get(
          "Replace the enable password by a hashed enable secret (scrypt)",
        ),
        [
          "no enable password",
          "enable algorithm-type scrypt secret <new-password>",
        ],
      );
      // No fix ever shows the old password, obfuscated or decoded.
      for (const f of found) {
        for (const x of f.fixes ?? []) {
          const all = [...(x.cli ?? []), ...x.edits.map((e) => e.newText)];
          assert.ok(
            !all.some((t) => /0822455D0A16|070C285F4D06|cisco/.test(t)),
          );
        }
      }
      const results = assertFixesCure(secrets, "weak-secret-encoding", {
        "new-password": "Lens-Lab-2026",
      });
      assert.ok(
        results.some((r) =>
          /^username admin algorithm-type scrypt secret Lens-Lab-2026$/m.test(
            r.after,
          ),
        ),
      );
    });

    it("writes an MD5 secret before 15.3, and only removes an enable password an enable secret overrides", () => {
      const old =
        "version 12.4\nusername ops privilege 15 password 7 0822455D0A16\nenable password 7 070C285F4D06\n";
      const titles = findingsOf(analyse(old), "weak-secret-encoding").flatMap(
        (f) => (f.fixes ?? []).map((x) => x.cli),
      );
      assert.deepEqual(titles, [
        ["no username ops", "username ops privilege 15 secret <new-password>"],
        ["no enable password", "enable secret <new-password>"],
      ]);
      const both = `${old}enable secret 5 $1$abc$xyz\n`;
      const [, enable] = findingsOf(analyse(both), "weak-secret-encoding");
      assert.deepEqual(
        enable!.fixes!.map((x) => [x.title, x.cli]),
        [
          [
            "Remove the enable password (the enable secret already applies)",
            ["no enable password"],
          ],
        ],
      );
    });

    it("reads an Easy VPN client's group key and XAUTH password as secrets, with advice that fits them", () => {
      const ezvpn = fixture("ezvpn-client.ios");
      const found = findingsOf(analyse(ezvpn), "weak-secret-encoding");
      assert.deepEqual(
        found.map((f) => [
          textAt(ezvpn, f.range),
          f.message.split(",")[0],
          (f.fixes ?? []).length,
        ]),
        [
          ["0822455D0A16", "This pre-shared key is stored as type 7", 0],
          [
            "0822455D0A16",
            "This Easy VPN XAUTH password is stored as type 7",
            0,
          ],
        ],
      );
      assert.match(found[1]!.message, /cannot be stored hashed/);
      // Masked like every secret: the model knows both.
      assert.equal(parseConfig(ezvpn).secrets.length, 2);
    });

    it("leaves type 0, 5, 6 and hashed secrets alone", () => {
      const other =
        "username a password 0 clear\nenable secret 5 $1$abc$xyz\ncrypto isakmp key 6 AbCdEf address 192.0.2.2\n";
      assert.deepEqual(findingsOf(analyse(other), "weak-secret-encoding"), []);
    });
  });
});

describe("checks/keyChecks: a key left as the placeholder a fix wrote", () => {
  const examples = path.join(REPO_ROOT, "examples", "broken");
  const tokyo = fs.readFileSync(path.join(examples, "tokyo.ios"), "utf8");
  const osaka = fs.readFileSync(path.join(examples, "osaka.ios"), "utf8");
  // What the missing-psk fix writes in an editor without snippets, pasted as is.
  const [finding] = findingsOf(analyse(tokyo), "missing-psk-for-peer");
  const fix = finding!.fixes!.find((f) => f.snippet)!;
  const plain = applyEdits(tokyo, fix.edits, (label) => `<${label}>`);

  it("says the key is a placeholder, on the key itself", () => {
    assert.match(plain, /crypto isakmp key <key> address 172\.16\.6\.2/);
    const [found] = findingsOf(analyse(plain), "psk-placeholder");
    assert.equal(textAt(plain, found!.range), "<key>");
    assert.match(found!.message, /placeholder to replace/);
  });

  it("does not compare it with the peer's key (no psk-mismatch, no type 6 note)", () => {
    const ws = workspace(
      { name: "tokyo.ios", text: plain },
      { name: "osaka.ios", text: osaka },
    );
    const codes = allCodes(ws);
    assert.ok(!codes.some((c) => c.endsWith("psk-mismatch")), codes.join());
    assert.ok(!codes.some((c) => c.endsWith("psk-unverifiable")), codes.join());
  });
});

describe("checks/keyChecks: keys by host name", () => {
  const base = [
    "version 15.4",
    "hostname Tokyo",
    "ip domain-name lens.lab",
    "crypto isakmp policy 10",
    " authentication pre-share",
    "crypto isakmp identity hostname",
    "crypto isakmp key cisco hostname Osaka.lens.lab",
    "crypto ipsec transform-set TS esp-aes esp-sha-hmac",
    "crypto map VPN 10 ipsec-isakmp",
    " set peer 172.16.6.2",
    " set transform-set TS",
    " match address 101",
    "interface Serial0/0",
    " ip address 172.16.5.1 255.255.255.0",
    " crypto map VPN",
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
    "ip route 0.0.0.0 0.0.0.0 172.16.5.254",
    "",
  ].join("\n");

  it("covers the peer's address once the router resolves the key's name to it (ip host)", () => {
    const mapped = base.replace(
      "ip domain-name lens.lab\n",
      "ip domain-name lens.lab\nip host Osaka.lens.lab 23 172.16.6.2\n",
    );
    assert.deepEqual(findingsOf(analyse(mapped), "missing-psk-for-peer"), []);
    assert.deepEqual(
      parseConfig(mapped).staticHosts.map((h) => [h.name, h.addresses.length]),
      [["osaka.lens.lab", 1]],
    );
  });

  it("reads a peer named by a host name the router resolves, keyed by another name of it", () => {
    const text = fixture("host-named-peer.ios");
    assert.deepEqual(
      analyse(text)
        .filter((f) => f.severity !== "information")
        .map((f) => f.code),
      [],
    );
  });

  it("without it, warns that the name must resolve to the peer, as DNS may do", () => {
    const [f] = findingsOf(analyse(base), "missing-psk-for-peer");
    assert.equal(f?.severity, "warning");
    assert.match(
      f!.message,
      /The key for host name Osaka\.lens\.lab covers the peer only if the router resolves that name to 172\.16\.6\.2 \(by DNS, or `ip host NAME 172\.16\.6\.2`\)/,
    );
  });
});
