package dev.livedrop.xmpp.muc.features;

import dev.livedrop.xmpp.muc.Affiliation;
import dev.livedrop.xmpp.muc.JoinRequest;
import dev.livedrop.xmpp.muc.MucStatus;
import dev.livedrop.xmpp.muc.Room;
import dev.livedrop.xmpp.muc.RoomFeature;
import dev.livedrop.xmpp.stream.StanzaError;

/** §7.2.7: outcasts may not enter (403). Banning itself is an affiliation change (AdminQueries). */
public final class Bans implements RoomFeature {
  @Override
  public void preJoin(Room room, JoinRequest join) {
    if (join.affiliation() == Affiliation.OUTCAST) {
      throw new StanzaError(StanzaError.Condition.FORBIDDEN, "You are banned from this room.");
    }
  }

  /** §9.1: a ban takes the banned out of the room at once. */
  @Override
  public MucStatus removesOn(Room room, Affiliation affiliation) {
    return affiliation == Affiliation.OUTCAST ? MucStatus.BANNED : null;
  }
}
