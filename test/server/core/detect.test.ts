import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  detectLanguage,
  languageFromName,
  sniffLanguage,
} from "../../../server/src/core/detect";
import { REPO_ROOT } from "../../support/lspClient";

const CORPUS = path.join(REPO_ROOT, "..", "shared", "corpus");
const corpus = (name: string): string =>
  fs.readFileSync(path.join(CORPUS, name), "utf8");

describe("language detection", () => {
  it("decides by file name where the name is telling", () => {
    assert.equal(languageFromName("/tftp/tokyo-confg"), "cisco-ios");
    assert.equal(languageFromName("running-config.txt"), "cisco-ios");
    assert.equal(languageFromName("backups/startup-config"), "cisco-ios");
    assert.equal(languageFromName("r1.ios"), "cisco-ios");
    assert.equal(languageFromName("ticket-4711.ioslog"), "cisco-ios-log");
    assert.equal(languageFromName("notes.txt"), undefined);
  });

  it("sniffs configs saved as .cfg and .txt", () => {
    assert.equal(
      detectLanguage("r1.cfg", corpus("cfg_batfish_ios-crypto-ipsec_r1.cfg")),
      "cisco-ios",
    );
    assert.equal(
      detectLanguage(
        "vpn.txt",
        corpus("cfg_batfish_aws-generated_vpn-03701a53bba3c48b7.txt"),
      ),
      "cisco-ios",
    );
    assert.equal(
      detectLanguage(
        "tokyo.txt",
        fs.readFileSync(path.join(REPO_ROOT, "examples", "tokyo.ios"), "utf8"),
      ),
      "cisco-ios",
    );
  });

  it("sniffs debug captures and show output saved as .txt and .log", () => {
    const capture = [
      "Tokyo#debug crypto isakmp",
      "Crypto ISAKMP debugging is on",
      "Tokyo#",
      "Mar 7 16:14:29.027 GMT: ISAKMP: received ke message (1/1)",
      "Mar 7 16:14:29.027 GMT: ISAKMP (0:1): beginning Main Mode exchange",
    ].join("\n");
    assert.equal(detectLanguage("capture.log", capture), "cisco-ios-log");
    assert.equal(
      detectLanguage(
        "isakmp-sa.txt",
        corpus("show_genie_iosxe_show-crypto-isakmp-sa.txt"),
      ),
      "cisco-ios-log",
    );
    assert.equal(
      detectLanguage(
        "ipsec-sa.txt",
        corpus("show_genie_iosxe_show-crypto-ipsec-sa_cryptomap.txt"),
      ),
      "cisco-ios-log",
    );
    // `show ip interface brief` pasted alone: its header and rows.
    assert.equal(
      detectLanguage(
        "brief.txt",
        "Interface              IP-Address      OK? Method Status                Protocol\nGigabitEthernet0/0     203.0.113.2     YES NVRAM  administratively down down\nTunnel0                172.16.0.2      YES manual up                    down\n",
      ),
      "cisco-ios-log",
    );
  });

  it("leaves prose, code and unrelated endings alone", () => {
    assert.equal(
      sniffLanguage("Dear team,\nthe tunnel is down again.\nRegards\n")
        .language,
      undefined,
    );
    assert.equal(
      detectLanguage(
        "main.ts",
        "hostname R1\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\n",
      ),
      undefined,
    );
    assert.equal(detectLanguage("empty.txt", ""), undefined);
  });
});
