package dev.livedrop.drops;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Comments on an asset. */
public final class CommentService {
  private final DropStore store;
  private final Clock clock;

  public CommentService(DropStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public List<Comment> list(String drop, String assetId) {
    store.asset(drop, assetId).orElseThrow(() -> DropException.notFound("Asset '" + assetId + "'"));
    return store.comments(drop, assetId);
  }

  public Comment add(Viewer viewer, String assetId, String text) {
    String body = TextRules.text("text", TextRules.required("text", text), TextRules.MAX_COMMENT).strip();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return store.inTransaction(tx -> {
      Drop drop = AssetService.liveDrop(tx, viewer.drop(), now);
      AssetService.requireGuestMay(viewer, drop.guests().comment(), "comment in this drop");
      tx.asset(drop.name(), assetId).orElseThrow(() -> DropException.notFound("Asset '" + assetId + "'"));
      var comment = new Comment(Ids.next(now), drop.name(), assetId, viewer.nickname(), body, now);
      tx.insertComment(comment);
      tx.recordChange(drop.name(), ChangeType.COMMENT_CREATED, now, comment);
      return comment;
    });
  }

  public void delete(Viewer viewer, String assetId, String id) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    store.inTransaction(tx -> {
      Drop drop = AssetService.liveDrop(tx, viewer.drop(), now);
      AssetService.requireGuestMay(viewer, drop.guests().delete(), "delete in this drop");
      Comment c = tx.comment(drop.name(), assetId, id).orElseThrow(() -> DropException.notFound("Comment '" + id + "'"));
      tx.deleteComment(drop.name(), id);
      tx.recordChange(drop.name(), ChangeType.COMMENT_DELETED, now, c);
      return null;
    });
  }
}
