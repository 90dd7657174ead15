package io.coveton.server.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of Postgres that counts the round trips clients make: every Sync (extended
 * protocol) and every simple Query a client sends ends one exchange with the server.
 */
public final class PgWireCounter implements AutoCloseable {
  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicLong roundTrips = new AtomicLong();

  public PgWireCounter(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("pg-wire-accept", this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public long roundTrips() {
    return roundTrips.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        daemon("pg-wire-up", () -> clientToServer(client, upstream));
        daemon("pg-wire-down", () -> copy(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void clientToServer(Socket client, Socket upstream) {
    try (client; upstream) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = upstream.getOutputStream();
      boolean startup = true;
      while (true) {
        if (startup) {
          int length = in.readInt();
          byte[] body = new byte[length - 4];
          in.readFully(body);
          int code = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
          out.write(frame(-1, length, body));
          startup = code == SSL_REQUEST || code == GSS_REQUEST;
        } else {
          int type = in.readUnsignedByte();
          int length = in.readInt();
          byte[] body = new byte[length - 4];
          in.readFully(body);
          if (type == 'S' || type == 'Q') {
            roundTrips.incrementAndGet();
          }
          out.write(frame(type, length, body));
        }
        out.flush();
      }
    } catch (IOException e) {
      // connection closed
    }
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // connection closed
    }
  }

  /** One message as it goes on the wire, written at once so that the proxy adds no delay. */
  private static byte[] frame(int type, int length, byte[] body) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((type < 0 ? 0 : 1) + 4 + body.length);
    if (type >= 0) {
      buffer.put((byte) type);
    }
    return buffer.putInt(length).put(body).array();
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
