package dev.vscope.collect;

import dev.vscope.vim.ManagedObjectReference;
import dev.vscope.vim.ObjectContent;
import dev.vscope.vim.PropertySpec;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimResponseTooLargeException;
import dev.vscope.vim.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the objects of a container view by naming them, a batch at a time, for a vCenter whose
 * paged answers exceed the size cap (one that ignores {@code maxObjects}, or whose page of objects
 * is itself too large). The view's member list is read first (about 80 bytes per object: 41,000
 * VMs take 3 MB), then the properties of each batch: an answer can only hold the objects it names.
 * A batch answered past the cap is halved and asked again, and later batches keep the smaller
 * size. Not thread-safe.
 */
final class ObjectBatches {

  private static final Logger logger = LoggerFactory.getLogger(ObjectBatches.class);

  private final VimClient vc;
  private int size;

  ObjectBatches(VimClient vc, int size) {
    this.vc = vc;
    this.size = size;
  }

  /** Objects per batch now. */
  int size() {
    return size;
  }

  /** Reads the properties of every object in the view, passing each to {@code sink}. */
  void read(ManagedObjectReference view, Map<String, List<String>> pathsByType, Consumer<ObjectContent> sink) {
    List<ManagedObjectReference> members = members(view);
    int i = 0;
    while (i < members.size()) {
      List<ManagedObjectReference> batch = members.subList(i, Math.min(members.size(), i + size));
      List<ObjectContent> read = new ArrayList<>(batch.size());
      try {
        vc.propertyCollector().retrieve(PropertySpec.ofObjects(batch, pathsByType), batch.size(), read::add);
      } catch (VimResponseTooLargeException e) {
        if (size == 1) {
          throw e; // a single object past the cap: nothing smaller to ask for
        }
        size = Math.max(1, size / 2);
        logger.info("{}; reading {} objects per batch from now on", e.getMessage(), size);
        continue;
      }
      for (ObjectContent oc : read) {
        // deleted since the list was read: vCenter reports it missing, with no properties
        if (!oc.props().isEmpty() || oc.missing().isEmpty()) {
          sink.accept(oc);
        }
      }
      i += batch.size();
    }
  }

  private List<ManagedObjectReference> members(ManagedObjectReference view) {
    ObjectContent oc = vc.propertyCollector().retrieveOne(view, List.of("view"));
    XmlNode list = oc == null ? null : oc.props().get("view");
    if (list == null) {
      return List.of();
    }
    List<ManagedObjectReference> refs = new ArrayList<>(list.children().size());
    for (XmlNode ref : list.children()) {
      refs.add(ref.asMoRef());
    }
    return refs;
  }
}
