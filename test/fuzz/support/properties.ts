import fc from "fast-check";
import { decode } from "../../../server/src/cli/files";
import { detectLanguage } from "../../../server/src/core/detect";
import {
  allFixtures,
  mutate,
  mutatedFixture,
  randomBytes,
  randomText,
  tokenSoup,
} from "./arbitraries";
import { exercise } from "./pipeline";
import { hardWrap } from "../../support/hardWrap";

/**
 * The fuzz properties, by name, so a worker thread can run them (see propertyRunner.ts). Each one
 * reports the case it is about to run, so a case that never ends can be named from outside.
 */

/** Called with a short description of each case before it runs. */
export type Announce = (description: string) => void;

/** A property and its number of runs. */
export interface NamedProperty {
  runs: number;
  property: (announce: Announce) => fc.IProperty<unknown>;
}

const describeText = (text: string): string =>
  `${text.length} chars: ${JSON.stringify(text.slice(0, 300))}${text.length > 300 ? "..." : ""}`;

/** Every property of the core fuzz tests. */
export const PROPERTIES: Record<string, NamedProperty> = {
  mutatedFixtures: {
    runs: 250,
    property: (announce) =>
      fc.property(
        mutatedFixture(),
        fc.boolean(),
        ({ fixture, mutations, eol }, workspace) => {
          announce(
            `${fixture.name} with ${JSON.stringify(mutations)}, eol ${JSON.stringify(eol)}, workspace ${workspace}`,
          );
          exercise(mutate(fixture.text, mutations, eol), {
            languageId: fixture.languageId,
            workspace,
            applyFixes: true,
          });
        },
      ),
  },
  tokenSoup: {
    runs: 250,
    property: (announce) =>
      fc.property(
        tokenSoup(),
        fc.boolean(),
        ({ text, languageId }, workspace) => {
          announce(
            `${languageId}, workspace ${workspace}, ${describeText(text)}`,
          );
          exercise(text, { languageId, workspace, applyFixes: true });
        },
      ),
  },
  randomText: {
    runs: 150,
    property: (announce) =>
      fc.property(randomText(), ({ text, languageId }) => {
        announce(`${languageId}, ${describeText(text)}`);
        exercise(text, { languageId, workspace: true, applyFixes: true });
      }),
  },
  randomBytes: {
    runs: 150,
    property: (announce) =>
      fc.property(randomBytes(), (bytes) => {
        announce(`bytes ${bytes.toString("hex").slice(0, 400)}`);
        const text = decode(bytes);
        const languageId = detectLanguage("capture.txt", text) ?? "cisco-ios";
        exercise(text, { languageId, workspace: false, applyFixes: true });
      }),
  },
};

/** Inputs shaped to break naive code: deep nesting, huge lines, nothing but line breaks, no end. */
export const SHAPES: Record<string, () => string> = {
  "a staircase of 20,000 ever deeper lines": () =>
    Array.from({ length: 20_000 }, (_, i) => " ".repeat(i) + "x").join("\n"),
  "one line of 300,000 characters": () =>
    "crypto map M 10 ipsec-isakmp " + "a".repeat(300_000),
  "300,000 characters of one word per line": () =>
    Array.from({ length: 60_000 }, () => "peer").join("\n"),
  "60,000 empty lines": () => "\n".repeat(60_000),
  "60,000 lone CRs": () => "\r".repeat(60_000),
  "a banner that never closes": () =>
    "banner motd ^C\n" + "crypto map X 10\n".repeat(20_000),
  // Checks that pair show outputs of one router once looked each pair up by a scan of all
  // outputs: quadratic in the number of outputs (validate took 1.5 s for 3,000 rounds of these,
  // 12.9 s for 6,000).
  "600 rounds of five show outputs of one router": () =>
    Array.from({ length: 600 }, (_, i) =>
      [
        "R1#show crypto map",
        `Crypto Map "M${i}" 10 ipsec-isakmp`,
        `        Peer = 192.0.${i % 250}.${(i % 200) + 1}`,
        `        Interfaces using crypto map M${i}:`,
        "R1#show crypto isakmp key",
        "Hostname/Address        Preshared Key",
        `10.${i % 250}.0.1              k${i}`,
        "R1#show ip route",
        "Gateway of last resort is not set",
        `C       10.${i % 250}.0.0/24 is directly connected, Serial0/0`,
        "R1#show ip interface",
        "Serial0/0 is up, line protocol is up",
        "  Inbound access list is 102",
        "R1#show ip access-lists",
        "Extended IP access list 102",
        "    10 permit tcp any any",
      ].join("\n"),
    ).join("\n"),
  // Configurations printed in a capture are parsed as configs and paired with each other.
  "every config fixture printed by show running-config, one router each": () =>
    allFixtures()
      .filter((f) => f.languageId === "cisco-ios")
      .map(
        (f, i) =>
          `R${i}#show running-config\nBuilding configuration...\n${f.text}\nR${i}#`,
      )
      .join("\n"),
  "a configuration printed 2,000 times between debug lines": () =>
    Array.from({ length: 2_000 }, (_, i) =>
      [
        `*Mar  1 00:00:${String(i % 60).padStart(2, "0")}.000: ISAKMP (0:${i}): No pre-shared key with 10.0.${i % 250}.1!`,
        "Osaka#show running-config | section crypto",
        "crypto isakmp policy 10",
        " hash md5",
        `crypto isakmp key k address 10.0.${i % 250}.2`,
        "crypto map M 10 ipsec-isakmp",
        ` set peer 10.0.${i % 250}.1`,
        "Osaka#",
      ].join("\n"),
    ).join("\n"),
  // A log message in the middle of a command's output pauses it until the next prompt: one
  // output interrupted by a message after every one of its lines, and one whose messages never
  // stop before the next prompt.
  "a printed configuration with a log message after each of its 20,000 lines":
    () =>
      [
        "R1#show running-config",
        "Building configuration...",
        ...Array.from({ length: 20_000 }, (_, i) =>
          [
            i % 3 === 0
              ? `interface Loopback${i}`
              : ` ip address 10.${(i >> 8) & 255}.${i & 255}.1 255.255.255.255`,
            `*Mar  1 00:00:${String(i % 60).padStart(2, "0")}.000: %LINK-3-UPDOWN: Interface Loopback${i}, changed state to up`,
          ].join("\n"),
        ),
        "end",
        "R1#",
      ].join("\n"),
  "show output followed by 60,000 debug lines and no prompt": () =>
    [
      "R1#show crypto isakmp sa",
      "dst             src             state          conn-id slot",
      "10.0.0.2        10.0.0.1        MM_NO_STATE          1    0",
      ...Array.from(
        { length: 60_000 },
        (_, i) =>
          `*Mar  1 00:00:00.000: IPSEC(sa_request): ,\n  (key eng. msg.) OUTBOUND local= 10.0.0.1, remote= 10.0.${i % 250}.2,`,
      ),
      "10.0.0.3        10.0.0.1        QM_IDLE              2    0",
    ].join("\n"),
  // A terminal that cuts every line at 80 columns: the width is read from the lines, and every
  // cut line is joined again (hovers read the pieces of one as one line).
  "every fixture one after another, hard-wrapped at 80 columns": () =>
    hardWrap(
      allFixtures()
        .map((f) => f.text)
        .join("\n"),
      80,
    ),
  "a debug line of 1,600,000 characters cut into 20,000 lines of 80": () =>
    [
      "R1#",
      ...Array.from(
        { length: 20 },
        (_, i) =>
          `*Mar  1 00:00:0${i % 10}.000: ISAKMP:(100${i}): processing ${"N".repeat(i + 1)} payload. message ID = ${i}${"x".repeat(100)}`,
      ),
      `*Mar  1 00:00:00.000: ISAKMP:(1001): ${"SA_".repeat(533_333)}`,
    ]
      .map((line) => hardWrap(line, 80))
      .join("\n"),
  "the first 40 fixtures one after another": () =>
    allFixtures()
      .slice(0, 40)
      .map((f) => f.text)
      .join("\n"),
  "every fixture one after another": () =>
    allFixtures()
      .map((f) => f.text)
      .join("\n"),
};
