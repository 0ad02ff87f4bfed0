package dev.livedrop.xmpp.services.roster;

import dev.livedrop.xmpp.stream.StanzaError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every account's roster and the subscription requests it has not answered yet (RFC 6121 §3.1.3),
 * one JSON file per account in {@code rosters/} beside {@code accounts.tsv}, written whole and
 * renamed as the accounts are, so a crash leaves the old or the new roster. Without a data dir
 * rosters live in memory. One lock for all: accounts are few, and a change touches one file.
 */
public final class RosterStore {
  private final Path dir;
  private final int maxItems;
  private final Map<String, Roster> loaded = new HashMap<>();

  /** One account's roster while it is edited. */
  public static final class Roster {
    private final int maxItems;
    private final Map<String, RosterItem> items = new LinkedHashMap<>();
    private final Set<String> pendingIn = new LinkedHashSet<>();

    public RosterItem item(String jid) {
      return items.get(jid);
    }

    public List<RosterItem> items() {
      return List.copyOf(items.values());
    }

    public int size() {
      return items.size();
    }

    Roster(int maxItems) {
      this.maxItems = maxItems;
    }

    /** Adds or replaces an item; a new one past the limit is refused (RFC 6121 §2.3.3). */
    public void put(RosterItem item) {
      if (!items.containsKey(item.jid()) && items.size() >= maxItems) {
        throw new StanzaError(StanzaError.Condition.NOT_ALLOWED, "A roster holds at most " + maxItems + " items.");
      }
      items.put(item.jid(), item);
    }

    public RosterItem remove(String jid) {
      return items.remove(jid);
    }

    /** Bare JIDs whose subscription requests wait for the user's answer. */
    public Set<String> pendingIn() {
      return pendingIn;
    }
  }

  public RosterStore(Path dir, int maxItems) {
    this.dir = dir;
    this.maxItems = maxItems;
  }

  public int maxItems() {
    return maxItems;
  }

  /** Reads an account's roster. */
  public synchronized <T> T read(String localpart, Function<Roster, T> reader) {
    return reader.apply(roster(localpart));
  }

  /** Changes an account's roster and writes it; a change that throws leaves the file as it was. */
  public <T> T edit(String localpart, Function<Roster, T> change) {
    return edit(localpart, change, t -> {});
  }

  /**
   * As {@link #edit(String, Function)}, then {@code saved} with the result, still under the lock:
   * roster pushes leave in the order the changes were made (RFC 6121 §2.1.6), even when two
   * resources on two event loops change one roster at once.
   */
  public synchronized <T> T edit(String localpart, Function<Roster, T> change, Consumer<T> saved) {
    Roster r = roster(localpart);
    String before = encode(r).encode();
    T result;
    try {
      result = change.apply(r);
    } catch (RuntimeException e) {
      loaded.put(localpart, decode(new JsonObject(before), maxItems));
      throw e;
    }
    JsonObject after = encode(r);
    if (!after.encode().equals(before)) save(localpart, after);
    saved.accept(result);
    return result;
  }

  /** An account is deleted: its roster goes with it. */
  public synchronized void delete(String localpart) {
    loaded.remove(localpart);
    if (dir == null) return;
    try {
      Files.deleteIfExists(file(localpart));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Roster roster(String localpart) {
    return loaded.computeIfAbsent(localpart, this::load);
  }

  // Localparts may hold characters a file name may not (RFC 7622 §3.3 allows '.', '*', '..'): hex.
  private Path file(String localpart) {
    return dir.resolve(HexFormat.of().formatHex(localpart.getBytes(StandardCharsets.UTF_8)) + ".json");
  }

  private Roster load(String localpart) {
    if (dir == null || !Files.exists(file(localpart))) return new Roster(maxItems);
    try {
      return decode(new JsonObject(Files.readString(file(localpart), StandardCharsets.UTF_8)), maxItems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void save(String localpart, JsonObject json) {
    if (dir == null) return;
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "roster", ".tmp");
      Files.writeString(tmp, json.encodePrettily(), StandardCharsets.UTF_8);
      Files.move(tmp, file(localpart), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject encode(Roster r) {
    var items = new JsonArray();
    for (RosterItem i : r.items.values()) {
      var o = new JsonObject().put("jid", i.jid()).put("subscription", i.subscription().value()).put("ask", i.ask())
          .put("groups", new JsonArray(new ArrayList<Object>(i.groups())));
      if (i.name() != null) o.put("name", i.name());
      items.add(o);
    }
    return new JsonObject().put("items", items).put("pendingIn", new JsonArray(new ArrayList<Object>(r.pendingIn)));
  }

  private static Roster decode(JsonObject json, int maxItems) {
    Roster r = new Roster(maxItems);
    for (Object o : json.getJsonArray("items", new JsonArray())) {
      JsonObject i = (JsonObject) o;
      var groups = new ArrayList<String>();
      i.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add((String) g));
      r.items.put(i.getString("jid"), new RosterItem(i.getString("jid"), i.getString("name"), groups,
          Subscription.parse(i.getString("subscription")), i.getBoolean("ask", false)));
    }
    json.getJsonArray("pendingIn", new JsonArray()).forEach(j -> r.pendingIn.add((String) j));
    return r;
  }
}
