package io.coveton.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.CovetonServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two command-line clients, each its own process, chat end to end encrypted through their standard input and output. */
class CommandLineClientTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  @TempDir
  Path profiles;

  private final List<Terminal> terminals = new ArrayList<>();

  /** A running CLI: lines typed into it, lines it printed. */
  private final class Terminal {
    final Process process;
    final Writer keyboard;
    final BlockingQueue<String> screen = new LinkedBlockingQueue<>();

    Terminal(String profile) throws IOException {
      process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.coveton.client.cli.CovetonCli",
          "--server", server.api().baseUrl(), "--relay", server.relayUrl(), "--profile", profiles.resolve(profile).toString())
          .redirectErrorStream(true).start();
      keyboard = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            screen.add(line);
          }
        } catch (IOException e) {
          screen.add("<closed: " + e + ">");
        }
      });
      reader.setDaemon(true);
      reader.start();
      terminals.add(this);
    }

    void type(String line) throws IOException {
      keyboard.write(line + "\n");
      keyboard.flush();
    }

    /** Waits for a printed line matching {@code regex}; answers it. */
    String expect(String regex) throws InterruptedException {
      Pattern pattern = Pattern.compile(regex);
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        String line = screen.poll(1, TimeUnit.SECONDS);
        if (line != null) {
          seen.add(line);
          if (pattern.matcher(line).find()) {
            return line;
          }
        }
      }
      throw new AssertionError("no line like /" + regex + "/ in " + seen);
    }
  }

  @AfterEach
  void closeTerminals() {
    terminals.forEach(t -> t.process.destroyForcibly());
  }

  @Test
  void twoTerminalsChatEncryptedVerifyEachOtherAndResumeTheirSessions() throws Exception {
    String adaEmail = Accounts.uniqueEmail("ada");
    String bobEmail = Accounts.uniqueEmail("bob");
    Terminal ada = new Terminal("ada");
    Terminal bob = new Terminal("bob");
    ada.type("/signup " + adaEmail + " Ada Lovelace");
    ada.expect("^password:");
    ada.type(Accounts.PASSWORD);
    ada.expect("^signed in as usr_");
    bob.type("/signup " + bobEmail + " Bob");
    bob.expect("^password:");
    bob.type(Accounts.PASSWORD);
    bob.expect("^signed in as usr_");

    ada.type("/open " + bobEmail);
    ada.expect("^chat chat_\\S+ with Bob");
    ada.type("The engine runs at dawn");
    ada.expect("^sent msg_");
    String received = bob.expect("The engine runs at dawn");
    assertTrue(received.matches("^\\[usr_\\S+] The engine runs at dawn$"), received);

    bob.type("/open " + adaEmail);
    bob.expect("^chat chat_\\S+ with Ada Lovelace");
    bob.type("Bring the punch cards");
    ada.expect("^\\[usr_\\S+] Bring the punch cards$");

    ada.type("/verify");
    String adaSees = number(ada.expect("safety number"));
    bob.type("/verify");
    String bobSees = number(bob.expect("safety number"));
    assertEquals(adaSees, bobSees, "both terminals show the same safety number");

    ada.type("/quit");
    ada.expect("^bye$");
    assertTrue(ada.process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, ada.process.exitValue());

    Terminal adaAgain = new Terminal("ada");
    adaAgain.expect("^signed in as usr_");
    bob.type("Welcome back");
    adaAgain.expect("^\\[usr_\\S+] Welcome back$");
  }

  private static String number(String line) {
    Matcher digits = Pattern.compile("safety number ([0-9 ]+)$").matcher(line);
    assertTrue(digits.find(), line);
    assertEquals(60, digits.group(1).replace(" ", "").length());
    return digits.group(1);
  }
}
