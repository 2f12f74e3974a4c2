import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  checkProxies,
  isExactMirror,
  mirrorEntryText,
} from "../../../../server/src/core/peers/proxies";

/** The ACL named 101 (or the first) of a config text. */
function acl(text: string) {
  return [...parseConfig(text).acls.values()][0]!;
}

describe("peers/proxies", () => {
  const tokyoWide = acl(
    "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n",
  );
  const osaka = acl(
    "access-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255\n",
  );
  const tokyo = acl(
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n",
  );

  it("lets the narrower side initiate and not the wider one (Examples 8-84 to 8-88)", () => {
    assert.equal(checkProxies(osaka, tokyoWide).rejected.length, 0);
    assert.equal(checkProxies(tokyoWide, osaka).accepted.length, 0);
    assert.equal(isExactMirror(tokyoWide, osaka), false);
    assert.ok(isExactMirror(tokyo, osaka));
  });

  it("reads ports and protocols backwards", () => {
    const a = acl(
      "ip access-list extended A\n permit tcp host 10.1.1.10 eq 22 host 10.2.2.10\n",
    );
    const b = acl(
      "ip access-list extended B\n permit tcp host 10.2.2.10 host 10.1.1.10 eq 22\n",
    );
    const wrongPort = acl(
      "ip access-list extended C\n permit tcp host 10.2.2.10 eq 22 host 10.1.1.10\n",
    );
    const udp = acl(
      "ip access-list extended D\n permit udp host 10.2.2.10 host 10.1.1.10 eq 22\n",
    );
    assert.ok(isExactMirror(a, b));
    assert.equal(checkProxies(a, wrongPort).rejected.length, 1);
    assert.equal(checkProxies(a, udp).rejected.length, 1);
  });

  it("ignores deny entries and accepts everything without a responder ACL (dynamic map)", () => {
    const withDeny = acl(
      "access-list 101 deny ip host 10.1.1.5 any\naccess-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n",
    );
    assert.deepEqual(checkProxies(withDeny, osaka).rejected, []);
    assert.equal(checkProxies(withDeny, undefined).accepted.length, 1);
  });

  it("writes the mirror of an entry", () => {
    const e = acl(
      "ip access-list extended A\n permit tcp 10.1.1.0 0.0.0.255 eq 22 host 10.2.2.10\n",
    ).entries[0]!;
    assert.equal(
      mirrorEntryText(e),
      "permit tcp host 10.2.2.10 10.1.1.0 0.0.0.255 eq 22",
    );
  });
});
