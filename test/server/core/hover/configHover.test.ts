import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type AnalysisSettings,
} from "../../../../server/src/core/document";
import { configHover } from "../../../../server/src/core/hover/configHover";
import { peerFixture } from "../../../support/configAnalysis";
import { configHoverAt } from "../../../support/configFixtures";
import {
  allConfigs,
  corpus,
  cursorIn,
  example,
} from "../../../support/configFixtures";

const TOKYO = example("tokyo.ios");
const BROKEN_TOKYO = example("broken/tokyo.ios");
const REVEAL: AnalysisSettings = {
  ...DEFAULT_ANALYSIS_SETTINGS,
  revealSecrets: true,
};

/** The hover markdown at the `|` of a fragment of the config, or null. */
function hoverAt(
  config: string,
  fragment: string,
  settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS,
): string | null {
  const model = parseConfig(config);
  return (
    configHover(model, cursorIn(config, fragment), settings)?.markdown ?? null
  );
}

/** Asserts the hover at the `|` matches every expectation (or that there is none, for null). */
function checkHover(
  config: string,
  fragment: string,
  expected: RegExp | RegExp[] | null,
  settings?: AnalysisSettings,
): string {
  const markdown = hoverAt(config, fragment, settings);
  if (expected === null) {
    assert.equal(markdown, null, `expected no hover at ${fragment}`);
    return "";
  }
  assert.ok(markdown, `expected a hover at ${fragment}`);
  for (const re of Array.isArray(expected) ? expected : [expected]) {
    assert.match(markdown, re, `hover at ${fragment}`);
  }
  return markdown;
}

/** A small config around one line, for value hovers. */
const wrap = (body: string): string => `hostname R1\n!\n${body}\n!\nend\n`;

describe("configHover", () => {
  describe("ISAKMP policies", () => {
    it("shows the effective attributes of a policy with IOS defaults marked", () => {
      const md = checkHover(TOKYO, "crypto isakmp pol|icy 10", [
        /ISAKMP policy 10/,
        /encryption \| `des` \*\(default\)\*/,
        /hash \| `md5` \|/,
        /authentication \| `pre-share` \|/,
        /group \| `1` \*\(default\)\*/,
        /24 h/,
      ]);
      assert.doesNotMatch(md, /hash \| `md5` \*\(default\)/);
    });

    it("explains each attribute line with the default it replaces", () => {
      checkHover(TOKYO, " hash m|d5", [
        /md5/i,
        /weak/,
        /Without this line IOS uses `sha`/,
      ]);
      checkHover(corpus("cfg_batfish_ios-crypto.cfg"), "  enc|r aes", [
        /encryption/,
        /AES-CBC with a 128-bit key/,
      ]);
      checkHover(
        wrap(
          "crypto isakmp policy 5\n encryption aes 256\n group 14\n lifetime 28800",
        ),
        " encryption aes 2|56",
        /256-bit key/,
      );
      checkHover(wrap("crypto isakmp policy 5\n group 14"), " group 1|4", [
        /2048-bit MODP/,
        /acceptable/,
      ]);
      checkHover(
        wrap("crypto isakmp policy 5\n lifetime 28800"),
        " lifetime 28|800",
        [/28,800 seconds/, /8 h/, /IOS default 24 h/],
      );
      checkHover(
        wrap("crypto isakmp policy 5\n lifetime 28800"),
        " life|time 28800",
        [
          /accepts a proposal whose lifetime is at most its own policy's and then uses the initiator's/,
          /a longer one does not match that policy/,
        ],
      );
    });
  });

  describe("access lists", () => {
    it("turns a contiguous wildcard into CIDR and a first-last range", () => {
      checkHover(TOKYO, "access-list 101 permit ip 10.1.1.0 0.0.0.2|55", [
        /10\.1\.1\.0\/24/,
        /10\.1\.1\.0 – 10\.1\.1\.255/,
        /256 addresses/,
        /Source/,
      ]);
      checkHover(TOKYO, "0.0.0.255 10.2.2|.0 0.0.0.255", [
        /Destination/,
        /10\.2\.2\.0\/24/,
      ]);
    });

    it("explains non-contiguous wildcards octet by octet", () => {
      checkHover(
        wrap("access-list 150 permit ip 10.1.0.0 0.0.254.255 any"),
        "10.1.0.0 0.0.25|4.255",
        [
          /Non-contiguous/,
          /32,768 addresses/,
          /third octet: 128 values \(0, 2, 4/,
          /fourth octet: any value/,
        ],
      );
    });

    it("flags a netmask written as a wildcard and host bits under the wildcard", () => {
      checkHover(
        wrap("access-list 120 permit ip 10.1.1.0 255.255.255.0 any"),
        "10.1.1.0 255.255.2|55.0",
        [/looks like a netmask/, /0\.0\.0\.255/],
      );
      checkHover(
        wrap("access-list 120 permit ip 10.1.1.1 0.0.0.255 any"),
        "10.1.1.|1 0.0.0.255",
        /stores this as 10\.1\.1\.0 0\.0\.0\.255/,
      );
    });

    it("explains host, any, protocols, IPsec ports and the action in a crypto ACL", () => {
      const config = wrap(
        "ip access-list extended OUTSIDE-IN\n permit udp host 172.16.6.2 host 172.16.5.1 eq isakmp\n permit esp any any\n permit udp any any eq 4500",
      );
      checkHover(
        config,
        "permit udp ho|st 172.16.6.2",
        /host 172\.16\.6\.2\*\*, exactly one address/,
      );
      checkHover(config, "permit esp a|ny any", /any address/);
      checkHover(config, "permit es|p any", /IP protocol 50/);
      checkHover(config, "eq isak|mp", [/Port 500/, /IKE/]);
      checkHover(config, "eq 45|00", /NAT traversal/);
      checkHover(
        TOKYO,
        "access-list 101 per|mit",
        /crypto ACL, traffic this entry matches is encrypted/,
      );
      checkHover(config, " per|mit esp any any", /in a filter/);
    });

    it("lists the entries of an ACL where it is named and used", () => {
      const expected = [
        /access-list 101/,
        /numbered extended/,
        /permit ip 10\.1\.1\.0\/24 → 10\.2\.2\.0\/24/,
        /match address 101/,
      ];
      checkHover(TOKYO, "access-list 1|01", expected);
      checkHover(TOKYO, " match address 1|01", expected);
      checkHover(TOKYO, "acc|ess-list 101", expected);
    });
  });

  describe("masks, routes and peers", () => {
    it("gives the prefix length of a mask", () => {
      checkHover(TOKYO, "ip address 172.16.5.1 255.255.2|55.0", [
        /\/24/,
        /172\.16\.5\.0\/24/,
      ]);
      checkHover(
        wrap("interface Loopback0\n ip address 10.0.0.1 255.0.255.0"),
        "255.0.2|55.0",
        /not a valid netmask/,
      );
      checkHover(TOKYO, "ip route 0.0.0.0 0.0.0|.0", /Default route/);
      checkHover(
        TOKYO,
        "ip route 0.0.0.0 0.0.0.0 172.16|.5.5",
        /connected network 172\.16\.5\.0\/24 of \*\*Serial4\/0\*\*/,
      );
    });

    it("shows the interface the route to a peer leaves by, and whether the map is there", () => {
      checkHover(TOKYO, " set peer 172.16|.6.2", [
        /default route via 172\.16\.5\.5/,
        /leaves through \*\*Serial4\/0\*\*/,
        /✓ Crypto map mjlnetmap is applied to Serial4\/0/,
        /Pre-shared key/,
      ]);
      checkHover(BROKEN_TOKYO, " set peer 172.16|.6.2", [
        /applied to FastEthernet0\/0, not to Serial4\/0/,
        /No pre-shared key/,
      ]);
      checkHover(
        wrap("crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1"),
        " set peer 192.|0.2.1",
        /No route in this config covers 192\.0\.2\.1/,
      );
    });

    it("prefers the longest prefix and follows next hops to the exit interface", () => {
      const config = wrap(
        [
          "interface Serial0/0",
          " ip address 172.16.5.1 255.255.255.0",
          "interface Serial0/1",
          " ip address 172.16.9.1 255.255.255.0",
          "ip route 0.0.0.0 0.0.0.0 172.16.5.5",
          "ip route 198.51.100.0 255.255.255.0 172.16.9.9",
          "crypto map M 10 ipsec-isakmp",
          " set peer 198.51.100.7",
        ].join("\n"),
      );
      checkHover(config, " set peer 198.51|.100.7", [
        /static route to 198\.51\.100\.0\/24 via 172\.16\.9\.9/,
        /\*\*Serial0\/1\*\*/,
      ]);
    });

    it("tells which peers a key address covers", () => {
      checkHover(TOKYO, "address 172.16|.6.2", [
        /applies to the peer 172\.16\.6\.2/,
        /crypto map mjlnetmap 10/,
      ]);
      checkHover(
        BROKEN_TOKYO,
        "key cisco address 172.16|.5.2",
        /No crypto map peer or tunnel destination/,
      );
      checkHover(
        corpus("cfg_batfish_ios-crypto.cfg"),
        "address 1.1.1.1 255.255.2|55.0",
        [/\/24/, /peers in 1\.1\.1\.1 mask 255\.255\.255\.0/],
      );
    });
  });

  describe("IKEv2 sections", () => {
    const config = wrap(
      [
        "crypto ikev2 proposal P",
        " encryption aes-cbc-256 3des",
        " group 14 2",
        "crypto ikev2 keyring KR",
        " peer OSAKA",
        "  pre-shared-key local cisco",
      ].join("\n"),
    );

    it("explains each algorithm of a proposal line, the one under the cursor", () => {
      checkHover(config, "encryption aes-cb|c-256", [
        /\*\*aes-cbc-256\*\*/,
        /strong/,
      ]);
      checkHover(config, "aes-cbc-256 3d|es", [/\*\*3des\*\*/, /weak/]);
      checkHover(config, "group 14 |2", [/\*\*2\*\*/, /1024/]);
    });

    it("names an IKEv2 key's role and keeps it masked", () => {
      const markdown = checkHover(config, "pre-shared-key local ci|sco", [
        /IKEv2 pre-shared key\*\* of peer OSAKA in keyring KR/,
        /signs its AUTH payload/,
        /`pre-shared-key remote`/,
      ]);
      assert.doesNotMatch(markdown, /cisco/);
    });

    it("says which of the config's IKEv2 peers a policy serves", () => {
      const fixture = (name: string) =>
        readFileSync(
          join(__dirname, "../../../fixtures/peers/ikev2", name, "tokyo.ios"),
          "utf8",
        );
      checkHover(fixture("working"), "crypto ikev2 policy POL-TO|KYO", [
        /- front-door VRF: global/,
        /- used for: crypto map mjlnetmap 10 \(172\.16\.6\.2\)/,
      ]);
      // Its WAN interface moved into VRF INET, the policy serves no peer any more.
      checkHover(fixture("policy-fvrf"), "crypto ikev2 policy POL-TO|KYO", [
        /- used for: none of this config's IKEv2 peers/,
      ]);
    });

    it("says on a proposal's name what keeps IOS from using it, and nothing of a complete one", () => {
      const markdown = checkHover(config, "crypto ikev2 proposal |P", [
        /- integrity: ⚠ none/,
        /⚠ Incomplete: it has no `integrity` line, which a CBC cipher needs\. IOS neither offers nor accepts it/,
      ]);
      assert.doesNotMatch(markdown, /AEAD cipher/);
      const gcm = wrap(
        "crypto ikev2 proposal G\n encryption aes-gcm-256\n prf sha384\n group 19",
      );
      assert.doesNotMatch(
        checkHover(
          gcm,
          "crypto ikev2 proposal |G",
          /- integrity: none \(AEAD cipher\)/,
        ),
        /Incomplete/,
      );
      checkHover(
        wrap("crypto ikev2 proposal G\n encryption aes-gcm-256"),
        "encryption aes-gcm-2|56",
        /takes a prf and no integrity/,
      );
    });

    it("explains the commands of a keyring peer", () => {
      checkHover(config, "pre-shared-key lo|cal", [
        /pre-shared-key local <key>/,
        /signs with/,
      ]);
    });
  });

  describe("the lines around a VPN", () => {
    const fixture = (path: string): string =>
      readFileSync(join(__dirname, "../../../fixtures", path), "utf8");
    const HUB = fixture("peers/dmvpn-phase3/hub.ios");
    const CERT = fixture("peers/ikev2/certificate-map/hq.ios");

    it("explains a line's `no`, then the command it negates", () => {
      checkHover(wrap("no crypto isakmp"), "n|o crypto isakmp", [
        /^\*\*no\*\* negates the command that follows/,
        /IKEv1 is turned off/,
      ]);
      checkHover(wrap("interface Gi0/0\n no shutdown"), " n|o shutdown", [
        /^\*\*no\*\* negates/,
        /`shutdown`/,
      ]);
      // The spaces around it are not the word.
      checkHover(wrap("interface Gi0/0\n no shutdown"), "| no shutdown", null);
    });

    it("explains routing processes, their networks and the hub's tunnel lines", () => {
      checkHover(HUB, "router ei|grp 10", /EIGRP/);
      checkHover(HUB, " net|work 10.0.0.0", /wildcard/);
      checkHover(HUB, " network 10.0.0.0 0.0.0.2|55", [
        /10\.0\.0\.0\/24/,
        /Interfaces it takes in: GigabitEthernet0\/2/,
      ]);
      checkHover(HUB, " network 172.16.0.0 0.0.0.2|55", [
        /Interfaces it takes in: Tunnel0/,
      ]);
      checkHover(HUB, " no ip redi|rects", /ICMP redirects/);
      checkHover(HUB, " descri|ption DMVPN cloud", /A comment/);
      checkHover(
        wrap("router eigrp 1\n network 10.0.0.0\n no auto-summary"),
        " no auto-summ|ary",
        /classful boundary/,
      );
    });

    it("explains a trustpoint's key pair and enrolment URL, and a certificate map's value", () => {
      checkHover(CERT, " rsakey|pair HQ-KEYS", /RSA key pair/);
      checkHover(CERT, "enrollment url http://192.0.2.1|00", /SCEP/);
      checkHover(
        CERT,
        " subject-name co ou = v|pn",
        /subject of the peer's certificate/,
      );
    });

    it("explains a pre-shared key line written with its type, the key masked", () => {
      const config = wrap(
        "crypto isakmp key 6 FLFE]YbIDXHIKcEhHYf address 192.0.2.2",
      );
      checkHover(
        config,
        "cry|pto isakmp key 6",
        /pre-shared key for peers at this address/,
      );
      checkHover(config, "192.0.2.2|", /./);
      const address = checkHover(config, "FLFE]YbIDXHIKcEhHYf addr|ess", /./);
      assert.doesNotMatch(address, /FLFE/);
      const key = checkHover(config, "FLFE]Yb|IDXHIKcEhHYf", /\*\*\*\*\*/);
      assert.doesNotMatch(key, /FLFE/);
    });
  });

  describe("transforms, PFS and lifetimes", () => {
    const transforms: [string, RegExp[]][] = [
      ["esp-d|es", [/DES-CBC, 56-bit/, /broken/]],
      ["esp-3d|es", [/Triple DES/, /legacy/]],
      ["esp-a|es 256", [/AES-CBC/, /256-bit key/, /strong/]],
      ["esp-md5-hm|ac", [/HMAC-MD5/, /integrity/, /weak/]],
      ["esp-sha-hm|ac", [/HMAC-SHA-1/]],
      ["esp-sha256-hm|ac", [/HMAC-SHA-256/, /strong/]],
      [
        "esp-gc|m",
        [
          /AES-GCM/,
          /no separate integrity transform/,
          /128-bit key \(default\)/,
        ],
      ],
      ["ah-sha-hm|ac", [/AH/, /outer IP header/, /NAT/]],
      ["comp-l|zs", [/compress/]],
    ];
    for (const [fragment, expected] of transforms) {
      it(`explains ${fragment.replace("|", "")}`, () => {
        const config = wrap(
          "crypto ipsec transform-set A esp-des esp-md5-hmac\ncrypto ipsec transform-set B esp-3des esp-sha-hmac\ncrypto ipsec transform-set C esp-aes 256 esp-sha256-hmac comp-lzs\ncrypto ipsec transform-set D esp-gcm\ncrypto ipsec transform-set E ah-sha-hmac",
        );
        checkHover(config, fragment, expected);
      });
    }

    it("says whether an ESP cipher has an integrity transform beside it in its set", () => {
      const config = wrap(
        "crypto ipsec transform-set A esp-aes 256 esp-sha-hmac\ncrypto ipsec transform-set B esp-aes\ncrypto ipsec transform-set C esp-null esp-sha256-hmac",
      );
      const withIntegrity = checkHover(config, "A esp-a|es", [
        /Integrity: from esp-sha-hmac, beside it in the set/,
      ]);
      assert.doesNotMatch(withIntegrity, /no integrity transform/);
      checkHover(config, "B esp-a|es", [
        /⚠ The set has no integrity transform/,
        /esp-sha256-hmac/,
      ]);
      const nullCipher = checkHover(config, "C esp-nu|ll", [
        /Protects nothing by itself: the traffic crosses in clear text inside ESP/,
        /Integrity: from esp-sha256-hmac/,
      ]);
      assert.doesNotMatch(nullCipher, /Protects nothing is/);
    });

    it("says a policy line IOS refuses keeps the default", () => {
      checkHover(
        wrap("crypto isakmp policy 10\n encryption aes-256\n hash sha-256"),
        "aes-2|56",
        /⚠ IOS refuses `aes-256` \(it writes `aes 256`\).*keeps `des`/,
      );
    });

    it("says an IKEv2 proposal line IOS refuses leaves the proposal incomplete", () => {
      checkHover(
        wrap(
          "crypto ikev2 proposal P\n encryption aes-256\n integrity sha256\n group 19",
        ),
        "aes-2|56",
        /^\*\*encryption\*\* \(IKEv2 proposal P\)\n\n⚠ IOS refuses `aes-256` \(it writes `aes-cbc-256`\): it takes aes-cbc-256, .*\. The line is not configured, and the proposal is incomplete: its `encryption aes-256` line is one IOS refuses, so it has no encryption\.$/,
      );
    });

    it("names the IOS spelling of another platform's transform", () => {
      checkHover(
        wrap("crypto ipsec transform-set ASA esp-aes-256 esp-sha256"),
        "esp-aes-2|56",
        /`esp-aes-256` is not an IOS transform: IOS writes `esp-aes 256`/,
      );
      checkHover(
        wrap("crypto ipsec transform-set ASA esp-aes-256 esp-sha256"),
        "esp-sha2|56",
        /IOS writes `esp-sha256-hmac`/,
      );
    });

    it("covers a transform and its key size with one range", () => {
      const config = wrap(
        "crypto ipsec transform-set C esp-aes 256 esp-sha256-hmac",
      );
      const model = parseConfig(config);
      const at = cursorIn(config, "esp-aes 2|56");
      const hover = configHover(model, at, DEFAULT_ANALYSIS_SETTINGS);
      assert.ok(hover);
      assert.equal(
        config
          .split("\n")
          [at.line]!.slice(
            hover.range.start.character,
            hover.range.end.character,
          ),
        "esp-aes 256",
      );
    });

    it("explains the DH group of PFS", () => {
      checkHover(
        corpus("cfg_batfish_ios-crypto-map.cfg"),
        " set pfs group1|4",
        [
          /Diffie-Hellman group 14/,
          /2048-bit MODP/,
          /fresh Diffie-Hellman exchange/,
        ],
      );
      checkHover(corpus("cfg_batfish_ios-crypto-map.cfg"), " set pfs group|2", [
        /1024-bit/,
        /weak/,
        /Prefer group 19/,
      ]);
    });

    it("puts lifetimes in human units", () => {
      const config = wrap(
        "crypto ipsec security-association lifetime seconds 86400\ncrypto map M 10 ipsec-isakmp\n set security-association lifetime kilobytes 4608000\n set security-association lifetime seconds 3600",
      );
      checkHover(config, "lifetime seconds 864|00", [/24 h/, /Global/]);
      checkHover(config, "lifetime kilobytes 46|08000", [
        /4,608,000 KB/,
        /4\.4 GB/,
        /the IOS default/,
      ]);
      checkHover(config, " set security-association lifetime seconds 36|00", [
        /1 h/,
        /the IOS default/,
      ]);
    });
  });

  describe("disabled volume lifetimes", () => {
    const config = wrap(
      [
        "crypto ipsec security-association lifetime kilobytes disable",
        "crypto map M 10 ipsec-isakmp",
        " set peer 192.0.2.1",
        "crypto map M 20 ipsec-isakmp",
        " set peer 192.0.2.2",
        " set security-association lifetime kilobytes 102400",
        "crypto map N 10 ipsec-isakmp",
        " set peer 192.0.2.3",
        " set security-association lifetime seconds 1800",
        " set security-association lifetime kilobytes disable",
        "crypto ipsec profile P",
        " set security-association lifetime kilobytes disable",
        "interface Tunnel1",
        " tunnel protection ipsec profile P",
      ].join("\n"),
    );

    it("explains `kilobytes disable` where it is written, globally and per entry or profile", () => {
      checkHover(
        config,
        "crypto ipsec security-association lifetime kilobytes dis|able",
        [
          /^\*\*No volume lifetime\*\*: the SAs are not rekeyed after an amount of traffic, only when their time lifetime runs out \(IOS's default volume is 4,608,000 KB ≈ 4\.4 GB\)/,
          /Global IPsec SA lifetime/,
        ],
      );
      checkHover(
        config,
        "crypto ipsec security-association lifetime kilo|bytes disable",
        /Turns the volume lifetime off for every crypto map entry and IPsec profile that sets none of its own/,
      );
      checkHover(
        config,
        " set security-association lifetime kilobytes dis|able",
        [/^\*\*No volume lifetime\*\*/, /overrides the global one/],
      );
      checkHover(
        config,
        " set security-association lifetime kilo|bytes disable",
        /Turns the volume lifetime off for this entry's SAs, whatever the global lifetime says/,
      );
      checkHover(
        wrap(
          "crypto ipsec profile P\n set security-association lifetime kilobytes disable",
        ),
        " set security-association lifetime kilo|bytes disable",
        /Turns the volume lifetime off for the tunnel's SAs/,
      );
    });

    it("gives each entry and profile the volume lifetime it runs with, the entry's own overriding the global one", () => {
      // The global `disable` applies where the entry writes no volume lifetime.
      checkHover(config, "crypto map M 1|0", [
        /- SA lifetime: 3600 s = 1 h \(default\), no volume lifetime \(kilobytes disable: rekeys on time only\) \(global\)/,
      ]);
      checkHover(config, "crypto map M 2|0", [
        /- SA lifetime: 3600 s = 1 h \(default\), 102400 KB ≈ 100 MB$/m,
      ]);
      checkHover(config, "crypto map N 1|0", [
        /- SA lifetime: 1800 s = 30 min, no volume lifetime \(kilobytes disable: rekeys on time only\)$/m,
      ]);
      checkHover(config, "crypto ipsec profile |P", [
        /- SA lifetime: 3600 s = 1 h \(default\), no volume lifetime \(kilobytes disable: rekeys on time only\)$/m,
      ]);
      // A `kilobytes disable` on the entry overrides a global number.
      checkHover(
        wrap(
          "crypto ipsec security-association lifetime kilobytes 102400\ncrypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set security-association lifetime kilobytes disable",
        ),
        "crypto map M 1|0",
        /- SA lifetime: 3600 s = 1 h \(default\), no volume lifetime \(kilobytes disable: rekeys on time only\)$/m,
      );
    });
  });

  describe("named objects", () => {
    it("shows a crypto map's entries and interfaces where it is defined and applied", () => {
      const expected = [
        /crypto map mjlnetmap/,
        /\| 10 \| ipsec-isakmp \| 172\.16\.6\.2 \| 101 \| mjlnet \|/,
        /Applied to \*\*Serial4\/0\*\*/,
      ];
      checkHover(TOKYO, "crypto map mjlnet|map 10", expected);
      checkHover(TOKYO, " crypto map mjlnet|map", expected);
      checkHover(
        wrap("crypto map LONELY 10 ipsec-isakmp\n set peer 1.1.1.1"),
        "crypto map LON|ELY",
        /Applied to no interface/,
      );
    });

    it("shows a crypto map entry with its effective lifetimes", () => {
      checkHover(TOKYO, "crypto map mjlnetmap 1|0", [
        /mjlnetmap 10/,
        /peer: 172\.16\.6\.2/,
        /3600 s = 1 h \(default\)/,
        /4608000 KB ≈ 4\.4 GB \(default\)/,
      ]);
    });

    it("writes IPv6 tunnel ends, keys and keyring peers as IOS prints them", () => {
      const branch = readFileSync(
        join(__dirname, "../../../fixtures/peers/ipv6-vti/branch.ios"),
        "utf8",
      );
      checkHover(branch, "interface Tunn|el0", [
        /tunnel source GigabitEthernet0\/0/,
        /tunnel destination 2001:DB8:0:1::1/,
      ]);
      checkHover(
        branch,
        " keyring local KR|-V6",
        /peer HQ \(2001:DB8:0:1::1\/128\)/,
      );
      const keys = readFileSync(
        join(__dirname, "../../../fixtures/configs/ipv6-isakmp-keys.ios"),
        "utf8",
      );
      checkHover(
        keys,
        "interface Tunnel|0",
        /tunnel destination 2001:DB8:0:2::1/,
      );
      // The IPv6 commands explain themselves; an IPv6 key is not read as an IPv4 one.
      checkHover(keys, "crypto isakmp k|ey Edge6Key", [
        /address ipv6 <ipv6-prefix>/,
        /IPv4 keys never answer an IPv6 peer/,
      ]);
      checkHover(keys, " tunnel mode ipsec ip|v6", /a VTI over IPv6/);
      const filter = readFileSync(
        join(__dirname, "../../../fixtures/configs/ipv6-traffic-filter.ios"),
        "utf8",
      );
      checkHover(
        filter,
        " ipv6 traffic-fil|ter WAN-IN in",
        /must permit UDP 500 \(IKE\) and ESP/,
      );
      checkHover(filter, "ipv6 ro|ute ::/0", /holds its `tunnel destination`/);
      checkHover(filter, "ipv6 access-l|ist WAN-IN", /implicit deny/);
      checkHover(filter, " ipv6 traffic-filter WAN-|IN in", [
        /\*\*ipv6 access-list WAN-IN\*\*: 3 entries, then the implicit deny/,
        /2\. `deny esp any any`/,
        /Used by:/,
      ]);
    });

    it("shows IPv6 crypto maps, their entries with their IPv6 ACL, and where they are applied", () => {
      const hq = readFileSync(
        join(__dirname, "../../../fixtures/peers/ipv6-crypto-map/hq.ios"),
        "utf8",
      );
      checkHover(hq, "crypto map ipv6 BRANCH-V6 1|0", [
        /\*\*crypto map ipv6 BRANCH-V6 10\*\* \(ipsec-isakmp\)/,
        /peer: 2001:DB8:FFFF:1::2/,
        /match address: ipv6 access-list BRANCH-V6-TRAFFIC \(permit 2001:DB8:10::\/48 → 2001:DB8:20::\/48\)/,
      ]);
      checkHover(hq, " ipv6 crypto map BRANCH-|V6", [
        /\*\*crypto map ipv6 BRANCH-V6\*\*: 1 entry/,
        /Applied to \*\*GigabitEthernet0\/0\*\* \(`ipv6 crypto map`\)/,
      ]);
      checkHover(hq, "interface GigabitEthernet|0/0", [
        /- crypto map BRANCH-V4\n- IPv6 crypto map BRANCH-V6/,
      ]);
    });

    it("shows transform sets, profiles and keyrings where they are used", () => {
      checkHover(TOKYO, " set transform-set mjl|net", [
        /transform set mjlnet/,
        /esp-des/,
        /broken/,
        /tunnel mode/,
      ]);
      const cm = corpus("cfg_batfish_ios-crypto-map.cfg");
      checkHover(cm, " set isakmp-profile ISAKMP-PRO|FILE", [
        /isakmp profile ISAKMP-PROFILE\*\*/,
        /keyrings: KEYRING/,
        /1\.2\.3\.4/,
      ]);
      checkHover(cm, "   keyring KEY|RING_MATCHED", [
        /keyring KEYRING_MATCHED/,
        /3\.4\.5\.6: `\*\*\*\*\*`/,
      ]);
      checkHover(cm, "tunnel protection ipsec profile IPSEC-PRO|FILE1", [
        /ipsec profile IPSEC-PROFILE1/,
        /ts1, ts2/,
        /group14/,
        /Tunnel1/,
      ]);
      checkHover(cm, "crypto dynamic-map mydyn|amicmap 5", [
        /dynamic map mydynamicmap/,
        /mymap 30/,
      ]);
      checkHover(
        wrap("crypto map M 10 ipsec-isakmp\n match address NOPE"),
        "NO|PE",
        /not defined in this config/,
      );
    });

    it("shows an interface's addresses and what is applied to it", () => {
      const config = wrap(
        "interface GigabitEthernet0/1\n ip address 203.0.113.2 255.255.255.252\n ip address 203.0.113.9 255.255.255.248 secondary\n ip access-group OUTSIDE-IN in\n ip nat outside\n crypto map VPN\nip access-list extended OUTSIDE-IN\n permit esp any any\ncrypto map VPN 10 ipsec-isakmp\n set peer 198.51.100.1\nip route 0.0.0.0 0.0.0.0 203.0.113.1",
      );
      checkHover(config, "interface Gigabit|Ethernet0/1", [
        /203\.0\.113\.2 on 203\.0\.113\.0\/30/,
        /secondary address 203\.0\.113\.9/,
        /crypto map VPN/,
        /OUTSIDE-IN filters inbound/,
        /NAT outside/,
        /198\.51\.100\.1 \(VPN 10\)/,
      ]);
      checkHover(TOKYO, "int|erface Serial4/0", /crypto map mjlnetmap/);
    });

    it("recognises an interface written in another form", () => {
      const config = wrap(
        "interface FastEthernet0/0\n ip address 10.0.0.1 255.255.255.0\nip route 10.9.0.0 255.255.0.0 Fa0/0",
      );
      checkHover(config, "255.255.0.0 Fa|0/0", /interface FastEthernet0\/0/);
    });
  });

  describe("DMVPN tunnels", () => {
    const dmvpn = (name: string) =>
      readFileSync(
        join(__dirname, "..", "..", "..", "fixtures", "peers", "dmvpn", name),
        "utf8",
      );

    it("says what a multipoint tunnel is in its cloud: a hub, or a spoke and its hubs", () => {
      checkHover(dmvpn("hub.ios"), "interface Tun|nel0", [
        /tunnel key 100/,
        /DMVPN hub: spokes register to it from any address/,
      ]);
      checkHover(dmvpn("spoke1.ios"), "interface Tun|nel0", [
        /DMVPN spoke: registers to 172\.16\.0\.1 at 203\.0\.113\.1/,
      ]);
      checkHover(dmvpn("spoke2.ios"), "interface Tun|nel0", [
        /DMVPN spoke: registers to 172\.16\.0\.1 at 203\.0\.113\.1/,
      ]);
    });

    it("counts a spoke's hub and a hub's registering spokes among the peers a key covers", () => {
      checkHover(dmvpn("spoke1.ios"), "address 0.0.|0.0 0.0.0.0", [
        /203\.0\.113\.1 \(Tunnel0, NHRP\)/,
      ]);
      checkHover(dmvpn("hub.ios"), "address 0.0.|0.0 0.0.0.0", [
        /the spokes that register to Tunnel0/,
      ]);
    });
  });

  describe("secrets", () => {
    it("masks keys unless revealSecrets is set, and explains the key type", () => {
      const md = checkHover(TOKYO, "key ci|sco address", [
        /Pre-shared key/,
        /\*\*\*\*\*/,
        /type 0, clear text/,
        /revealSecrets/,
        // service password-encryption does not hide pre-shared keys.
        /leaves pre-shared keys in clear/,
      ]);
      assert.doesNotMatch(md, /cisco/);
      checkHover(TOKYO, "key ci|sco address", /`cisco`/, REVEAL);
      const typed = wrap(
        "crypto isakmp key 7 0822455D0A16 address 10.0.0.2\ncrypto isakmp key 6 FLgBaJHXdYY_AcHZZ address 10.0.0.3",
      );
      const seven = checkHover(typed, "key 7 0822|455D0A16", [
        /type 7/,
        /anyone can decode it/,
      ]);
      assert.doesNotMatch(seven, /0822455D0A16|cisco/);
      checkHover(typed, "key 7 0822|455D0A16", /decodes to `cisco`/, REVEAL);
      checkHover(typed, "key |6 FLg", [/Key type 6/, /master key/]);
      checkHover(typed, "key 6 FLg|BaJ", /cannot be read or compared/);
    });

    it("never shows a key in the hover of another token", () => {
      const config = corpus("cfg_batfish_aws-cisco_host.cfg");
      const model = parseConfig(config);
      const lines = config.split(/\r\n|\r|\n/);
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character++) {
          const md =
            configHover(model, { line, character }, DEFAULT_ANALYSIS_SETTINGS)
              ?.markdown ?? "";
          assert.doesNotMatch(
            md,
            /abcdefghijklmnop/,
            `line ${line + 1}:${character}`,
          );
        }
      }
    });
  });

  describe("robustness", () => {
    it("says nothing on tokens that are not crypto-related or not words", () => {
      checkHover(TOKYO, " dup|lex auto", null);
      checkHover(TOKYO, "line v|ty 0 4", null);
      checkHover(TOKYO, "|!", null);
    });

    it("explains lines that turn crypto features off", () => {
      checkHover(
        wrap("no crypto isakmp"),
        "no crypto isa|kmp",
        /IKEv1 is turned off/,
      );
      checkHover(
        wrap("no crypto ipsec nat-transparency udp-encapsulation"),
        "udp-encaps|ulation",
        /NAT traversal is turned off/,
      );
    });

    it("explains keywords of known commands", () => {
      checkHover(TOKYO, " set pe|er 172.16.6.2", [
        /set peer <peer-address>/,
        /backups/,
      ]);
      checkHover(
        wrap("crypto isakmp keepalive 10 10"),
        "crypto isakmp keep|alive",
        /Dead peer detection/,
      );
      checkHover(
        wrap("crypto isakmp keepalive 10 3 periodic"),
        "crypto isakmp keepalive 10 3 peri|odic",
        /`periodic` sends the probes at every interval/,
      );
      checkHover(
        wrap("crypto isakmp invalid-spi-recovery"),
        "crypto isakmp invalid-spi-rec|overy",
        /stale SA/,
      );
      checkHover(
        wrap(
          "crypto map M 10 ipsec-isakmp\n set security-association replay window-size 256",
        ),
        " set security-association replay win|dow-size 256",
        /in place of the global/,
      );
      checkHover(
        wrap(
          "ip access-list extended X\n remark traffic to the branch offices",
        ),
        " rem|ark traffic",
        /A comment kept with the ACL/,
      );
      checkHover(
        wrap("crypto ikev2 profile P\n dpd 10 3 periodic"),
        " dp|d 10 3 periodic",
        /in place of the global `crypto ikev2 dpd`/,
      );
      checkHover(
        wrap("crypto ikev2 dpd 10 3 on-demand"),
        "crypto ikev2 dp|d",
        /whose profile has no `dpd` of its own/,
      );
      checkHover(
        wrap(
          "crypto ipsec profile P\n set security-association replay disable",
        ),
        " set security-association replay dis|able",
        /off for the tunnel's SAs only/,
      );
      checkHover(
        wrap("interface Tunnel0\n tunnel mode ipsec ipv4"),
        " tunnel mode ipsec ip|v4",
        /virtual tunnel interface/,
      );
    });

    it("explains the commands that debugging, identities and front-door VRFs depend on", () => {
      checkHover(TOKYO, "service timestamps de|bug datetime msec", [
        /millisecond/,
        /lined up/,
      ]);
      checkHover(
        wrap("service timestamps debug uptime"),
        "service timestamps debug up|time",
        /since the router booted/,
      );
      checkHover(TOKYO, "host|name Tokyo", /crypto isakmp identity hostname/);
      const byName = wrap(
        "crypto isakmp identity hostname\ncrypto isakmp profile P\n self-identity fqdn\n match identity host r1.example.com\n match identity host domain example.com",
      );
      checkHover(byName, "crypto isakmp ident|ity hostname", [
        /`address` is the default/,
        /host name alone without a domain/,
      ]);
      checkHover(byName, " self-ident|ity fqdn", /in place of the global/);
      checkHover(byName, " match identity ho|st r1.example.com", [
        /case-insensitively/,
        /never matches/,
      ]);
      checkHover(
        byName,
        " match identity host dom|ain example.com",
        /a fully qualified name in this domain/,
      );
      checkHover(TOKYO, "ver|sion 12.3", /need IOS 15/);
      checkHover(TOKYO, "service password-encr|yption", /type 6, AES/);
      checkHover(
        TOKYO,
        "Building config|uration...",
        /leaves out every command at its default/,
      );
      checkHover(TOKYO, "clock time|zone GMT 0", /Certificates are checked/);
      const fvrf = wrap(
        "crypto isakmp profile P\n vrf INET\nip vrf INET\ninterface Gi0/0\n ip vrf forwarding INET\n crypto map M",
      );
      checkHover(fvrf, " ip vrf forw|arding INET", [
        /front-door VRF/,
        /crypto keyring <name> vrf <vrf>/,
      ]);
      checkHover(fvrf, " v|rf INET", /inside VRF/);
      checkHover(
        wrap(
          "crypto isakmp profile P\n match identity address 198.51.100.2 255.255.255.255 INET",
        ),
        " match ident|ity address",
        [
          /front-door VRF named last/,
          /except `0\.0\.0\.0`, which matches every peer/,
        ],
      );
      checkHover(
        wrap(
          "crypto map M 10 ipsec-isakmp\n set isakmp-profile P\ncrypto isakmp profile P\n match identity address 198.51.100.2",
        ),
        " set isakmp-pro|file P",
        /must select the same profile by its `match identity address`/,
      );
      const bgp = wrap(
        "router bgp 65001\n neighbor 169.254.10.1 remote-as 64512",
      );
      checkHover(bgp, "router b|gp 65001", /come up only once the tunnels do/);
      checkHover(
        bgp,
        " neighbor 169.254.10.1 remote-a|s",
        /peer's address inside the tunnel/,
      );
      checkHover(
        wrap("end"),
        "e|nd",
        /stops reading a saved configuration here/,
      );
      checkHover(
        wrap("crypto ikev2 profile V2\n match fvrf INET"),
        " match f|vrf INET",
        /serves only the global table, so a tunnel whose `tunnel vrf` is a VRF finds no profile/,
      );
      const tuning = wrap(
        "crypto ipsec security-association replay window-size 128\ncrypto ipsec security-association lifetime seconds 28800\ninterface Tunnel1\n ip mtu 1400\n ip tcp adjust-mss 1360",
      );
      checkHover(tuning, "replay win|dow-size", /anti-replay window/);
      checkHover(
        wrap("interface Tunnel1\n tunnel source Gi0/0\n tunnel vrf INET"),
        " tunnel v|rf INET",
        /front-door VRF[\s\S]*VRF of the `tunnel source` interface/,
      );
      checkHover(tuning, " ip tcp adj|ust-mss", /stall through the tunnel/);
      checkHover(tuning, " ip m|tu 1400", /room for the encapsulation/);
      checkHover(fvrf, "ip v|rf INET", /routing table of its own/);
    });

    it("never throws at any position of any fixture, truncated lines included", function () {
      this.timeout(60000);
      const fixtures = allConfigs();
      fixtures.push({
        name: "truncated",
        text: [
          "crypto map",
          "crypto map M",
          "crypto map M 10",
          "crypto map M x ipsec-isakmp",
          " set peer",
          " set pfs",
          " set security-association lifetime seconds",
          "crypto isakmp policy",
          "crypto isakmp policy 1",
          " encryption",
          " group",
          " lifetime x",
          "crypto isakmp key",
          "crypto isakmp key 7",
          "crypto isakmp key k address",
          "crypto ipsec transform-set",
          "crypto ipsec transform-set T esp-aes 999 bogus",
          "access-list 101 permit",
          "access-list 101 permit ip 10.0.0.1",
          "access-list 101 permit tcp any any eq",
          "ip access-list extended",
          "ip route 1.1.1.1",
          "ip route 0.0.0.0 0.0.0.0 10.9.9.9",
          "ip route 10.9.9.0 255.255.255.0 10.8.8.8",
          "ip route 10.8.8.0 255.255.255.0 10.9.9.9",
          "interface",
          " ip address 1.2.3.4",
          " tunnel destination",
          "crypto keyring",
          "crypto keyring R",
          " pre-shared-key address",
          " pre-shared-key address 1.1.1.1 key",
          " local-address",
          "\u00a0crypto\u00a0map weird",
        ].join("\n"),
      });
      for (const { name, text } of fixtures) {
        for (const settings of [DEFAULT_ANALYSIS_SETTINGS, REVEAL]) {
          const model = parseConfig(text);
          const lines = text.split(/\r\n|\r|\n/);
          for (let line = 0; line <= lines.length; line++) {
            const width = (lines[line] ?? "").length;
            for (let character = 0; character <= width + 1; character++) {
              try {
                configHover(model, { line, character }, settings);
              } catch (error) {
                assert.fail(
                  `${name} ${line + 1}:${character}: ${String(error)}`,
                );
              }
            }
          }
        }
      }
    });

    it("follows a routing loop without hanging", () => {
      const config = wrap(
        "ip route 10.9.9.0 255.255.255.0 10.8.8.8\nip route 10.8.8.0 255.255.255.0 10.9.9.9\ncrypto map M 10 ipsec-isakmp\n set peer 10.9.9.1",
      );
      checkHover(
        config,
        " set peer 10.9|.9.1",
        /not installed: no route that is up reaches its next hop/,
      );
    });
  });

  it("describes IOS's own `default` IPsec profile and transform set where the config writes none", () => {
    const config = [
      "crypto ipsec profile P",
      " set transform-set default",
      "interface Tunnel0",
      " tunnel protection ipsec profile default",
      "",
    ].join("\n");
    checkHover(config, "ipsec profile def|ault", [
      /^\*\*ipsec profile default\*\*: IOS's own \(IKEv2 smart defaults\)/,
      /IKEv2 profile named `default`/,
    ]);
    checkHover(config, "set transform-set def|ault", [
      /^\*\*transform set default\*\*: IOS's own \(IKEv2 smart defaults\): esp-aes esp-sha-hmac/,
    ]);
    checkHover(
      config.replace("profile default", "profile other"),
      "ipsec profile oth|er",
      /is not defined in this config/,
    );
  });
});

describe("config hover: a profile selected by certificate", () => {
  const flex = readFileSync(
    join(__dirname, "../../../fixtures/configs/flexvpn-certificate-server.ios"),
    "utf8",
  );

  it("says an IKEv2 profile with match certificate matches the certificates its map accepts", () => {
    const text = configHoverAt(flex, "crypto ikev2 profile FLEX-P|ROF");
    assert.match(
      text,
      /matches peers: peers whose certificate certificate map CERTMAP accepts: subject-name contains "cn = spoke"/,
    );
    assert.doesNotMatch(text, /no peer selects this profile/);
  });

  it("says so for an isakmp profile too, and warns when the map is not defined", () => {
    const isakmp = flex.replace(
      "crypto ipsec profile FLEX-IPSEC",
      "crypto isakmp profile IKP\n match certificate CERTMAP\n match certificate NOMAP\n!\ncrypto ipsec profile FLEX-IPSEC",
    );
    const text = configHoverAt(isakmp, "crypto isakmp profile I|KP");
    assert.match(
      text,
      /certificate map CERTMAP accepts: subject-name contains/,
    );
    assert.match(text, /certificate map NOMAP accepts \(⚠ not defined/);
    assert.doesNotMatch(text, /no peer selects this profile/);
  });
});

describe("config hover: an IKEv1 dynamic VTI's virtual-template", () => {
  it("explains the isakmp profile's virtual-template line", () => {
    const hub = peerFixture("dvti-ikev1", "hub.ios");
    assert.match(
      configHoverAt(hub, " virtual-te|mplate 1"),
      /IKEv1 dynamic VTI: the Virtual-Template IOS clones/,
    );
  });
});

describe("config hover: a FlexVPN client", () => {
  const spoke = peerFixture("flexvpn-client", "spoke.ios");

  it("explains tunnel destination dynamic and the client's lines", () => {
    assert.match(
      configHoverAt(spoke, " tunnel destination dyn|amic"),
      /A FlexVPN client's tunnel: the peer is the first `peer`/,
    );
    assert.match(
      configHoverAt(spoke, "  client con|nect Tunnel0"),
      /The tunnel interface whose destination this client sets/,
    );
    assert.match(
      configHoverAt(spoke, "  pe|er 1 203.0.113.1"),
      /A hub of this client, tried in sequence order/,
    );
  });
});

describe("config hover: ip host", () => {
  it("says what a static host entry does for keys by host name", () => {
    assert.match(
      configHoverAt("ip host Osaka.lens.lab 172.16.6.2\n", "ip ho|st Osaka"),
      /A pre-shared key by host name .* covers a peer only at the address its name resolves to/,
    );
  });
});
