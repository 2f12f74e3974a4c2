import * as assert from "node:assert/strict";
import { checkCapture, textOf } from "../../../support/captureChecks";
import { captureHoverAt, captureText } from "../../../support/captures";

/**
 * The zone-based firewall's drop messages (`%FW-6-DROP_PKT`): the peer's IKE dropped on the way
 * to the router, and traffic the tunnel protects dropped between zones (`log-zone-firewall-drop`);
 * other drops are the firewall's own business.
 */

const CODE = "log-zone-firewall-drop";
const TEXT = captureText("zone-firewall-drops.ioslog");

const found = (text: string) =>
  checkCapture(text).filter((f) => f.code === CODE);

describe("checks/captureFirewallChecks", () => {
  it("tells the peer's IKE dropped on the zone-pair to self, once for both messages (one of them cut by the terminal)", () => {
    const [ike, traffic, ...more] = found(TEXT);
    assert.ok(ike && traffic);
    assert.deepEqual(more, []);
    assert.equal(ike.severity, "error");
    assert.equal(ike.range.start.line, 2);
    assert.match(
      ike.message,
      /^Branch: The zone-based firewall dropped ISAKMP \(UDP 500\) from 198\.51\.100\.2 to 203\.0\.113\.1 on zone-pair OUT-SELF \(class class-default\) \(2 messages\): phase 1 never completes/,
    );
    assert.match(
      ike.message,
      /Check `show policy-map type inspect zone-pair OUT-SELF`, then pass it in a class ahead of the one that drops it, with an ACL line such as `permit udp host 198\.51\.100\.2 host 203\.0\.113\.1 eq isakmp`\.$/,
    );
    assert.deepEqual(
      (ike.related ?? []).map((r) => [r.range.start.line, r.message]),
      [[3, "dropped again: UDP 198.51.100.2:500 → 203.0.113.1:500"]],
    );
  });

  it("tells traffic inside the SA's identities dropped between zones; an SSH probe from elsewhere is not reported", () => {
    const [, traffic] = found(TEXT);
    assert.equal(
      textOf(TEXT, traffic!.range).startsWith(
        "%FW-6-DROP_PKT: Dropping tcp session 10.20.0.5",
      ),
      true,
    );
    assert.match(
      traffic!.message,
      /^Branch: The zone-based firewall dropped traffic the tunnel protects, TCP 10\.20\.0\.5:51234 → 10\.10\.0\.7:443, on zone-pair OUT-IN \(class class-default\): the SAs can be up while the firewall drops what they carry/,
    );
    // Without the SA's identities in the capture, the same drop says nothing about the tunnel.
    const noShow = TEXT.slice(0, TEXT.indexOf("Branch#show crypto ipsec sa"));
    assert.equal(found(noShow).length, 1);
  });

  it("reads NAT-T and ESP, and a message with no zone-pair (cut and never continued)", () => {
    const text = [
      "R1#",
      "*May 28 08:00:41.123: %FW-6-DROP_PKT: Dropping udp session 198.51.100.2:4500 203.0.113.1:4500 on zone-pair OUT-SELF class DROP-CM due to  DROP action found in policy-map with ip ident 1",
      "*May 28 08:00:42.123: %FW-6-DROP_PKT: Dropping esp session 198.51.100.2 203.0.113.1",
      "R1#",
    ].join("\n");
    const [natT, esp, ...more] = found(text);
    assert.deepEqual(more, []);
    assert.match(
      natT!.message,
      /dropped NAT-T \(UDP 4500\) from 198\.51\.100\.2 to 203\.0\.113\.1 on zone-pair OUT-SELF \(class DROP-CM\):/,
    );
    assert.match(
      esp!.message,
      /dropped ESP \(IP protocol 50\) from 198\.51\.100\.2 to 203\.0\.113\.1 on a zone-pair the message does not show:/,
    );
  });

  it("explains the message on hover", () => {
    const h = captureHoverAt(
      "*May 28 08:00:41.123: %FW-6-DROP_|PKT: Dropping udp session 198.51.100.2:500 203.0.113.1:500 on zone-pair OUT-SELF class class-default due to  DROP action found in policy-map with ip ident 52882",
    );
    assert.match(
      h?.markdown ?? "",
      /zone-based policy firewall dropped a packet/,
    );
    assert.match(
      h?.markdown ?? "",
      /show policy-map type inspect zone-pair NAME/,
    );
  });
});
