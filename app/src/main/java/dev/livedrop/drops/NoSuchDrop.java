package dev.livedrop.drops;

/**
 * No drop has this name (never had, or was deleted). A type of its own because this answer, unlike
 * a missing asset or comment, tells a stranger whether a name is taken: the HTTP layer limits how
 * often one client may receive it.
 */
public final class NoSuchDrop extends DropException {
  private final String name;

  public NoSuchDrop(String name) {
    super(Reason.NOT_FOUND, "Drop '" + name + "' was not found.");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
