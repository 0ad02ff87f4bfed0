package dev.livedrop.support.xmpp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Debian's ejabberd and Prosody are, and the skip-or-fail rule for a test that needs one: a
 * missing server skips the test locally with a clear message and fails it under CI (env CI set),
 * where scripts/ensure-deps test installs both.
 */
public final class InstalledServers {
  static final Path EJABBERDCTL = Path.of("/usr/sbin/ejabberdctl");
  static final Path ERL = Path.of("/usr/bin/erl");
  static final Path EPMD = Path.of("/usr/bin/epmd");
  static final Path PROSODY = Path.of("/usr/bin/prosody");
  static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");

  private InstalledServers() {}

  public static void assumeEjabberd() {
    require(Files.isExecutable(EJABBERDCTL) && Files.isExecutable(ERL) && Files.isExecutable(EPMD)
        && ejabberdLibs().isPresent(), "ejabberd", EJABBERDCTL + ", " + ERL + ", " + EPMD);
  }

  public static void assumeProsody() {
    require(Files.isExecutable(PROSODY) && Files.isExecutable(PROSODYCTL), "prosody", PROSODY + ", " + PROSODYCTL);
  }

  private static void require(boolean present, String pkg, String paths) {
    String message = "this test needs Debian's " + pkg + " (" + paths + "): scripts/ensure-deps test installs it";
    if (!present && System.getenv("CI") != null) fail(message + "; missing under CI");
    assumeTrue(present, message);
  }

  /**
   * The directory holding ejabberd's Erlang applications (ERL_LIBS), as Debian's ejabberdctl sets
   * it: the parent of {@code /usr/lib/<arch>/ejabberd-<version>}.
   */
  static Optional<Path> ejabberdLibs() {
    try (Stream<Path> arch = Files.list(Path.of("/usr/lib"))) {
      return arch.filter(Files::isDirectory)
          .filter(dir -> {
            try (Stream<Path> apps = Files.list(dir)) {
              return apps.anyMatch(a -> a.getFileName().toString().matches("ejabberd-\\d.*"));
            } catch (IOException e) {
              return false;
            }
          })
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
