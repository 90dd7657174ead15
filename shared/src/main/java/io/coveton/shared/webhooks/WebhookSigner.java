package io.coveton.shared.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Coveton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}, one v1
 * per secret that signs (two while a rotated-out secret is still honoured).
 */
public final class WebhookSigner {
  private WebhookSigner() {}

  public static String header(long timestamp, String body, List<String> secrets) {
    StringBuilder header = new StringBuilder("t=").append(timestamp);
    for (String secret : secrets) {
      header.append(",v1=").append(HexFormat.of().formatHex(hmac(secret, timestamp + "." + body)));
    }
    return header.toString();
  }

  private static byte[] hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
