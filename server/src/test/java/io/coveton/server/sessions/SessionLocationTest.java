package io.coveton.server.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionLocationTest {
  private static final Path GEOIP = writeGeoIp();

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_TRUSTED_PROXIES", "127.0.0.1")
      .with("COVETON_GEOIP_CSV", GEOIP.toString());

  private final ApiClient api = server.api();

  private static Path writeGeoIp() {
    try {
      Path file = Files.createTempFile(Files.createDirectories(Path.of("target")), "geoip", ".csv");
      Files.writeString(file, "network,location\n81.2.69.0/24,\"London, GB\"\n2001:db8::/32,\"Example, ZZ\"\n"
          + "198.51.100.0/25,\"Berlin, DE\"\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sessionsShowACoarseLocationWhereTheAddressIsKnown() {
    var user = server.accounts().register("traveller");
    login(user.email(), "81.2.69.160");
    login(user.email(), "2001:db8::1");
    login(user.email(), "198.51.100.200");
    JsonArray sessions = api.get("/v1/sessions").bearer(user.accessToken()).send().expect(200).array();
    assertEquals(4, sessions.size());
    assertNull(sessions.getJsonObject(0).getString("location"), "198.51.100.200 is outside 198.51.100.0/25");
    assertEquals("Example, ZZ", sessions.getJsonObject(1).getString("location"));
    assertEquals("London, GB", sessions.getJsonObject(2).getString("location"));
    assertEquals("81.2.69.160", sessions.getJsonObject(2).getString("ip"));
  }

  private void login(String email, String ip) {
    api.post("/v1/auth/login", new JsonObject().put("email", email).put("password", "a-strong-passphrase").encode())
        .header("X-Forwarded-For", ip).header("X-Forwarded-Proto", "https").send().expect(200);
  }
}
