package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.util.ArrayList;
import java.util.List;

/** Adds ECS {@code tags} to an event. */
final class Tags {

  private Tags() {}

  /**
   * Adds {@code tag} unless present. A null tag list becomes a new list; a list that cannot be
   * changed (e.g. {@code List.of()}) is replaced by a changeable copy.
   */
  static void add(AccessEvent event, String tag) {
    List<String> tags = event.getTags();
    if (tags == null) {
      tags = new ArrayList<>(2);
      event.setTags(tags);
    } else if (tags.contains(tag)) {
      return;
    }
    try {
      tags.add(tag);
    } catch (UnsupportedOperationException e) { // an immutable list: copy it once
      List<String> copy = new ArrayList<>(tags.size() + 1);
      copy.addAll(tags);
      copy.add(tag);
      event.setTags(copy);
    }
  }
}
