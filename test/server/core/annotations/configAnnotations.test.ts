import * as assert from "node:assert/strict";
import { annotations } from "../../../../server/src/core/annotations";
import { configAnnotations } from "../../../../server/src/core/annotations/configAnnotations";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { parseDocument } from "../../../../server/src/core/languageService";
import { analyse, fixture, peerFixture } from "../../../support/configAnalysis";
import { allConfigs, example } from "../../../support/configFixtures";

/**
 * The IOS defaults a config leaves unwritten, shown where their line would be: what the user sees
 * is each hint's line (1-based, as the editor numbers it), its text and the label at its end.
 */

const SILENT = fixture("silent-defaults.ios");

/** The hints of a config as `["LINE: text", label]`, each checked to sit at its line's end. */
function hints(text: string): [string, string][] {
  const lines = text.split(/\r\n|\r|\n/);
  return configAnnotations(parseConfig(text)).map((a) => {
    const line = lines[a.position.line]!;
    assert.equal(a.placement, "inlay");
    assert.equal(
      a.position.character,
      line.trimEnd().length,
      `the hint "${a.label}" sits at the end of line ${a.position.line + 1}`,
    );
    return [`${a.position.line + 1}: ${line.trim()}`, a.label];
  });
}

/** The tooltip of the hint `label` at the end of the line whose text (trimmed) is `on`. */
function tooltip(text: string, on: string, label: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const found = configAnnotations(parseConfig(text)).filter(
    (a) => lines[a.position.line]!.trim() === on && a.label === label,
  );
  assert.equal(found.length, 1, `one hint "${label}" on "${on}"`);
  return found[0]!.tooltip!;
}

/** A small config around some lines. */
const wrap = (...body: string[]): string =>
  ["version 15.4", "hostname R1", "!", ...body, "!", "end", ""].join("\n");

describe("config annotations: the IOS defaults a config leaves unwritten", () => {
  it("shows each default at the end of its section's first line, and only what is not written", () => {
    assert.deepEqual(hints(SILENT), [
      ["6: crypto isakmp policy 10", "hash sha"],
      ["6: crypto isakmp policy 10", "group 1"],
      ["6: crypto isakmp policy 10", "lifetime 86400"],
      // Policy 20 writes every attribute: no hint.
      ["17: crypto isakmp profile BRANCHES", "no DPD"],
      ["21: crypto ikev2 proposal P-CBC", "prf sha256"],
      // P-GCM is AEAD and writes its prf; V2-PARTNER writes its lifetime and dpd.
      ["30: crypto ikev2 profile V2-SPOKES", "lifetime 86400"],
      ["30: crypto ikev2 profile V2-SPOKES", "no DPD"],
      [
        "45: crypto ipsec transform-set TS-TUNNEL esp-aes 256 esp-sha256-hmac",
        "mode tunnel",
      ],
      // Its own kilobytes and PFS; the seconds are the global command's.
      ["49: crypto ipsec profile GRE-PROTECT", "global lifetime 28800 s"],
      [
        "54: crypto dynamic-map DYN 10",
        "lifetime 28800 s (global) / 4608000 KB",
      ],
      ["54: crypto dynamic-map DYN 10", "no PFS"],
      [
        "57: crypto map VPN 10 ipsec-isakmp",
        "lifetime 28800 s (global) / 4608000 KB",
      ],
      ["57: crypto map VPN 10 ipsec-isakmp", "no PFS"],
      ["61: crypto map VPN 20 ipsec-isakmp", "lifetime 4608000 KB"],
      // Entry 30 writes PFS and both lifetimes; its bare `set pfs` means group1.
      ["70: set pfs", "group1"],
      [
        "74: crypto map VPN 35 ipsec-isakmp",
        "lifetime 28800 s (global) / 4608000 KB",
      ],
      ["74: crypto map VPN 35 ipsec-isakmp", "no PFS"],
      // No transform set: IOS 15.4 proposes its default ones.
      ["79: crypto map VPN 50 ipsec-isakmp", "default transform sets"],
      [
        "79: crypto map VPN 50 ipsec-isakmp",
        "lifetime 28800 s (global) / 4608000 KB",
      ],
      ["79: crypto map VPN 50 ipsec-isakmp", "no PFS"],
      // Entry 65000 points at DYN, whose entry has its own hints; entry 40 is below `end`.
    ]);
  });

  it("keeps every label within the 43 characters VS Code shows of an inlay hint", () => {
    const labels = [
      wrap(
        "crypto ipsec security-association lifetime seconds 2592000",
        "crypto ipsec security-association lifetime kilobytes 4294967295",
        "crypto map VPN 10 ipsec-isakmp",
        "crypto isakmp policy 10",
      ),
      wrap(
        "crypto ipsec security-association lifetime seconds 2592000",
        "crypto map VPN 10 ipsec-isakmp",
      ),
      SILENT,
      ...allConfigs().map((c) => c.text),
    ].flatMap((text) =>
      configAnnotations(parseConfig(text)).map((a) => a.label),
    );
    assert.ok(labels.includes("global lifetime 2592000 s / 4294967295 KB"));
    assert.ok(labels.includes("lifetime 2592000 s (global) / 4608000 KB"));
    for (const label of labels) {
      assert.ok(label.length <= 43, label);
    }
  });

  it("says in each tooltip why the default matters, by IKE version", () => {
    assert.equal(
      tooltip(SILENT, "crypto isakmp policy 10", "group 1"),
      "Without a group line, IOS uses group 1, which show running-config never prints. The peer's policy must use it too, or phase 1 fails.",
    );
    assert.match(
      tooltip(SILENT, "crypto isakmp policy 10", "lifetime 86400"),
      /^Without a lifetime line, IOS uses lifetime 86400, .* refuses an offer whose lifetime is longer than its own policy's/,
    );
    const ikev1 = "crypto map VPN 10 ipsec-isakmp";
    const lifetime = "lifetime 28800 s (global) / 4608000 KB";
    assert.match(
      tooltip(SILENT, ikev1, lifetime),
      /global crypto ipsec security-association lifetime, else 3600 s and 4608000 KB\. IKEv1 agrees on the shorter/,
    );
    assert.match(
      tooltip(SILENT, ikev1, "no PFS"),
      /offers no PFS in quick mode/,
    );
    const ikev2 = "crypto map VPN 35 ipsec-isakmp";
    assert.match(
      tooltip(SILENT, ikev2, lifetime),
      /IKEv2 does not negotiate lifetimes/,
    );
    assert.match(tooltip(SILENT, ikev2, "no PFS"), /fails at its first rekey/);
    assert.match(
      tooltip(
        SILENT,
        "crypto map VPN 50 ipsec-isakmp",
        "default transform sets",
      ),
      /12\.4\(20\)T and later propose their default IPsec transform sets, \{ esp-aes esp-sha-hmac \} and \{ esp-3des esp-sha-hmac \};/,
    );
    assert.match(
      tooltip(SILENT, "set pfs", "group1"),
      /means group1, and answering, IOS accepts group1 or group2/,
    );
    assert.match(
      tooltip(
        SILENT,
        "crypto ipsec transform-set TS-TUNNEL esp-aes 256 esp-sha256-hmac",
        "mode tunnel",
      ),
      /refuses a peer that proposes transport mode/,
    );
    assert.match(
      tooltip(SILENT, "crypto ikev2 proposal P-CBC", "prf sha256"),
      /uses the integrity algorithms as PRFs/,
    );
    assert.match(
      tooltip(SILENT, "crypto ikev2 profile V2-SPOKES", "no DPD"),
      /no dead peer detection/,
    );
    // Every tooltip first names the line that is missing.
    for (const a of configAnnotations(parseConfig(SILENT))) {
      assert.match(a.tooltip ?? "", /^Without /, a.label);
    }
  });

  it("tells the global lifetimes from IOS's own", () => {
    const entry = [
      "crypto map VPN 10 ipsec-isakmp",
      " set peer 192.0.2.1",
      " set transform-set TS",
      " set pfs group14",
      " match address 101",
    ];
    assert.deepEqual(hints(wrap(...entry)), [
      ["4: crypto map VPN 10 ipsec-isakmp", "lifetime 3600 s / 4608000 KB"],
    ]);
    assert.deepEqual(
      hints(
        wrap(
          "crypto ipsec security-association lifetime seconds 28800",
          "crypto ipsec security-association lifetime kilobytes 102400",
          ...entry,
        ),
      ),
      [
        [
          "6: crypto map VPN 10 ipsec-isakmp",
          "global lifetime 28800 s / 102400 KB",
        ],
      ],
    );
    // Only the volume set globally: marked after it.
    assert.deepEqual(
      hints(
        wrap(
          "crypto ipsec security-association lifetime kilobytes 102400",
          ...entry,
        ),
      ),
      [
        [
          "5: crypto map VPN 10 ipsec-isakmp",
          "lifetime 3600 s / 102400 KB (global)",
        ],
      ],
    );
  });

  it("says a disabled volume lifetime is disabled, the entry's own overriding the global one", () => {
    const entry = (...lifetimes: string[]) => [
      "crypto map VPN 10 ipsec-isakmp",
      " set peer 192.0.2.1",
      " set transform-set TS",
      " set pfs group14",
      " match address 101",
      ...lifetimes,
    ];
    const disabledGlobally =
      "crypto ipsec security-association lifetime kilobytes disable";
    // A global `kilobytes disable` applies where the entry writes no volume lifetime.
    const global = wrap(disabledGlobally, ...entry());
    assert.deepEqual(hints(global), [
      [
        "5: crypto map VPN 10 ipsec-isakmp",
        "lifetime 3600 s / KB disabled (global)",
      ],
    ]);
    assert.match(
      tooltip(
        global,
        "crypto map VPN 10 ipsec-isakmp",
        "lifetime 3600 s / KB disabled (global)",
      ),
      /lifetime kilobytes disable turns the volume lifetime off, so these SAs rekey on time only/,
    );
    assert.deepEqual(
      hints(
        wrap(
          disabledGlobally,
          "crypto ipsec security-association lifetime seconds 28800",
          ...entry(),
        ),
      ),
      [
        [
          "6: crypto map VPN 10 ipsec-isakmp",
          "global lifetime 28800 s / KB disabled",
        ],
      ],
    );
    // The entry's own volume lifetime, a number or `disable`, overrides the global one.
    assert.deepEqual(
      hints(
        wrap(
          disabledGlobally,
          ...entry(" set security-association lifetime kilobytes 102400"),
        ),
      ),
      [["5: crypto map VPN 10 ipsec-isakmp", "lifetime 3600 s"]],
    );
    assert.deepEqual(
      hints(
        wrap(
          "crypto ipsec security-association lifetime kilobytes 102400",
          ...entry(" set security-association lifetime kilobytes disable"),
        ),
      ),
      [["5: crypto map VPN 10 ipsec-isakmp", "lifetime 3600 s"]],
    );
    // An IPsec profile that disables its own shows no default volume either.
    assert.deepEqual(
      hints(
        wrap(
          "crypto ipsec profile P",
          " set transform-set TS",
          " set pfs group14",
          " set security-association lifetime kilobytes disable",
        ),
      ),
      [["4: crypto ipsec profile P", "lifetime 3600 s"]],
    );
  });

  it("names the default transform sets only for releases that have them", () => {
    const entry = [
      "crypto map VPN 10 ipsec-isakmp",
      " set peer 192.0.2.1",
      " set pfs group14",
      " match address 101",
    ];
    const labels = (version: string) =>
      configAnnotations(
        parseConfig([version, ...entry].filter(Boolean).join("\n")),
      ).map((a) => a.label);
    assert.deepEqual(labels("version 15.4"), [
      "default transform sets",
      "lifetime 3600 s / 4608000 KB",
    ]);
    // Older or unknown releases leave the entry incomplete, which crypto-map-incomplete reports.
    for (const version of ["version 12.3", "version 12.4", ""]) {
      assert.deepEqual(
        labels(version),
        ["lifetime 3600 s / 4608000 KB"],
        version,
      );
    }
  });

  it("names the default transform sets of an IKEv2 entry whatever the version line says", () => {
    const labels = configAnnotations(
      parseConfig(
        [
          "crypto map VPN 10 ipsec-isakmp",
          " set peer 192.0.2.1",
          " set ikev2-profile PROF",
          " match address 101",
        ].join("\n"),
      ),
    ).map((a) => a.label);
    assert.ok(labels.includes("default transform sets"), labels.join(" | "));
  });

  it("leaves manual and GDOI entries, entries of a dynamic map's name and profiles with global DPD alone", () => {
    assert.deepEqual(
      hints(
        wrap(
          "crypto ikev2 dpd 10 3 periodic",
          "crypto isakmp keepalive 10 3",
          "crypto isakmp profile P1",
          " match identity address 192.0.2.1 255.255.255.255",
          "crypto ikev2 profile V2",
          " match identity remote address 192.0.2.1 255.255.255.255",
          " lifetime 3600",
          "crypto map VPN 10 ipsec-manual",
          " set peer 192.0.2.1",
          "crypto map VPN 20 ipsec-isakmp dynamic DYN",
          "crypto map VPN 30 gdoi",
        ),
      ),
      [],
    );
  });

  it("shows IPv6 crypto map entries like IPv4 ones", () => {
    assert.deepEqual(
      hints(peerFixture("ipv6-crypto-map", "hq.ios")).filter(([line]) =>
        line.includes("crypto map ipv6"),
      ),
      [
        [
          "25: crypto map ipv6 BRANCH-V6 10 ipsec-isakmp",
          "lifetime 3600 s / 4608000 KB",
        ],
      ],
    );
  });

  it("gives nothing below a closing end, which IOS does not read", () => {
    const text = fixture("lines-after-end.ios");
    const end = text.split("\n").indexOf("end");
    assert.ok(end > 0);
    const notes = configAnnotations(parseConfig(text));
    assert.ok(notes.length > 0);
    assert.ok(notes.every((a) => a.position.line < end));
    assert.ok(
      analyse(text).some((f) => f.code === "lines-after-end"),
      "the lines are reported instead",
    );
  });

  it("gives nothing for a config of another platform", () => {
    assert.deepEqual(hints(peerFixture("asa", "fw1.cfg")), []);
  });

  it("shows the seed's Tokyo the defaults its tunnel runs with", () => {
    assert.deepEqual(hints(example("tokyo.ios")), [
      ["16: crypto isakmp policy 10", "encr des"],
      ["16: crypto isakmp policy 10", "group 1"],
      ["16: crypto isakmp policy 10", "lifetime 86400"],
      [
        "21: crypto ipsec transform-set mjlnet esp-des esp-md5-hmac",
        "mode tunnel",
      ],
      [
        "23: crypto map mjlnetmap 10 ipsec-isakmp",
        "lifetime 3600 s / 4608000 KB",
      ],
      ["23: crypto map mjlnetmap 10 ipsec-isakmp", "no PFS"],
    ]);
  });

  it("never shows a key", () => {
    const text = JSON.stringify(configAnnotations(parseConfig(SILENT)));
    assert.ok(SILENT.includes("Hub-Branch-K3y"));
    assert.ok(!text.includes("Hub-Branch-K3y"));
  });

  it("is what annotations() gives a config, in position order, once per model", () => {
    const parsed = parseDocument(
      { uri: "file:///hub.ios", languageId: "cisco-ios", text: SILENT },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    const notes = annotations(parsed);
    assert.equal(annotations(parsed), notes, "memoized per model");
    for (const { name, text } of [
      { name: "silent-defaults.ios", text: SILENT },
      ...allConfigs(),
    ]) {
      const all = configAnnotations(parseConfig(text));
      const sorted = [...all].sort(
        (a, b) =>
          a.position.line - b.position.line ||
          a.position.character - b.position.character,
      );
      assert.deepEqual(all, sorted, name);
    }
  });

  it("follows an edit: the next version's model has its own hints, moved with their lines", () => {
    const before = parseConfig(SILENT);
    const first = configAnnotations(before).map((a) => a.position.line);
    const edited = SILENT.replace("hostname HUB\n", "hostname HUB\n!\n!\n");
    const after = parseConfig(edited, before);
    assert.deepEqual(
      configAnnotations(after).map((a) => a.position.line),
      first.map((line) => line + 2),
    );
    // Writing the missing line takes its default away.
    const written = parseConfig(
      edited.replace(
        " authentication pre-share\ncrypto isakmp policy 20",
        " authentication pre-share\n group 14\ncrypto isakmp policy 20",
      ),
      after,
    );
    assert.deepEqual(
      configAnnotations(written)
        .slice(0, 3)
        .map((a) => a.label),
      ["hash sha", "lifetime 86400", "no DPD"],
    );
  });
  describe("in a capture", () => {
    const capture = (text: string) =>
      annotations(
        parseDocument(
          { uri: "file:///s.ioslog", languageId: "cisco-ios-log", text },
          DEFAULT_ANALYSIS_SETTINGS,
        ),
      )
        .filter((a) => a.placement === "inlay")
        .map(
          (a) => `${a.position.line + 1}:${a.position.character} ${a.label}`,
        );
    const SESSION = [
      "Osaka#show running-config",
      "Building configuration...",
      "!",
      "hostname Osaka",
      "crypto isakmp policy 10",
      " encr aes",
      " authentication pre-share",
      "crypto ipsec transform-set TS esp-aes esp-sha-hmac",
      "end",
      "Osaka#",
    ].join("\n");

    it("shows the defaults of a configuration the session prints whole, at its lines", () => {
      assert.deepEqual(capture(SESSION), [
        "5:23 hash sha",
        "5:23 group 1",
        "5:23 lifetime 86400",
        "8:50 mode tunnel",
      ]);
    });

    it("shows none for a part of one, which cannot tell what it leaves out", () => {
      const part = SESSION.replace(
        "Osaka#show running-config",
        "Osaka#show running-config | include crypto",
      )
        .replace("Building configuration...\n!\nhostname Osaka\n", "")
        .replace(" encr aes\n authentication pre-share\n", "");
      assert.deepEqual(capture(part), []);
    });
  });
});

describe("annotations/configAnnotations: certificates", () => {
  const tokyo = peerFixture("certificate-chains", "tokyo.ios");

  it("says whose each certificate of a chain is and until when, at its certificate line", () => {
    const found = hints(tokyo).filter(([line]) => /: certificate /.test(line));
    assert.deepEqual(found, [
      ["22: certificate 02", "CN=tokyo.lens.lab, until 2026-06-01"],
      ["51: certificate ca 01", "CN=Lens Lab Root CA, until 2034-01-01"],
      // A long name is cut so that the date still shows within VS Code's 43 characters.
      [
        "79: certificate self-signed 01",
        "CN=IOS-Self-Signed-Certi…, until 2020-01-01",
      ],
    ]);
    assert.ok(found.every(([, label]) => label.length <= 43));
    assert.equal(
      tooltip(tokyo, "certificate 02", "CN=tokyo.lens.lab, until 2026-06-01"),
      "CN=tokyo.lens.lab, OU=VPN, O=Lens Lab\nissued by CN=Lens Lab Root CA, O=Lens Lab\nvalid 2025-06-01 00:00 UTC to 2026-06-01 00:00 UTC",
    );
  });

  it("gives a certificate that does not decode no hint (its finding and hover say why)", () => {
    const damaged = tokyo.replace(
      /(\n certificate 02\n  )[0-9A-F]{8}/,
      "$1--More--",
    );
    assert.deepEqual(
      hints(damaged)
        .filter(([line]) => /: certificate /.test(line))
        .map(([line]) => line),
      ["51: certificate ca 01", "79: certificate self-signed 01"],
    );
  });

  it("shows the CRL check IOS makes for a trustpoint IKE uses that writes no revocation-check", () => {
    const silent = tokyo.replace(
      "crypto pki trustpoint LAB-CA\n enrollment url http://192.0.2.50:80\n subject-name cn=tokyo.lens.lab,ou=VPN,o=Lens Lab\n revocation-check none\n",
      "crypto pki trustpoint LAB-CA\n enrollment url http://192.0.2.50:80\n subject-name cn=tokyo.lens.lab,ou=VPN,o=Lens Lab\n",
    );
    assert.notEqual(silent, tokyo);
    const found = hints(silent).filter(([, label]) => /revocation/.test(label));
    // Not on the web server's trustpoint, which IKE does not use (it writes its line anyway).
    assert.deepEqual(found, [
      ["9: crypto pki trustpoint LAB-CA", "revocation-check crl"],
    ]);
    assert.match(
      tooltip(silent, "crypto pki trustpoint LAB-CA", "revocation-check crl"),
      /a CRL the router cannot reach or that has expired fails the validation/,
    );
    assert.deepEqual(
      hints(tokyo).filter(([, label]) => /revocation/.test(label)),
      [],
    );
  });
});
