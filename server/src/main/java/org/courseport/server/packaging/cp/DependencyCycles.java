package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.courseport.server.packaging.cp.CpManifest.Dependency;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;

/** Finds cycles among resource dependencies (A depends on B depends on A). */
final class DependencyCycles {
  private final Map<String, Resource> byId = new HashMap<>();
  private final String file;
  private final Findings findings;
  private final Set<String> done = new HashSet<>();
  private final List<String> path = new ArrayList<>();
  private final Map<String, Integer> positionOnPath = new HashMap<>();

  DependencyCycles(CpManifest manifest, String file, Findings findings) {
    for (Resource r : manifest.resources()) {
      byId.putIfAbsent(r.identifier(), r);
    }
    this.file = file;
    this.findings = findings;
  }

  /** Reports each cycle once, naming its resources in order. */
  void check() {
    for (Resource r :
        byId.values().stream()
            .sorted((a, b) -> Integer.compare(a.element().line(), b.element().line()))
            .toList()) {
      visit(r);
    }
  }

  // Dependency chains can be as long as the resource list, so the walk keeps an explicit stack
  private void visit(Resource start) {
    Walk frames = new Walk();
    frames.push(start);
    while (!frames.isEmpty()) {
      Frame top = frames.peek();
      if (top.next < top.resource.dependencies().size()) {
        Dependency d = top.resource.dependencies().get(top.next++);
        Resource target = byId.get(d.identifierRef());
        if (target == null || done.contains(target.identifier())) {
          continue;
        }
        Integer at = positionOnPath.get(target.identifier());
        if (at != null) {
          report(at, d, top.resource);
        } else {
          frames.push(target);
        }
      } else {
        done.add(top.resource.identifier());
        frames.pop();
      }
    }
  }

  private void report(int at, Dependency d, Resource from) {
    List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
    cycle.add(path.get(at));
    findings.error(
        "manifest.dependency.cycle",
        file,
        d.line(),
        "dependency",
        "Resource dependencies form a cycle: "
            + String.join(" -> ", cycle)
            + "; remove the <dependency> from '"
            + from.identifier()
            + "' that closes it");
  }

  private static final class Frame {
    final Resource resource;
    int next;

    Frame(Resource resource) {
      this.resource = resource;
    }
  }

  private final class Walk {
    private final List<Frame> frames = new ArrayList<>();

    void push(Resource r) {
      frames.add(new Frame(r));
      positionOnPath.put(r.identifier(), path.size());
      path.add(r.identifier());
    }

    Frame peek() {
      return frames.get(frames.size() - 1);
    }

    void pop() {
      frames.remove(frames.size() - 1);
      positionOnPath.remove(path.remove(path.size() - 1));
    }

    boolean isEmpty() {
      return frames.isEmpty();
    }
  }
}
