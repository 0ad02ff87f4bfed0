package dev.livedrop.admin;

import dev.livedrop.config.LivedropConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar livedrop.jar admin …} ({@code ./livedrop admin …}): what an operator does beside
 * the running server, as ejabberdctl and prosodyctl do — with the same settings (environment) as
 * the server, on the same database. Each command is a class of its own; this only dispatches.
 */
public final class Admin {
  static final String USAGE = """
      usage: livedrop admin <command>
        drops list                 every drop not yet expired: name, files, bytes, expiry
        drops delete <name>        deletes a drop as its admin would (its viewers are told, its room closes)
        outbox                     changes not yet published to the rooms: how many, the oldest, per drop
        migrate                    copies this deployment's data (the database; with --blobs also the file
                                   content) to the one the LIVEDROP_TARGET_* variables describe, such as
                                   LIVEDROP_TARGET_DATABASE_URL=jdbc:postgresql://... (see docs/deploy.md)
      """;

  private Admin() {}

  /** Runs one command; returns the exit status (0 done, 1 failed, 2 misused). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    LivedropConfig config;
    try {
      config = LivedropConfig.from(env);
    } catch (IllegalArgumentException e) {
      err.println("livedrop admin: " + e.getMessage());
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "drops" -> new DropsCommand(config, out, err).run(rest);
        case "outbox" -> new OutboxCommand(config, out).run(rest);
        case "migrate" -> new MigrateCommand(config, env, out, err).run(rest);
        default -> {
          err.print("livedrop admin: no command '" + args[0] + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (Exception e) {
      err.println("livedrop admin " + args[0] + ": " + e.getMessage());
      return 1;
    }
  }
}
