package io.coveton.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request written byte for byte, for what an HTTP client library refuses to send. */
public final class RawHttp {
  private RawHttp() {}

  /** Sends {@code request} as is; answers the response and whether the server then closed the connection. */
  public static Response send(int port, String request) throws IOException {
    return send(port, request, true);
  }

  /** As above; without {@code watchClose} the answer is taken at once and {@code closed} is not known. */
  public static Response send(int port, String request, boolean watchClose) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      Response response = read(socket);
      InputStream in = socket.getInputStream();
      if (!watchClose) {
        return response;
      }
      socket.setSoTimeout(1_000);
      try {
        response.closed = in.read() == -1;
      } catch (SocketTimeoutException stillOpen) {
        response.closed = false;
      } catch (IOException reset) {
        response.closed = true;
      }
      return response;
    }
  }

  /** The next response on an open connection: its head, and its body by Content-Length. */
  public static Response read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        break;
      }
      head.append((char) b);
    }
    Response response = new Response(head.toString());
    String length = response.header("content-length");
    response.body = new String(in.readNBytes(length == null ? 0 : Integer.parseInt(length)), StandardCharsets.UTF_8);
    return response;
  }

  /** A response head and body as read off the wire. */
  public static final class Response {
    public final String head;
    public final int status;
    public String body;
    public boolean closed;

    Response(String head) {
      this.head = head;
      this.status = head.length() > 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
    }

    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }
}
