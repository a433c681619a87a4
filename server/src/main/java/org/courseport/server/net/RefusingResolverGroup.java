package org.courseport.server.net;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A Netty resolver group that resolves nothing. The pinned client always hands Armeria endpoints
 * that already carry a checked IP address; if any code path ever asked Armeria to resolve a name,
 * this fails the request instead of performing an unchecked second DNS lookup.
 */
final class RefusingResolverGroup extends AddressResolverGroup<InetSocketAddress> {
  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
      @Override
      protected boolean doIsResolved(InetSocketAddress address) {
        return !address.isUnresolved();
      }

      @Override
      protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
        promise.setFailure(refused(address));
      }

      @Override
      protected void doResolveAll(
          InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
        promise.setFailure(refused(address));
      }
    };
  }

  private static UnknownHostException refused(InetSocketAddress address) {
    return new UnknownHostException(
        "name resolution inside the HTTP client is disabled: " + address.getHostString());
  }
}
