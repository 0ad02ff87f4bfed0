package dev.livedrop.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.livedrop.drops.Asset;
import dev.livedrop.drops.Drop;
import java.util.List;

/** A drop as the API shows it: its settings, its URL, what it holds and who is asking. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DropView(
    @JsonUnwrapped Drop drop,
    String url,
    long usedBytes,
    List<Asset> assets,
    You you,
    long seq) {

  public record You(String role, String nickname) {}

  /**
   * @param seq the last event recorded for the drop when this state was read: the state is at
   *     least that new, so a client applies the room's events after it (idempotently)
   */
  public static DropView of(Drop drop, String publicUrl, List<Asset> assets, You you, long seq) {
    long used = assets.stream().mapToLong(Asset::sizeBytes).sum();
    return new DropView(drop, publicUrl + "/d/" + drop.name(), used, assets, you, seq);
  }
}
