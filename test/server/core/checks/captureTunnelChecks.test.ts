import * as assert from "node:assert/strict";
import { applyEdits } from "../../../support/applyEdits";
import { checkCapture, only } from "../../../support/captureChecks";
import { captureText } from "../../../support/captures";
import { fixture, textAt } from "../../../support/configAnalysis";

/**
 * `log-tunnel-recursive-routing`: IOS disabling a tunnel for recursive routing
 * (`%TUN-5-RECURDOWN`), alone, with the branch's config whose default route points into the
 * tunnel, and with a config whose static routes are right (a routing protocol is then the cause).
 */

const CAPTURE = captureText("tunnel-recursive-routing.ioslog");
const CONFIG = fixture("vti-recursive-routing.ios");
const CONFIG_URI = "file:///work/branch.ios";

describe("checks/captureTunnelChecks", () => {
  it("one finding for the tunnel's repeated RECURDOWN messages, the later ones related", () => {
    const f = only(checkCapture(CAPTURE), "log-tunnel-recursive-routing");
    assert.equal(f.severity, "error");
    assert.equal(f.range.start.line, 4);
    assert.ok(textAt(CAPTURE, f.range).startsWith("%TUN-5-RECURDOWN"));
    assert.match(
      f.message,
      /^IOS disabled Branch's Tunnel0 for recursive routing/,
    );
    assert.match(f.message, /2 times in this capture/);
    assert.match(f.message, /a routing protocol running over the tunnel/);
    assert.deepEqual(
      (f.related ?? []).map((r) => r.range.start.line),
      [7],
    );
    assert.equal(f.fixes, undefined);
  });

  it("with the config: names the route into the tunnel and offers the host route through the underlay", () => {
    const f = only(
      checkCapture(CAPTURE, { [CONFIG_URI]: CONFIG }),
      "log-tunnel-recursive-routing",
    );
    assert.match(
      f.message,
      /Branch's config says why: the destination 203\.0\.113\.2 is routed into Tunnel0 by the default route out of Tunnel0/,
    );
    assert.match(f.message, /show ip route 203\.0\.113\.2/);
    assert.ok(
      (f.related ?? []).some(
        (r) =>
          r.uri === CONFIG_URI &&
          textAt(CONFIG, r.range) === "ip route 0.0.0.0 0.0.0.0 Tunnel0",
      ),
    );
    const [fix, ...rest] = f.fixes ?? [];
    assert.ok(fix);
    assert.equal(rest.length, 0);
    assert.deepEqual(fix.cli, [
      "ip route 203.0.113.2 255.255.255.255 198.51.100.254",
    ]);
    assert.equal(fix.edits[0]!.uri, CONFIG_URI);
    const fixed = applyEdits(CONFIG, fix.edits);
    assert.match(
      fixed,
      /ip route 203\.0\.113\.2 255\.255\.255\.255 198\.51\.100\.254/,
    );
  });

  it("when the static routes are right, the routing process over the tunnel is named", () => {
    const learned = CONFIG.replace(
      "ip route 0.0.0.0 0.0.0.0 Tunnel0",
      "ip route 0.0.0.0 0.0.0.0 198.51.100.254\nrouter eigrp 10\n network 10.0.0.0\n network 203.0.113.0",
    );
    const f = only(
      checkCapture(CAPTURE, { [CONFIG_URI]: learned }),
      "log-tunnel-recursive-routing",
    );
    assert.match(
      f.message,
      /router eigrp 10 learns a route to the tunnel's destination through Tunnel0/,
    );
    assert.match(f.message, /distribute-list/);
    assert.equal(f.fixes, undefined);
  });

  it("other tunnel messages are not recursive routing", () => {
    const text = CAPTURE.split("\n")
      .filter((l) => !l.includes("RECURDOWN"))
      .join("\n");
    assert.deepEqual(
      checkCapture(text).filter(
        (f) => f.code === "log-tunnel-recursive-routing",
      ),
      [],
    );
  });
});
