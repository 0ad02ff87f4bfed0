package dev.livedrop.drops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livedrop.access.Pbkdf2SecretHasher;
import dev.livedrop.storage.jdbc.Database;
import dev.livedrop.storage.jdbc.JdbcDropStore;
import dev.livedrop.support.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain's rules, with no HTTP server: services over a real SQLite store and a movable clock. */
class DropRulesTest {
  @TempDir Path dir;
  Database db;
  MutableClock clock = new MutableClock();
  List<Asset> thumbnailsAsked = new ArrayList<>();
  List<String> released = new ArrayList<>();
  DropService drops;
  AssetService assets;
  CommentService comments;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.sqlite(dir.resolve("t.db"));
    var store = new JdbcDropStore(db.dataSource());
    var limits = new DropLimits(1000, 5000, Expiry.MONTH, 50);
    var hooks = new ContentHooks() {
      @Override
      public void filesAdded(List<Asset> a) {
        thumbnailsAsked.addAll(a);
      }

      @Override
      public void contentReleased(List<String> s) {
        released.addAll(s);
      }
    };
    drops = new DropService(store, clock, limits, new Pbkdf2SecretHasher(1000), hooks::contentReleased);
    assets = new AssetService(store, clock, limits, t -> t.startsWith("image/"), hooks);
    comments = new CommentService(store, clock);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  static Viewer admin(String drop) {
    return new Viewer(drop, Role.ADMIN, "boss");
  }

  static Viewer guest(String drop) {
    return new Viewer(drop, Role.GUEST, "guest");
  }

  static NewFile file(String name, long size, String type, char fill) {
    return new NewFile(name, size, type, String.valueOf(fill).repeat(64), 1);
  }

  CreatedDrop create(String name, GuestPermissions guests, Long quota) {
    return drops.create(new NewDrop(name, null, null, null, null, guests == null ? null : GuestPermissionsChange.of(guests), quota));
  }

  @Test
  void defaultExpiryIsAWeekAndTitleDefaultsToTheName() {
    Drop d = create("weekly", null, null).drop();
    assertThat(d.expiry()).isEqualTo(Expiry.WEEK);
    assertThat(Duration.between(d.createdAt(), d.expiresAt())).isEqualTo(Duration.ofDays(7));
    assertThat(d.title()).isEqualTo("weekly");
    assertThat(d.quotaBytes()).isEqualTo(5000);
  }

  @Test
  void expiryLongerThanTheServerAllowsIsRefused() {
    assertThatThrownBy(() -> drops.create(new NewDrop("too-long", null, null, "1y", null, null, null)))
        .hasMessageContaining("1m");
  }

  @Test
  void quotaAboveTheServerMaximumIsRefused() {
    assertThatThrownBy(() -> create("greedy", null, 6000L)).hasMessageContaining("quotaBytes");
  }

  @Test
  void filesWithinQuotaAreAddedAndImagesAskForThumbnails() {
    create("quota", null, 1000L);
    var added = assets.addFiles(guest("quota"), List.of(file("a.png", 400, "image/png", 'a'), file("b.txt", 400, "text/plain", 'b')), null);
    assertThat(added).extracting(a -> a.file().thumbnail()).containsExactly(Asset.Thumbnail.PENDING, Asset.Thumbnail.NONE);
    assertThat(thumbnailsAsked).hasSize(2);
    assertThat(assets.allowance(guest("quota")).remainingBytes()).isEqualTo(200);
  }

  @Test
  void filesBeyondQuotaAreRefusedAllTogether() {
    create("full", null, 1000L);
    assertThatThrownBy(() -> assets.addFiles(guest("full"),
        List.of(file("a", 600, "x/y", 'a'), file("b", 600, "x/y", 'b')), null))
        .isInstanceOfSatisfying(DropException.class, e -> {
          assertThat(e.reason()).isEqualTo(DropException.Reason.QUOTA_EXCEEDED);
          assertThat(e.details()).containsEntry("remainingBytes", 1000L);
        });
    assertThat(assets.list("full")).isEmpty();
  }

  @Test
  void guestPermissionsAreEnforcedAdminsMayAlways() {
    create("strict", new GuestPermissions(false, false, false), null);
    assertThatThrownBy(() -> assets.addNote(guest("strict"), "t", "x", null)).hasMessageContaining("Guests may not");
    Asset note = assets.addNote(admin("strict"), "t", "x", null);
    assertThatThrownBy(() -> comments.add(guest("strict"), note.id(), "hi")).hasMessageContaining("Guests may not");
    assertThat(comments.add(admin("strict"), note.id(), "hi").nickname()).isEqualTo("boss");
    assertThatThrownBy(() -> assets.delete(guest("strict"), note.id())).hasMessageContaining("Guests may not");
    assets.delete(admin("strict"), note.id());
    assertThat(assets.list("strict")).isEmpty();
  }

  @Test
  void notesAreCappedInLength() {
    create("notes", null, null);
    assertThatThrownBy(() -> assets.addNote(guest("notes"), null, "x".repeat(51), null)).hasMessageContaining("50");
  }

  @Test
  void expiredDropsAreGoneForEveryOperation() {
    drops.create(new NewDrop("short-lived", null, null, "1h", null, null, null));
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> drops.live("short-lived"))
        .isInstanceOfSatisfying(DropException.class, e -> assertThat(e.reason()).isEqualTo(DropException.Reason.GONE));
    assertThatThrownBy(() -> assets.addNote(admin("short-lived"), null, "x", null))
        .isInstanceOfSatisfying(DropException.class, e -> assertThat(e.reason()).isEqualTo(DropException.Reason.GONE));
    assertThat(drops.removeExpired("short-lived")).isTrue();
    assertThatThrownBy(() -> drops.live("short-lived"))
        .isInstanceOfSatisfying(DropException.class, e -> assertThat(e.reason()).isEqualTo(DropException.Reason.NOT_FOUND));
  }

  @Test
  void renewingExpiryCountsFromNow() {
    drops.create(new NewDrop("renewed", null, null, "1h", null, null, null));
    clock.advance(Duration.ofMinutes(50));
    Drop d = drops.update(admin("renewed"), new DropPatch(null, null, "1d", null, null, null, null));
    assertThat(d.expiresAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofDays(1)));
  }

  @Test
  void passwordChangeBumpsTheAccessVersion() {
    drops.create(new NewDrop("versioned", null, null, null, "first pass", null, null));
    int before = drops.live("versioned").secrets().accessVersion();
    drops.update(admin("versioned"), new DropPatch(null, null, null, "second pass", null, null, null));
    assertThat(drops.live("versioned").secrets().accessVersion()).isEqualTo(before + 1);
  }

  @Test
  void deletingADropReleasesItsContent() {
    create("releasing", null, null);
    assets.addFiles(admin("releasing"), List.of(file("a", 10, "x/y", 'c')), null);
    drops.delete(admin("releasing"));
    assertThat(released).containsExactly("c".repeat(64));
  }

  @Test
  void linksMustBeHttpOrHttps() {
    create("links", null, null);
    assertThat(assets.addLink(guest("links"), "https://example.org/a", null, null).name()).isEqualTo("https://example.org/a");
    for (String bad : new String[] {"javascript:alert(1)", "data:text/html,x", "/relative", "ftp://x/y", "http://"}) {
      assertThatThrownBy(() -> assets.addLink(guest("links"), bad, null, null)).as(bad).isInstanceOf(DropException.class);
    }
  }
}
