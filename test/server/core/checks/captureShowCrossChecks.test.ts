import * as assert from "node:assert/strict";
import { captureText, seedText } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";

describe("checks/captureShowCrossChecks", () => {
  it("flags a crypto map peer that no key of the same router covers", () => {
    // Examples 8-40 and 8-41 in one capture: the map peers with 172.16.6.2, the key is for 172.16.5.2.
    const text = `${seedText(40)}${seedText(41)}`;
    const f = only(checkCapture(text), "show-no-psk-for-peer");
    assert.equal(f.severity, "error");
    assert.equal(textOf(text, f.range), "172.16.6.2");
    assert.equal(f.range.start.line, 2);
    assert.match(
      f.message,
      /^Crypto map mjlnetmap 10 peers with 172\.16\.6\.2, but `show crypto isakmp key` on Tokyo lists no pre-shared key for it \(keys for 172\.16\.5\.2\)/,
    );
    assert.deepEqual(
      f.related?.map((r) => [textOf(text, r.range), r.message]),
      [["172.16.5.2", "a key for 172.16.5.2"]],
    );
    const none = (t: string) =>
      codesOf(checkCapture(t)).filter((c) => c === "show-no-psk-for-peer");
    // 8-48: the key is for the map's (wrong) peer; they agree with each other.
    assert.deepEqual(none(seedText(48)), []);
    // A wildcard key covers every peer; a key by host name cannot be judged.
    assert.deepEqual(none(text.replace("172.16.5.2 ", "0.0.0.0    ")), []);
    assert.deepEqual(none(text.replace("172.16.5.2 ", "osaka.example ")), []);
    // Keys of another router say nothing about Tokyo's.
    assert.deepEqual(
      none(`${seedText(40)}${seedText(41).replace(/Tokyo#/g, "Osaka#")}`),
      [],
    );
    // Certificate authentication only: no key is needed.
    const rsa =
      "Tokyo#show crypto isakmp policy\nProtection suite of priority 10\n        encryption algorithm:   AES - Advanced Encryption Standard (256 bit keys).\n        hash algorithm:         Secure Hash Standard\n        authentication method:  Rivest-Shamir-Adleman Signature\n        Diffie-Hellman group:   #14 (2048 bit)\n        lifetime:               86400 seconds, no volume limit\nTokyo#\n";
    assert.deepEqual(none(`${text}${rsa}`), []);
    // A pre-shared key policy keeps the check on.
    assert.deepEqual(
      none(
        `${text}${rsa.replace("Rivest-Shamir-Adleman Signature", "Pre-Shared Key")}`,
      ),
      ["show-no-psk-for-peer"],
    );
  });

  it("flags a crypto map peer that no route of the whole routing table covers", () => {
    // Examples 8-33 and 8-30: Tokyo's map peers with 172.16.6.2, its table has only connected routes.
    const text = `${seedText(33)}${seedText(30)}`;
    const f = only(checkCapture(text), "show-no-route-to-peer");
    assert.equal(f.severity, "error");
    assert.equal(textOf(text, f.range), "172.16.6.2");
    assert.match(
      f.message,
      /^No route in `show ip route` on Tokyo covers peer 172\.16\.6\.2 of crypto map mjlnetmap 10, and the gateway of last resort is not set/,
    );
    assert.deepEqual(
      f.related?.map((r) => textOf(text, r.range)),
      ["Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP"],
    );
    const none = (t: string) =>
      codesOf(checkCapture(t)).filter((c) => c === "show-no-route-to-peer");
    // A default route, a route that covers the peer, or a filtered table: nothing to report.
    assert.deepEqual(
      none(
        text.replace(
          "Gateway of last resort is not set",
          "Gateway of last resort is 172.16.5.5 to network 0.0.0.0",
        ),
      ),
      [],
    );
    assert.deepEqual(
      none(
        text.replace(
          "C       172.16.5.0 is directly connected, Serial4/0",
          "C       172.16.5.0 is directly connected, Serial4/0\nS       172.16.6.0 [1/0] via 172.16.5.5",
        ),
      ),
      [],
    );
    assert.deepEqual(
      none(text.replace("Tokyo#show ip route", "Tokyo#show ip route static")),
      [],
    );
    assert.deepEqual(
      none(text.replace("Tokyo#show ip route", "Tokyo#sh ip ro")),
      ["show-no-route-to-peer"],
    );
  });

  it("looks the peer up in the table of the map interface's front-door VRF", () => {
    // Example 8-33's map, on an interface that `show ip interface` puts in VRF INET.
    const inVrf =
      'Tokyo#show ip interface FastEthernet0/0\nFastEthernet0/0 is up, line protocol is up\n  Internet address is 10.1.1.1/24\n  VPN Routing/Forwarding "INET"\nTokyo#\n';
    const vrfTable = (routes: string) =>
      `Tokyo#show ip route vrf INET\n\nRouting Table: INET\nCodes: C - connected, S - static, R - RIP, M - mobile, B - BGP\n\nGateway of last resort is not set\n\n${routes}Tokyo#\n`;
    const codes = (t: string) =>
      codesOf(checkCapture(t)).filter((c) => c.startsWith("show-"));
    // The global table says nothing about the VRF's: no claim.
    assert.deepEqual(codes(`${seedText(33)}${inVrf}${seedText(30)}`), []);
    // The VRF's whole table, without the peer: the finding names it and the fix routes in it.
    const text = `${seedText(33)}${inVrf}${vrfTable("C       10.1.1.0/24 is directly connected, FastEthernet0/0\n")}`;
    const f = only(checkCapture(text), "show-no-route-to-peer");
    assert.match(
      f.message,
      /^No route in `show ip route vrf INET` on Tokyo covers peer 172\.16\.6\.2 .*`ip route vrf INET 0\.0\.0\.0 0\.0\.0\.0 <next hop>`/,
    );
    assert.deepEqual(
      f.related?.map((r) => textOf(text, r.range)),
      ["Routing Table: INET"],
    );
    // With the peer's route in the VRF's table, nothing is missing.
    assert.deepEqual(
      codes(
        `${seedText(33)}${inVrf}${vrfTable("C       10.1.1.0/24 is directly connected, FastEthernet0/0\nS       172.16.6.0/24 [1/0] via 10.1.1.254\n")}`,
      ),
      [],
    );
    // The VRF can also come from the configuration the router printed.
    const printedVrf =
      "Tokyo#show running-config | section interface\ninterface FastEthernet0/0\n vrf forwarding INET\n ip address 10.1.1.1 255.255.255.0\n crypto map mjlnetmap\nTokyo#\n";
    assert.deepEqual(codes(`${seedText(33)}${printedVrf}${seedText(30)}`), []);
    // Or from the router's config file in the workspace.
    const file = (vrf: string) =>
      `hostname Tokyo\ninterface FastEthernet0/0\n${vrf} ip address 10.1.1.1 255.255.255.0\n crypto map mjlnetmap\n`;
    const withFile = (config: string) =>
      codesOf(
        checkCapture(`${seedText(33)}${seedText(30)}`, {
          "file:///w/tokyo.ios": config,
        }),
      ).filter((c) => c === "show-no-route-to-peer");
    assert.deepEqual(withFile(file(" vrf forwarding INET\n")), []);
    assert.deepEqual(withFile(file("")), ["show-no-route-to-peer"]);
  });

  it("flags a crypto map on another interface than the route to its peer leaves by", () => {
    // Example 8-33's map on FastEthernet0/0, and 8-30's table once 8-31's default route is in.
    const text = `${seedText(33)}${seedText(30)}`.replace(
      "Gateway of last resort is not set",
      "Gateway of last resort is 172.16.5.5 to network 0.0.0.0",
    );
    const f = only(checkCapture(text), "show-crypto-map-wrong-interface");
    assert.equal(f.severity, "error");
    assert.equal(textOf(text, f.range), "FastEthernet0/0");
    assert.match(
      f.message,
      /^Crypto map mjlnetmap is applied to FastEthernet0\/0, but `show ip route` on Tokyo sends traffic for its peer 172\.16\.6\.2 out Serial4\/0: .*`interface Serial4\/0`, `crypto map mjlnetmap`\.$/,
    );
    assert.deepEqual(
      f.related?.map((r) => r.message),
      ["the routing table: 172.16.6.2 is reached out Serial4/0"],
    );
    const none = (t: string) =>
      codesOf(checkCapture(t)).filter(
        (c) => c === "show-crypto-map-wrong-interface",
      );
    // The map moved to Serial4/0 (Example 8-34's fix): nothing to report.
    assert.deepEqual(
      none(
        text.replace(
          "                FastEthernet0/0",
          "                Serial4/0",
        ),
      ),
      [],
    );
    // A host route straight out of FastEthernet0/0 agrees with the map.
    assert.deepEqual(
      none(
        text.replace(
          "C       10.1.1.0 is directly connected, FastEthernet0/0",
          "C       10.1.1.0 is directly connected, FastEthernet0/0\nS       172.16.6.2/32 is directly connected, FastEthernet0/0",
        ),
      ),
      [],
    );
    // Without a route at all it is show-no-route-to-peer's to say.
    assert.deepEqual(none(`${seedText(33)}${seedText(30)}`), []);
  });

  it("flags an inbound ACL that permits no IKE, so its implicit deny drops it", () => {
    // Examples 8-52 and 8-53: ACL 102 on Osaka's Serial2/0 permits ESP and AH but no UDP 500.
    const text = `${seedText(52)}${seedText(53)}`;
    const f = only(checkCapture(text), "show-acl-no-ipsec-permit");
    assert.equal(f.severity, "warning");
    assert.equal(textOf(text, f.range), "102");
    assert.match(
      f.message,
      /^ACL 102, inbound on Serial2\/0 of Osaka, has no entry that permits IKE \(UDP 500\): the implicit deny at its end drops the peer's IKE messages/,
    );
    assert.deepEqual(
      f.related?.map((r) => [textOf(text, r.range), r.message]),
      [["102", "applied inbound on Serial2/0"]],
    );
    const none = (t: string) =>
      codesOf(checkCapture(t)).filter((c) => c === "show-acl-no-ipsec-permit");
    // The fix of Example 8-54 (a permit for isakmp), a UDP entry without a port, or `permit ip`.
    for (const entry of [
      "permit udp any any eq isakmp",
      "permit udp host 172.16.5.1 any",
      "permit ip any any",
    ]) {
      assert.deepEqual(
        none(
          text.replace(
            "permit icmp any any",
            `${entry}\n    permit icmp any any`,
          ),
        ),
        [],
        entry,
      );
    }
    // Without ESP either, both are reported.
    assert.equal(none(text.replace("    permit esp any any\n", "")).length, 2);
    // An interface that show crypto map says carries no crypto map is not judged.
    const map = seedText(33).replace(/Tokyo#/g, "Osaka#");
    assert.deepEqual(none(`${text}${map}`), []);
  });

  describe("an inbound ACL that denies the decrypted traffic (show-acl-blocks-tunneled-traffic)", () => {
    // Osaka: ACL 110 inbound on Serial2/0 permits IKE and ESP, then `deny ip any any` counts as
    // many matches as the SA decrypts packets, and nothing is encrypted back.
    const text = captureText("show-acl-blocks-decrypted.ioslog");

    it("is reported on the deny that counts the decrypted packets, with the release caveat and the permit to add", () => {
      const findings = checkCapture(text);
      const f = only(findings, "show-acl-blocks-tunneled-traffic");
      assert.equal(f.severity, "warning");
      assert.equal(textOf(text, f.range), "deny ip any any");
      assert.equal(f.range.start.line, 19);
      assert.match(
        f.message,
        /^ACL 110, inbound on Serial2\/0 of Osaka, denies the traffic decrypted from 172\.16\.5\.1 \(from 10\.1\.1\.0\/24 to 10\.2\.2\.0\/24\) by `deny ip any any` \(57 matches\), while `show crypto ipsec sa` counts 57 packets decrypted, none encrypted back/,
      );
      assert.match(
        f.message,
        /Releases before 12\.3\(8\)T check decrypted packets/,
      );
      assert.match(f.message, /from 12\.4 on IOS no longer does/);
      assert.deepEqual(
        f.related?.map((r) => [textOf(text, r.range), r.message]),
        [
          ["110", "applied inbound on Serial2/0"],
          ["#pkts decaps: 57", "packets received and decrypted"],
          ["#pkts encaps: 0", "no packet encrypted back"],
        ],
      );
      assert.deepEqual(f.fixes?.[0]?.cli, [
        "ip access-list extended 110",
        " 25 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      assert.deepEqual(f.fixes?.[0]?.edits, []);
      // The one-way flow is this finding's: no advice about NAT or routes beside it.
      assert.ok(!codesOf(findings).includes("show-ipsec-no-encaps"));
    });

    it("needs the ACL to deny the inner traffic with a counter that rose", () => {
      const codes = (t: string) => codesOf(checkCapture(t));
      // The inner traffic permitted before the deny: the one-way flow has another cause.
      const permitted = text.replace(
        "    deny ip any any (57 matches)",
        "    permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255 (57 matches)\n    deny ip any any (3 matches)",
      );
      assert.ok(!codes(permitted).includes("show-acl-blocks-tunneled-traffic"));
      assert.ok(codes(permitted).includes("show-ipsec-no-encaps"));
      // A deny that never matched proves nothing.
      const unhit = text.replace(
        "deny ip any any (57 matches)",
        "deny ip any any",
      );
      assert.ok(!codes(unhit).includes("show-acl-blocks-tunneled-traffic"));
      assert.ok(codes(unhit).includes("show-ipsec-no-encaps"));
      // Another router's interface output says nothing of Osaka's.
      const other = text
        .replace(
          "Osaka#show ip interface serial 2/0",
          "Tokyo#show ip interface serial 2/0",
        )
        .replace(
          /^Osaka#\nOsaka#show ip access-lists/m,
          "Tokyo#\nTokyo#show ip access-lists",
        );
      assert.ok(!codes(other).includes("show-acl-blocks-tunneled-traffic"));
    });
  });

  describe("a reversed crypto ACL in show crypto map (show-crypto-acl-reversed)", () => {
    // Example 8-30's routing table (10.1.1.0/24 connected on FastEthernet0/0) with Example
    // 8-36's crypto map, whose ACL 101 permits 10.2.2.0/24 to 10.1.1.0/24.
    const text = `${seedText(30)}${seedText(36)}`;
    const reversedOf = (t: string) =>
      checkCapture(t).filter((f) => f.code === "show-crypto-acl-reversed");

    it("is reported on the entry's source and destination, with the connected route and the swapped line", () => {
      const f = only(checkCapture(text), "show-crypto-acl-reversed");
      assert.equal(f.severity, "error");
      assert.equal(
        textOf(text, f.range),
        "10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      );
      assert.match(
        f.message,
        /^Access list 101 of crypto map mjlnetmap 10 on Tokyo permits 10\.2\.2\.0\/24 to 10\.1\.1\.0\/24, but `show ip route` shows 10\.1\.1\.0\/24 is this router's own side \(10\.1\.1\.0\/24 on FastEthernet0\/0\) and 10\.2\.2\.0\/24 is not/,
      );
      assert.deepEqual(
        f.related?.map((r) => [textOf(text, r.range), r.message]),
        [["10.1.1.0", "10.1.1.0/24 is local, on FastEthernet0/0"]],
      );
      assert.deepEqual(f.fixes?.[0]?.cli, [
        "no access-list 101",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("a named ACL is fixed inside its section", () => {
      const named = text
        .replace("Extended IP access list 101", "Extended IP access list VPN")
        .replace("access-list 101 permit", "access-list VPN permit");
      const f = only(checkCapture(named), "show-crypto-acl-reversed");
      assert.equal(
        textOf(named, f.range),
        "10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      );
      assert.deepEqual(f.fixes?.[0]?.cli, [
        "ip access-list extended VPN",
        " no permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        " permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
    });

    it("an up interface's address in show ip interface proves the network local too", () => {
      const iface =
        "Tokyo#show ip interface FastEthernet0/0\nFastEthernet0/0 is up, line protocol is up\n  Internet address is 10.1.1.1/24\n  Inbound  access list is not set\nTokyo#\n";
      const f = only(
        checkCapture(`${iface}${seedText(36)}`),
        "show-crypto-acl-reversed",
      );
      assert.match(f.message, /`show ip interface` shows 10\.1\.1\.0\/24/);
      const down = iface.replace(
        "is up, line protocol is up",
        "is administratively down, line protocol is down",
      );
      assert.deepEqual(reversedOf(`${down}${seedText(36)}`), []);
    });

    it("show ip interface brief proves an up interface's address local, and says that is all it proves", () => {
      const brief = captureText("show-crypto-acl-reversed-brief.ioslog");
      const f = only(checkCapture(brief), "show-crypto-acl-reversed");
      assert.equal(
        textOf(brief, f.range),
        "10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
      );
      assert.equal(
        f.message,
        "Access list 101 of crypto map mjlnetmap 10 on Tokyo permits 10.2.2.0/24 to 10.1.1.0/24, but `show ip interface brief` shows 10.1.1.1 (FastEthernet0/0, up/up) inside 10.1.1.0/24, so that side is this router's own, and no address of an interface that is up inside 10.2.2.0/24 (the output prints no masks: it proves addresses local, not how far their networks reach): a crypto ACL names outbound traffic, local as source and remote as destination, so no packet matches and IKE never starts. Swap source and destination: `permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255`.",
      );
      assert.deepEqual(
        f.related?.map((r) => [textOf(brief, r.range), r.message]),
        [
          [
            "10.1.1.1",
            "10.1.1.1, inside 10.1.1.0/24, is the address of FastEthernet0/0",
          ],
        ],
      );
      assert.deepEqual(f.fixes?.[0]?.cli, [
        "no access-list 101",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      // An address of an interface that is down proves nothing connected.
      assert.deepEqual(
        reversedOf(
          brief.replace(
            "FastEthernet0/0            10.1.1.1        YES NVRAM  up                    up",
            "FastEthernet0/0            10.1.1.1        YES NVRAM  administratively down down",
          ),
        ),
        [],
      );
      // A destination that holds no address of the router is not proven local: 10.1.1.0/25
      // may be the network of 10.1.1.200, but brief prints no mask to say so.
      assert.deepEqual(
        reversedOf(
          brief
            .replace("10.1.1.0 0.0.0.255", "10.1.1.128 0.0.0.127")
            .replace("10.1.1.1        YES", "10.1.1.5        YES"),
        ),
        [],
      );
      // A source that holds an up interface's address is not clearly remote.
      assert.deepEqual(
        reversedOf(
          brief.replace(
            "Serial4/0                  172.16.5.1 ",
            "Serial4/0                  10.2.2.1   ",
          ),
        ),
        [],
      );
      // With the routing table too, the network it prints is named, not the bare address.
      assert.match(
        only(
          checkCapture(`${seedText(30)}${brief}`),
          "show-crypto-acl-reversed",
        ).message,
        /but `show ip route` shows 10\.1\.1\.0\/24 is this router's own side/,
      );
    });

    it("stays quiet when the ACL is the right way round, a summary covers both sides, or nothing says what is local", () => {
      const right = text.replace(
        "permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        "permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      );
      assert.deepEqual(reversedOf(right), []);
      const summary = text.replace(
        "permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        "permit ip 10.0.0.0 0.255.255.255 10.1.1.0 0.0.0.255",
      );
      assert.deepEqual(reversedOf(summary), []);
      assert.deepEqual(reversedOf(seedText(36)), []);
      // Another router's routing table says nothing of Tokyo's networks.
      assert.deepEqual(
        reversedOf(
          `${seedText(30).replace(/Tokyo#/g, "Osaka#")}${seedText(36)}`,
        ),
        [],
      );
    });
  });
});
