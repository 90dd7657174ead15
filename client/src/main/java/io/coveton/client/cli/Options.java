package io.coveton.client.cli;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of the command line. */
final class Options {
  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: coveton-cli [--server URL] [--relay WS-URL] [--profile FOLDER]");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
