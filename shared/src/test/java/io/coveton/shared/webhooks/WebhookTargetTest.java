package io.coveton.shared.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.shared.net.AddressBlocks;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF rule, on the address forms a resolver can answer. */
class WebhookTargetTest {
  private final WebhookTarget target = new WebhookTarget(AddressBlocks.parse(List.of("127.0.0.1/32"), "test"));

  @Test
  void internalAddressesAreRefusedInEveryFormAndPublicOnesPass() throws Exception {
    for (String internal : List.of("127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::")) {
      assertTrue(target.refusal(InetAddress.getByName(internal)) != null, internal);
    }
    assertNull(target.refusal(InetAddress.getByName("93.184.216.34")));
    assertNull(target.refusal(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946")));
    assertNull(target.refusal(InetAddress.getByName("127.0.0.1")), "allowlisted");
  }

  @Test
  void anIpv4MappedIpv6AddressIsJudgedAsTheIpv4AddressItReaches() throws Exception {
    // what a resolver can hand back for an AAAA record of ::ffff:169.254.169.254 (not folded to IPv4)
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[14] = (byte) 169;
    mapped[15] = (byte) 254;
    InetAddress metadata = Inet6Address.getByAddress("metadata.example", mapped, -1);
    assertEquals("a link-local address", target.refusal(metadata));
    mapped[12] = 127;
    mapped[13] = 0;
    mapped[14] = 0;
    mapped[15] = 2;
    assertEquals("a loopback address", target.refusal(Inet6Address.getByAddress("loop.example", mapped, -1)));
  }
}
