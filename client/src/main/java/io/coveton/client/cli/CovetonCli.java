package io.coveton.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coveton.client.Coveton;
import io.coveton.client.CovetonException;
import io.coveton.client.Messenger;
import io.coveton.client.api.CovetonApi;
import io.coveton.client.api.Models;
import io.coveton.client.crypto.FileDeviceState;
import io.coveton.client.crypto.SignalDevice;
import io.coveton.client.http.Tokens;
import io.coveton.client.relay.RelayClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A terminal chat client on the SDK: sign up or log in, this machine becomes a device with its own
 * Signal keys, then talk end to end encrypted. Lines starting with {@code /} are commands; any
 * other line is sent to the open chat.
 */
public final class CovetonCli {
  private static final String HELP = """
      commands: /signup EMAIL DISPLAY NAME   /login EMAIL   (the password is asked next)
                /chats   /open HANDLE-OR-EMAIL   /verify   /help   /quit
                any other line is sent, end-to-end encrypted, to the open chat""";

  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream out;
  private final BufferedReader in;
  private final String server;
  private final String relay;
  private final Path profile;
  private CovetonApi api;
  private Messenger messenger;
  private RelayClient relayClient;
  private String me;
  private String openChat;
  private String peer;

  CovetonCli(String server, String relay, Path profile, BufferedReader in, PrintStream out) {
    this.server = server;
    this.relay = relay;
    this.profile = profile;
    this.in = in;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = Options.parse(args);
    Path profile = Path.of(options.getOrDefault("profile", System.getProperty("user.home") + "/.coveton/default"));
    CovetonCli cli = new CovetonCli(options.getOrDefault("server", "http://127.0.0.1:8080"),
        options.getOrDefault("relay", "ws://127.0.0.1:8081/v1/relay"), profile,
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    cli.run();
  }

  void run() throws IOException {
    io.coveton.client.crypto.PrivateFiles.folder(profile); // tokens and keys: nobody else reads them
    out.println("coveton: " + server + ", profile " + profile);
    resume();
    out.println(HELP);
    for (String line; (line = in.readLine()) != null; ) {
      try {
        if (!handle(line.strip())) {
          break;
        }
      } catch (RuntimeException e) {
        out.println("! " + e.getMessage()); // an API error or a command used out of turn; the session goes on
      }
    }
    if (relayClient != null) {
      relayClient.close();
    }
    out.println("bye");
  }

  private boolean handle(String line) throws IOException {
    if (line.isEmpty()) {
      return true;
    }
    String[] words = line.split("\\s+", 3);
    switch (words[0]) {
      case "/quit" -> {
        return false;
      }
      case "/help" -> out.println(HELP);
      case "/signup" -> {
        Models.SignedIn signedIn = signedOut().register(words[1], password(), words.length > 2 ? words[2] : words[1]);
        start(signedIn.user().id());
      }
      case "/login" -> start(signedOut().login(words[1], password()).user().id());
      case "/chats" -> requireSignedIn().chats().forEach(chat -> out.println("  " + chat.id() + " " + chat.type()
          + (chat.name() == null ? "" : " " + chat.name())));
      case "/open" -> open(words[1]);
      case "/verify" -> verify();
      default -> {
        if (line.startsWith("/")) {
          out.println("? " + words[0] + " (try /help)");
        } else if (openChat == null) {
          out.println("! open a chat first: /open HANDLE-OR-EMAIL");
        } else {
          Models.Message sent = messenger.sendText(openChat, line);
          out.println("sent " + sent.id());
        }
      }
    }
    return true;
  }

  private String password() throws IOException {
    if (System.console() != null) {
      return new String(System.console().readPassword("password: "));
    }
    out.println("password:");
    return in.readLine();
  }

  private CovetonApi signedOut() {
    api = Coveton.connect(server, null, this::saveTokens);
    return api;
  }

  private CovetonApi requireSignedIn() {
    if (messenger == null) {
      throw new IllegalStateException("sign up or log in first");
    }
    return api;
  }

  /** Signed in: this machine is (or becomes) a device with its keys up, and listens on the relay. */
  private void start(String userId) {
    me = userId;
    FileDeviceState state = FileDeviceState.open(profile.resolve("device"));
    SignalDevice signal = new SignalDevice(state, json);
    if (state.deviceId() == null) {
      String identity = Base64.getEncoder().encodeToString(signal.identityKey().serialize());
      String deviceId = api.registerDevice("cli on " + hostName(), "desktop", identity).id();
      state.deviceId(deviceId);
      out.println("this machine is now device " + deviceId);
    }
    if (api.keyCounts(state.deviceId()).signedPreKeyId() == null) {
      api.uploadKeys(state.deviceId(), signal.firstUpload(50)); // also when an earlier upload did not get through
    }
    messenger = new Messenger(api, signal, state.deviceId());
    writeString(profile.resolve("user"), userId);
    relayClient = new RelayClient(List.of(URI.create(relay)), api.transport(), state.deviceId(), new RelayClient.Listener() {
      @Override
      public void onMessage(JsonNode message) {
        String text = messenger.open(message);
        out.println("[" + message.path("senderUserId").asText() + "] " + text);
      }

      @Override
      public void onStopped(int code, String reason) {
        if (code != 1000) { // 1000: this client closed it
          out.println("! relay stopped (" + code + "): " + reason);
        }
      }
    });
    relayClient.start();
    out.println("signed in as " + userId);
  }

  private void resume() throws IOException {
    Path tokens = profile.resolve("tokens.json");
    Path user = profile.resolve("user");
    if (Files.exists(tokens) && Files.exists(user) && Files.exists(profile.resolve("device").resolve("device-id"))) {
      JsonNode saved = json.readTree(tokens.toFile());
      api = Coveton.connect(server, new Tokens.Pair(saved.path("accessToken").asText(), saved.path("refreshToken").asText()),
          this::saveTokens);
      try {
        api.me();
        start(Files.readString(user).trim());
      } catch (CovetonException e) {
        out.println("the saved session is over; log in again");
      }
    }
  }

  private void open(String who) {
    List<Models.PublicUser> found = requireSignedIn().searchUsers(who);
    Models.PublicUser other = found.stream().filter(u -> who.equalsIgnoreCase(u.email()) || who.equalsIgnoreCase(u.handle()))
        .findFirst().orElse(found.isEmpty() ? null : found.get(0));
    if (other == null) {
      out.println("! nobody found for " + who);
      return;
    }
    openChat = api.createDirectChat(other.id()).id();
    peer = other.id();
    out.println("chat " + openChat + " with " + other.displayName() + " (" + other.id() + ")");
  }

  private void verify() {
    if (peer == null) {
      out.println("! open a chat first");
      return;
    }
    for (Models.Participant participant : api.chat(openChat).participants()) {
      if (!participant.userId().equals(peer)) {
        continue;
      }
      for (Models.ParticipantDevice device : participant.devices()) {
        var identity = messenger.device().identityOf(device.id());
        out.println(identity == null ? "  " + device.id() + ": no session yet (send a message first)"
            : "  " + device.id() + ": safety number " + group(messenger.device().safetyNumber(me, peer, identity)));
      }
    }
  }

  private static String group(String digits) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 5) {
      out.append(i == 0 ? "" : " ").append(digits, i, Math.min(digits.length(), i + 5));
    }
    return out.toString();
  }

  private void saveTokens(Tokens.Pair pair) {
    writeString(profile.resolve("tokens.json"), json.createObjectNode().put("accessToken", pair.accessToken())
        .put("refreshToken", pair.refreshToken()).toString());
  }

  private static void writeString(Path file, String text) {
    io.coveton.client.crypto.PrivateFiles.write(file.getParent(), file.getFileName().toString(),
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }
}
