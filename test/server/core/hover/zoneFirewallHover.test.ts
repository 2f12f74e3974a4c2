import * as assert from "node:assert/strict";
import { fixture } from "../../../support/configAnalysis";
import { configHoverAt } from "../../../support/configFixtures";
import { captureHoverAt, captureText } from "../../../support/captures";

const TEXT = fixture("zone-firewall.ios");

function hoverAt(fragment: string, text = TEXT): string {
  return configHoverAt(text, fragment);
}

describe("hover/zoneFirewallHover", () => {
  it("shows a zone's members, its zone-pairs and what reaches the router from it", () => {
    const md = hoverAt("zone-member security OUTS|IDE");
    assert.match(
      md,
      /\*\*zone security OUTSIDE\*\*: members GigabitEthernet0\/0\./,
    );
    assert.match(
      md,
      /zone-pair OUT-SELF: OUTSIDE → self, policy-map OUT-SELF-PM/,
    );
    assert.match(
      md,
      /from OUTSIDE to the router: only what policy-map OUT-SELF-PM passes or inspects/,
    );
    assert.match(md, /from the router to OUTSIDE: everything/);
    assert.match(
      hoverAt("zone security INS|IDE"),
      /members GigabitEthernet0\/1/,
    );
  });

  it("lists a class-map's matches and a policy-map's classes in the order IOS tries them", () => {
    const classMap = hoverAt("class type inspect MGMT|-CM");
    assert.match(classMap, /match-any: one line suffices/);
    assert.match(classMap, /- protocol ssh: SSH, TCP port 22/);
    const policy = hoverAt("service-policy type inspect OUT-SELF|-PM");
    assert.match(policy, /1\. class MGMT-CM: inspect\n2\. class-default: drop/);
    const implicit = hoverAt(
      "service-policy type inspect OUT-SELF|-PM",
      TEXT.replace(" class class-default\n  drop log\n", ""),
    );
    assert.match(implicit, /2\. class-default: drop \(implicit\)/);
  });

  it("explains the firewall commands and their keywords", () => {
    assert.match(
      hoverAt("zone-pair security OUT-SELF source OUTSIDE destination se|lf"),
      /With `self` as the destination it filters what reaches the router itself/,
    );
    assert.match(
      hoverAt("match protocol s|sh"),
      /\*\*ssh\*\*: SSH, TCP port 22/,
    );
    assert.match(hoverAt("  drop l|og"), /what a class without an action line/);
    // The actions without their optional `log` too.
    assert.match(
      hoverAt("  dr|op", TEXT.replace("  drop log\n", "  drop\n")),
      /Drops the class's traffic/,
    );
    const pass = TEXT.replace("  inspect\n", "  pass\n");
    assert.match(hoverAt("  pa|ss", pass), /Lets the class's traffic through/);
    assert.match(hoverAt("  insp|ect"), /not ESP or AH/);
    assert.match(hoverAt("class class-def|ault"), /Its action is drop/);
    assert.match(
      hoverAt("class-map type inspect match-a|ny MGMT-CM"),
      /\*\*match-any\*\*/,
    );
    assert.match(
      hoverAt("interface GigabitEth|ernet0/0"),
      /member of firewall zone OUTSIDE/,
    );
  });

  it("explains the fields of a firewall drop message, a line cut in two included", () => {
    const capture = captureText("zone-firewall-drops.ioslog");
    const at = (
      fragment: string,
      nth = 0,
    ): ReturnType<typeof captureHoverAt> => {
      const clean = fragment.replace("|", "");
      let from = -1;
      for (let i = 0; i <= nth; i++) {
        from = capture.indexOf(clean, from + 1);
      }
      assert.ok(from >= 0, fragment);
      const marked =
        capture.slice(0, from) + fragment + capture.slice(from + clean.length);
      return captureHoverAt(marked);
    };
    const source = at("198.51.100.|2:500");
    assert.equal(source?.word, "198.51.100.2:500");
    assert.match(source!.markdown, /the source of the dropped UDP packet/);
    assert.match(source!.markdown, /port 500 \(IKE/);
    const destination = at("203.0.113.|1:500");
    assert.equal(destination?.word, "203.0.113.1:500");
    assert.match(destination!.markdown, /the destination/);
    assert.match(
      at("zone-pair OUT-|SELF")!.markdown,
      /show policy-map type inspect zone-pair OUT-SELF/,
    );
    assert.match(
      at("class class-def|ault")!.markdown,
      /no class of the policy matched/,
    );
    assert.match(
      at("due to  DR|OP")!.markdown,
      /action of the matching class was `drop`/,
    );
    // Line 5 continues line 4, which an 80-column terminal cut after the addresses.
    const cut = at("zone-pair OUT-|SELF", 1);
    assert.equal(cut?.word, "OUT-SELF");
    assert.match(
      at("due to  DR|OP", 1)!.markdown,
      /action of the matching class/,
    );
  });
});
