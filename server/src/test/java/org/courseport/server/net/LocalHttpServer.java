package org.courseport.server.net;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An Armeria server on one loopback address that counts requests per path. Test helper. */
final class LocalHttpServer implements AutoCloseable {
  private final Server server;
  private final InetAddress address;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final List<RequestHeaders> requests = new CopyOnWriteArrayList<>();

  private LocalHttpServer(InetAddress address, Consumer<ServerBuilder> routes) {
    this.address = address;
    ServerBuilder sb = Server.builder().http(new InetSocketAddress(address, 0));
    sb.requestTimeout(Duration.ofSeconds(20)).gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO);
    sb.decorator(
        (delegate, ctx, req) -> {
          hits.computeIfAbsent(ctx.path(), p -> new AtomicInteger()).incrementAndGet();
          requests.add(req.headers());
          return delegate.serve(ctx, req);
        });
    routes.accept(sb);
    this.server = sb.build();
    server.start().join();
  }

  static LocalHttpServer start(String bindAddress, Consumer<ServerBuilder> routes) {
    try {
      return new LocalHttpServer(InetAddress.getByName(bindAddress), routes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  int port() {
    return server.activeLocalPort(SessionProtocol.HTTP);
  }

  /** Requests seen for a path. */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** http URL of a path using the bound address literal. */
  String url(String path) {
    String host = address.getHostAddress();
    host = address instanceof Inet6Address ? "[" + host + "]" : host;
    return "http://" + host + ":" + port() + path;
  }

  static HttpResponse ok(String text) {
    return HttpResponse.of(text);
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
