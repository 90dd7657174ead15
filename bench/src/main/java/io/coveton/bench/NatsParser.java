package io.coveton.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits what a NATS server sends into protocol operations. It is a byte stream: one WebSocket frame
 * may hold several operations or part of one, and a {@code MSG} line is followed by its payload of the
 * announced length and CRLF.
 */
final class NatsParser {
  /** The operations a client of NATS core without headers receives. */
  interface Listener {
    void info(String json);

    /** A {@code MSG} payload: {@code length} bytes of {@code data} from {@code offset}, valid during the call. */
    void message(byte[] data, int offset, int length);

    void ping();

    void pong();

    void error(String line);
  }

  private final Listener listener;
  private byte[] data = new byte[1 << 16];
  private int start;
  private int end;
  /** Where the search for the current line's CRLF resumes, so that a long partial line is scanned once. */
  private int scanned;
  /** The length of the payload being waited for, or -1 while reading a line. */
  private int payloadLength = -1;

  NatsParser(Listener listener) {
    this.listener = listener;
  }

  void feed(Buffer chunk) {
    int length = chunk.length();
    makeRoom(length);
    chunk.getBytes(0, length, data, end);
    end += length;
    parse();
  }

  private void parse() {
    while (true) {
      if (payloadLength >= 0) {
        if (end - start < payloadLength + 2) {
          break;
        }
        listener.message(data, start, payloadLength);
        start += payloadLength + 2;
        scanned = start;
        payloadLength = -1;
        continue;
      }
      int lineEnd = lineEnd();
      if (lineEnd < 0) {
        break;
      }
      String line = new String(data, start, lineEnd - start, StandardCharsets.US_ASCII);
      start = lineEnd + 2;
      scanned = start;
      operation(line);
    }
    if (start == end) {
      start = 0;
      end = 0;
      scanned = 0;
    }
  }

  private int lineEnd() {
    for (int i = Math.max(scanned, start); i + 1 < end; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    scanned = Math.max(start, end - 1);
    return -1;
  }

  private void operation(String line) {
    if (line.startsWith("MSG ")) {
      // MSG <subject> <sid> [reply-to] <#bytes>
      payloadLength = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    } else if (line.equals("PING")) {
      listener.ping();
    } else if (line.equals("PONG")) {
      listener.pong();
    } else if (line.startsWith("INFO ")) {
      listener.info(line.substring(5));
    } else if (line.startsWith("-ERR")) {
      listener.error(line);
    } else if (!line.equals("+OK")) {
      listener.error("unexpected: " + line);
    }
  }

  /** Moves the unread bytes to the front, growing the array if they and the new chunk do not fit. */
  private void makeRoom(int length) {
    if (end + length <= data.length) {
      return;
    }
    int unread = end - start;
    byte[] target = unread + length <= data.length ? data : new byte[Math.max(2 * data.length, unread + length)];
    System.arraycopy(data, start, target, 0, unread);
    data = target;
    scanned -= start;
    end = unread;
    start = 0;
  }
}
