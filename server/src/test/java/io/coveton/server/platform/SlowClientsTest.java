package io.coveton.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients too slow to send a request lose their connection, on both ports; one address cannot hold
 * more than its share of connections. Raw sockets, because an HTTP client would never be this slow.
 */
class SlowClientsTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .with("COVETON_HTTP_IDLE_TIMEOUT_SECONDS", "3")
      .with("COVETON_HTTP_HEADER_TIMEOUT_SECONDS", "2")
      .with("COVETON_HTTP_BODY_TIMEOUT_SECONDS", "2")
      .with("COVETON_MAX_CONNECTIONS_PER_IP", "4");

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = connect("127.0.0.11", server.httpPort())) {
      long started = System.nanoTime();
      assertClosedWithin(socket, 6_000);
      assertTrue(System.nanoTime() - started > 2_500_000_000L, "not before the idle timeout");
    }
  }

  @Test
  void headersDrippedSlowerThanTheHeaderTimeoutLoseTheConnectionAlthoughBytesKeepComing() throws Exception {
    try (Socket socket = connect("127.0.0.12", server.httpPort())) {
      socket.getOutputStream().write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      boolean closed = dripUntilClosed(socket, "v", 8_000);
      assertTrue(closed, "still open after 8 s of a byte every 400 ms");
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 3_000, "closed by the 2 s header timeout, not the 3 s idle timeout: " + millis + " ms");
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthLosesTheConnection() throws Exception {
    try (Socket socket = connect("127.0.0.13", server.httpPort())) {
      socket.getOutputStream().write(("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 500\r\n\r\n{\"email\":").getBytes(StandardCharsets.US_ASCII));
      assertTrue(dripUntilClosed(socket, " ", 8_000), "still open after 8 s");
    }
  }

  @Test
  void aPromptClientKeepsItsConnectionAcrossRequests() throws Exception {
    try (Socket socket = connect("127.0.0.14", server.httpPort())) {
      for (int i = 0; i < 3; i++) {
        socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponseHead(socket).startsWith("HTTP/1.1 200"));
        Thread.sleep(1_500);
      }
    }
  }

  @Test
  void oneAddressHoldsAtMostItsShareOfConnections() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(connect("127.0.0.15", server.httpPort()));
      }
      for (Socket socket : held) {
        socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponseHead(socket).startsWith("HTTP/1.1 200"));
      }
      try (Socket fifth = connect("127.0.0.15", server.httpPort())) {
        assertClosedWithin(fifth, 2_000);
      }
      try (Socket otherAddress = connect("127.0.0.16", server.httpPort())) {
        otherAddress.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponseHead(otherAddress).startsWith("HTTP/1.1 200"));
      }
      held.remove(0).close();
      Thread.sleep(300);
      try (Socket again = connect("127.0.0.15", server.httpPort())) {
        again.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponseHead(again).startsWith("HTTP/1.1 200"), "a closed connection frees its place");
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void theRelayPortClosesAConnectionThatDoesNotUpgradeWithinTheHeaderTimeout() throws Exception {
    try (Socket silent = connect("127.0.0.17", server.relayPort())) {
      long started = System.nanoTime();
      assertClosedWithin(silent, 5_000);
      assertTrue(System.nanoTime() - started < 3_000_000_000L, "the 2 s header timeout, not the heartbeat");
    }
    try (Socket trickling = connect("127.0.0.18", server.relayPort())) {
      trickling.getOutputStream().write("GET /v1/re".getBytes(StandardCharsets.US_ASCII));
      assertTrue(dripUntilClosed(trickling, "l", 5_000), "still open after 5 s");
    }
  }

  @Test
  void theRelayPortCapsConnectionsPerAddressToo() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(connect("127.0.0.19", server.relayPort()));
      }
      Thread.sleep(200);
      try (Socket fifth = connect("127.0.0.19", server.relayPort())) {
        long started = System.nanoTime();
        assertClosedWithin(fifth, 5_000);
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "refused at once, not by the upgrade deadline");
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  static Socket connect(String sourceAddress, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    return socket;
  }

  /** Sends {@code drip} every 400 ms until the server closes the connection; true if it did in time. */
  static boolean dripUntilClosed(Socket socket, String drip, long withinMillis) throws Exception {
    long deadline = System.currentTimeMillis() + withinMillis;
    socket.setSoTimeout(400);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    while (System.currentTimeMillis() < deadline) {
      try {
        out.write(drip.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        return true;
      }
      try {
        if (in.read() == -1) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }

  static void assertClosedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      int read = socket.getInputStream().read();
      assertEquals(-1, read, "the server answered instead of closing");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + millis + " ms");
    } catch (IOException reset) {
      // closed by a reset: closed all the same
    }
  }

  static String readResponseHead(Socket socket) throws IOException {
    socket.setSoTimeout(5_000);
    return RawHttp.read(socket).head;
  }
}
